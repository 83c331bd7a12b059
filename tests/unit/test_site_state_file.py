"""The saved site state: what it trusts, and what a killed build leaves of it.

The wrapper runs with Pelican replaced by a stand-in that writes one page
(as ``test_build_clock`` does): what is under test is the state's bookkeeping.
"""

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tintuc.build import wrapper
from tintuc.build.state import load_state, save_state, state_path

VERSION = "v1"


def built_output(root: Path) -> Path:
    output = root / "output"
    (output / "bai").mkdir(parents=True)
    (output / "index.html").write_text("trang", encoding="utf-8")
    (output / "bai" / "index.html").write_text("bài", encoding="utf-8")
    return output


def test_a_saved_state_is_trusted_with_its_output_or_without_one(tmp_path):
    output = built_output(tmp_path)
    path = state_path(tmp_path / "cache", output)
    save_state(path, VERSION, output)
    assert load_state(path, VERSION, output)[0] is not None
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # nothing partial
    (output / "bai" / "index.html").rename(tmp_path / "moved")
    (output / "bai").rmdir()
    (output / "index.html").rename(tmp_path / "gone")
    output.rmdir()
    assert load_state(path, VERSION, output)[0] is not None  # no output: caches count


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda path, output: path.unlink(), "chưa có trạng thái"),
        (lambda path, output: path.write_bytes(path.read_bytes()[:9]), "bị hỏng"),
        (lambda path, output: path.write_text("[1, 2]"), "bị hỏng"),
        (lambda path, output: path.write_bytes(b"\xff\xfe"), "bị hỏng"),
        (
            lambda path, output: path.write_text(
                json.dumps({**json.loads(path.read_text()), "version": "v0"})
            ),
            "phiên bản mã khác",
        ),
        (
            lambda path, output: (output / "bai" / "index.html").write_text("bài sửa"),
            "đã bị sửa",
        ),
        (lambda path, output: (output / "bai" / "index.html").unlink(), "đã bị sửa"),
        (lambda path, output: (output / "thêm.html").write_text("x"), "đã bị sửa"),
    ],
    ids=[
        "missing",
        "truncated",
        "not-a-state",
        "not-text",
        "foreign-version",
        "page-changed",
        "page-deleted",
        "page-added",
    ],
)
def test_a_state_that_cannot_be_trusted_says_why(tmp_path, damage, reason):
    output = built_output(tmp_path)
    path = state_path(tmp_path / "cache", output)
    save_state(path, VERSION, output)
    damage(path, output)
    state, why = load_state(path, VERSION, output)
    assert state is None
    assert reason in why


def pelican(command, **_):
    staging = Path(command[command.index("-o") + 1])
    staging.mkdir(parents=True)
    (staging / "index.html").write_text("trang", encoding="utf-8")
    return subprocess.CompletedProcess(command, 0)


def run_wrapper(tmp_path, monkeypatch, *, build=pelican, swap=None) -> int:
    monkeypatch.setattr(wrapper.subprocess, "run", build)
    if swap is not None:
        monkeypatch.setattr(wrapper, "swap_in", swap)
    (tmp_path / "content").mkdir(exist_ok=True)
    arguments = ["--settings", str(REPO / "pelicanconf.py"), "build", "--force"]
    arguments += ["--output", str(tmp_path / "output"), "--", "-e"]
    arguments += [
        f'PATH="{tmp_path / "content"}"',
        f'CACHE_PATH="{tmp_path / "cache"}"',
    ]
    return wrapper.main(arguments)


def test_a_build_killed_at_the_swap_leaves_no_state(tmp_path, monkeypatch):
    assert run_wrapper(tmp_path, monkeypatch) == 0
    path = state_path(tmp_path / "cache", tmp_path / "output")
    assert path.is_file()

    def killed(staging, output):
        raise KeyboardInterrupt  # as a kill between the swap's two steps

    with pytest.raises(KeyboardInterrupt):
        run_wrapper(tmp_path, monkeypatch, swap=killed)
    assert not path.exists()


def test_a_failed_build_keeps_the_state_of_the_output_it_kept(tmp_path, monkeypatch):
    assert run_wrapper(tmp_path, monkeypatch) == 0
    path = state_path(tmp_path / "cache", tmp_path / "output")
    saved = path.read_bytes()

    def failed(command, **_):
        return subprocess.CompletedProcess(command, 1)

    assert run_wrapper(tmp_path, monkeypatch, build=failed) == 1
    assert path.read_bytes() == saved
