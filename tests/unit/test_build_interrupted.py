"""An interrupted build (SIGINT): what the wrapper does and says.

Pelican alone interrupted: the wrapper builds again and says why. The wrapper
itself interrupted (Ctrl-C): it stops, publishes nothing, and says so; during
the swap, it finishes the swap first. Pelican is the stand-in of
``test_site_state_file``; the real processes are in ``test_build_orphans``.
"""

import os
import signal
import subprocess
import unicodedata

import pytest

from tests.conftest import output_files
from tests.unit.test_site_state_file import pelican, run_wrapper
from tintuc.build import wrapper
from tintuc.build.run_pelican import INTERRUPTED


@pytest.fixture
def built(tmp_path, monkeypatch, capsys):
    """A first build done; what it said is read."""
    assert run_wrapper(tmp_path, monkeypatch) == 0
    capsys.readouterr()
    return tmp_path / "output"


def test_pelican_interrupted_alone_is_built_again_and_says_why(
    built, tmp_path, monkeypatch, capsys
):
    runs = []

    def interrupted_once(command, **keywords):
        runs.append(command)
        if len(runs) == 1:
            return subprocess.CompletedProcess(command, INTERRUPTED)
        return pelican(command, **keywords)

    assert run_wrapper(tmp_path, monkeypatch, build=interrupted_once) == 0
    assert len(runs) == 2
    said = capsys.readouterr()
    assert said.err.splitlines() == [wrapper.REBUILD_INTERRUPTED]
    assert "ngắt" in said.err
    assert "tạo sẵn thư mục" not in said.err + said.out  # not the folders' reason


def test_a_wrapper_interrupted_publishes_nothing_and_says_so(
    built, tmp_path, monkeypatch, capsys
):
    before = output_files(built)

    def ctrl_c(command, **keywords):
        pelican(command, **keywords)  # a page written into the staging folder
        raise KeyboardInterrupt  # as subprocess.run raises it on Ctrl-C

    assert run_wrapper(tmp_path, monkeypatch, build=ctrl_c) == INTERRUPTED
    said = capsys.readouterr()
    assert said.err.splitlines() == [wrapper.STOPPED.format(output=built.resolve())]
    assert "Traceback" not in said.err + said.out
    assert output_files(built) == before


def test_an_interrupt_during_the_swap_waits_for_it_and_says_so(
    built, tmp_path, monkeypatch, capsys
):
    swap_in = wrapper.swap_in

    def interrupted_midway(staging, output):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the swap begins
        swap_in(staging, output)

    monkeypatch.setattr(wrapper, "swap_in", interrupted_midway)
    assert run_wrapper(tmp_path, monkeypatch) == 0
    said = capsys.readouterr()
    assert said.err.splitlines() == [wrapper.STOPPED_AFTER_SWAP]
    assert (built / "index.html").is_file()
    assert signal.SIGINT not in signal.sigpending()


@pytest.mark.parametrize(
    "message",
    [
        wrapper.REBUILD_INTERRUPTED,
        wrapper.REBUILD_WITHOUT_FOLDERS,
        wrapper.STOPPED,
        wrapper.STOPPED_AFTER_SWAP,
    ],
)
def test_what_the_wrapper_says_is_vietnamese_nfc(message):
    assert unicodedata.is_normalized("NFC", message)
    assert message.split("(")[0].strip().isascii() is False
