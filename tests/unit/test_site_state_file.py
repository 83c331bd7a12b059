"""The saved site state: what it trusts, and what a killed build leaves of it.

The wrapper runs with Pelican replaced by a stand-in that writes one page
(as ``test_build_clock`` does): what is under test is the state's bookkeeping.
"""

import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tintuc.build import state as site_state
from tintuc.build import wrapper
from tintuc.build.state import load_state, mirror_of, save_state, state_path
from tintuc.shared.locks import exclusive

VERSION = "v1"
INPUTS = "inputs-1"


def built_output(root: Path) -> Path:
    output = root / "output"
    (output / "bai").mkdir(parents=True)
    (output / "index.html").write_text("trang", encoding="utf-8")
    (output / "bai" / "index.html").write_text("bài", encoding="utf-8")
    return output


def test_a_saved_state_is_trusted_with_its_output_or_without_one(tmp_path):
    output = built_output(tmp_path)
    path = state_path(tmp_path / "cache", output)
    save_state(path, VERSION, output, INPUTS)
    assert load_state(path, VERSION, output)[0] is not None
    # Nothing partial: the state and its mirror.
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        [path.name, mirror_of(path).name]
    )
    (output / "bai" / "index.html").rename(tmp_path / "moved")
    (output / "bai").rmdir()
    (output / "index.html").rename(tmp_path / "gone")
    output.rmdir()
    assert load_state(path, VERSION, output)[0] is not None  # no output: caches count


def gone(output: Path) -> None:
    """The output moved away whole (its files, so their inodes, live on)."""
    output.rename(output.with_name("moved"))


def written_through_link(path: Path, output: Path) -> None:
    gone(output)
    page = mirror_of(path) / "bai" / "index.html"
    page.write_text("bài sửa", encoding="utf-8")


def mirror_page_deleted(path: Path, output: Path) -> None:
    gone(output)
    (mirror_of(path) / "bai" / "index.html").unlink()


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
        (written_through_link, "bản lưu các trang đã dựng"),
        (mirror_page_deleted, "bản lưu các trang đã dựng"),
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
        "no-output-mirror-written-through-a-link",
        "no-output-mirror-page-deleted",
    ],
)
def test_a_state_that_cannot_be_trusted_says_why(tmp_path, damage, reason):
    output = built_output(tmp_path)
    path = state_path(tmp_path / "cache", output)
    save_state(path, VERSION, output, INPUTS)
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


def inode(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino


def test_the_mirror_links_every_output_file_and_no_other(tmp_path):
    output = built_output(tmp_path)
    path = state_path(tmp_path / "cache", output)
    save_state(path, VERSION, output, INPUTS)
    mirror = mirror_of(path)
    kept = inode(mirror / "index.html")
    assert inode(mirror / "bai" / "index.html") == inode(output / "bai" / "index.html")
    # The next build's output: one page written anew, one gone, one added.
    (output / "bai" / "index.html").unlink()
    (output / "bai").rmdir()
    (output / "index.html").unlink()
    (output / "index.html").write_text("trang mới", encoding="utf-8")
    (output / "moi").mkdir()
    (output / "moi" / "index.html").write_text("mới", encoding="utf-8")
    os.link(output / "index.html", tmp_path / "held")  # its old inode is not reused
    save_state(path, VERSION, output, INPUTS)
    files = sorted(p.relative_to(mirror).as_posix() for p in mirror.rglob("*"))
    assert files == ["index.html", "moi", "moi/index.html"]  # "bai/" gone whole
    assert inode(mirror / "index.html") == inode(output / "index.html") != kept
    assert (mirror / "index.html").read_text(encoding="utf-8") == "trang mới"


def test_an_output_file_left_in_place_keeps_its_link(tmp_path):
    output = built_output(tmp_path)
    path = state_path(tmp_path / "cache", output)
    save_state(path, VERSION, output, INPUTS)
    before = inode(mirror_of(path) / "bai" / "index.html")
    save_state(path, VERSION, output, INPUTS)
    assert inode(mirror_of(path) / "bai" / "index.html") == before


def test_where_files_cannot_be_linked_there_is_no_mirror(tmp_path, monkeypatch):
    output = built_output(tmp_path)
    path = state_path(tmp_path / "cache", output)

    def another_device(source, target):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(site_state.os, "link", another_device)
    save_state(path, VERSION, output, INPUTS)
    assert not mirror_of(path).exists()
    gone(output)
    state, _ = load_state(path, VERSION, output)
    assert state is not None and not state["mirrored"]  # the caches still count


def test_a_build_waits_for_another_using_its_cache(tmp_path, monkeypatch, capsys):
    """Two outputs, one ``CACHE_PATH``: their caches are never changed at once."""
    held, released = threading.Event(), threading.Event()

    def other_build():
        with exclusive(tmp_path / "cache" / wrapper.CACHE_LOCK):
            held.set()
            time.sleep(0.5)
            released.set()

    other = threading.Thread(target=other_build)
    other.start()
    held.wait()
    built_after = []

    def build(command, **kwargs):
        built_after.append(released.is_set())
        return pelican(command, **kwargs)

    assert run_wrapper(tmp_path, monkeypatch, build=build) == 0
    other.join()
    assert built_after == [True]
    assert "đang dùng bộ nhớ đệm" in capsys.readouterr().out
