"""The state a body-only edit lets go while Pagefind runs, read again after.

``Edited.state_again`` must give back the very state the build started from,
or fail (the build then leaves the output as it was): never another one.
"""

import json

import pytest

from tintuc.build.state import state_path
from tintuc.build.wrapper import Edited


@pytest.fixture
def edited(tmp_path):
    """An ``Edited`` of an output whose state file is written by the test."""
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"
    output.mkdir()
    state_file = state_path((tmp_path / "cache").resolve(), output)
    state_file.parent.mkdir(parents=True)
    made = Edited(output, settings, tmp_path / "staging", None, {}, "", {})
    return made, state_file


def test_the_same_state_is_read_again(edited):
    made, state_file = edited
    state = {"inputs": "abc", "outputs": {"index.html": [1, 2]}}
    state_file.write_text(json.dumps(state), encoding="utf-8")
    assert made.state_again("abc") == state


@pytest.mark.parametrize(
    "text",
    [
        json.dumps({"inputs": "another build's"}),  # written over meanwhile
        json.dumps(["not", "a", "state"]),
        '{"inputs": "abc", "outp',  # cut short
    ],
)
def test_a_state_changed_meanwhile_is_an_error_not_a_state(edited, text):
    made, state_file = edited
    state_file.write_text(text, encoding="utf-8")
    with pytest.raises(OSError, match=str(state_file)):
        made.state_again("abc")


def test_a_state_removed_meanwhile_is_an_error(edited):
    made, _ = edited
    with pytest.raises(OSError):
        made.state_again("abc")
