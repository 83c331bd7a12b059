"""The saved site state: what it trusts, and what a killed build leaves of it.

The wrapper runs with Pelican replaced by a stand-in that writes one page
(as ``test_build_clock`` does): what is under test is the state's bookkeeping.
"""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tintuc.build import state as site_state
from tintuc.build import wrapper
from tintuc.build.state import (
    load_state,
    mirror_of,
    output_folders,
    remove_empty,
    save_state,
    scan,
    state_path,
)
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


def records_cut_short(path: Path, output: Path) -> None:
    """Each file's record without its inode: trusted, it broke the mirror's update."""
    state = json.loads(path.read_text())
    state["outputs"] = {name: record[:2] for name, record in state["outputs"].items()}
    path.write_text(json.dumps(state))


def older_format(path: Path, output: Path) -> None:
    """What an older code wrote: another version, and a shape this one refuses."""
    state = json.loads(path.read_text())
    del state["empty"]
    state["outputs"] = {name: record[:2] for name, record in state["outputs"].items()}
    path.write_text(json.dumps({**state, "version": "v0"}))


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
        (records_cut_short, "bị hỏng"),
        (
            lambda path, output: path.write_text(
                json.dumps({**json.loads(path.read_text()), "version": "v0"})
            ),
            "phiên bản mã khác",
        ),
        (older_format, "phiên bản mã khác"),
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
        "records-cut-short",
        "foreign-version",
        "older-format",
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
    staging.mkdir(parents=True, exist_ok=True)
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


class Killed(BaseException):
    """The process dies here (``kill -9``): nothing after it runs."""


def test_a_build_killed_at_the_swap_leaves_no_state(tmp_path, monkeypatch):
    assert run_wrapper(tmp_path, monkeypatch) == 0
    path = state_path(tmp_path / "cache", tmp_path / "output")
    assert path.is_file()

    def killed(staging, output):
        raise Killed  # between the swap's two steps

    with pytest.raises(Killed):
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


def test_one_walk_finds_the_files_and_the_folders_holding_nothing(tmp_path):
    output = built_output(tmp_path)
    (output / "trong" / "rong").mkdir(parents=True)
    files, empty = scan(output)
    assert sorted(files) == ["bai/index.html", "index.html"]
    assert files["index.html"].st_ino == (output / "index.html").stat().st_ino
    assert empty == ["trong/rong"]  # "trong" holds a folder
    assert scan(tmp_path / "none") == ({}, [])


def test_the_folders_of_an_output_come_each_after_its_parent():
    outputs = {"a/b/c/index.html": [], "a-b/index.html": [], "index.html": []}
    folders = output_folders(outputs)
    assert folders == ["a", "a-b", "a/b", "a/b/c"]


def test_only_folders_the_last_output_had_are_removed_when_empty(tmp_path):
    for folder in ("cu/bai", "cu/giu", "pelican-lam"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "cu" / "giu" / "index.html").write_text("x")
    _, empty = scan(tmp_path)
    remove_empty(tmp_path, empty, {"cu", "cu/bai", "cu/giu"})
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    # The build's own empty folder stays, as a clean build would have it.
    assert left == ["cu", "cu/giu", "cu/giu/index.html", "pelican-lam"]
    (tmp_path / "cu" / "giu" / "index.html").unlink()
    remove_empty(tmp_path, ["cu/giu"], {"cu", "cu/giu"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pelican-lam"]


def test_the_mirror_follows_the_last_state_without_being_walked(tmp_path, monkeypatch):
    output = built_output(tmp_path)
    path = state_path(tmp_path / "cache", output)
    save_state(path, VERSION, output, INPUTS)
    last = json.loads(path.read_text(encoding="utf-8"))
    (output / "bai" / "index.html").unlink()
    (output / "bai").rmdir()
    (output / "index.html").unlink()
    (output / "index.html").write_text("trang mới", encoding="utf-8")
    stats = site_state.file_stats(output)
    with monkeypatch.context() as patched:
        patched.setattr(site_state, "scan", None)  # no walk at all
        save_state(path, VERSION, output, INPUTS, stats=stats, last=last)
    mirror = mirror_of(path)
    assert sorted(p.name for p in mirror.iterdir()) == ["index.html"]  # "bai/" gone
    assert inode(mirror / "index.html") == inode(output / "index.html")


def test_a_mirror_copied_is_walked_not_trusted_by_its_inodes(tmp_path):
    """CI restores the cache from an archive: every inode differs, times are kept."""
    output = built_output(tmp_path)
    path = state_path(tmp_path / "cache", output)
    save_state(path, VERSION, output, INPUTS)
    last = json.loads(path.read_text(encoding="utf-8"))
    mirror = mirror_of(path)
    shutil.copytree(mirror, tmp_path / "copy")
    shutil.rmtree(mirror)
    (tmp_path / "copy").rename(mirror)
    output.rename(tmp_path / "kept")
    assert load_state(path, VERSION, output)[0] is not None  # as good as the links
    (tmp_path / "kept").rename(output)
    save_state(path, VERSION, output, INPUTS, last=last)
    assert inode(mirror / "bai" / "index.html") == inode(output / "bai" / "index.html")


MAKER = """
import sys, time
from pathlib import Path
from tintuc.build.state import output_folders
from tintuc.build.wrapper import FolderMaker
staging = Path(sys.argv[1])
staging.mkdir()
outputs = {f"bai-{n}/trang-{m}/index.html": [] for n in range(400) for m in range(400)}
maker = FolderMaker()
maker.start(staging, lambda: output_folders(outputs))
print(maker.pid, flush=True)
time.sleep(60)
"""


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its reaper does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_the_folders_maker_dies_with_a_build_killed_while_it_works(tmp_path):
    staging = tmp_path / "staging"
    with subprocess.Popen(
        [sys.executable, "-c", MAKER, str(staging)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    ) as builder:
        maker = int(builder.stdout.readline())
        deadline = time.monotonic() + 30
        while len(os.listdir(staging)) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        builder.kill()  # kill -9, its child left alone
    while alive(maker) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not alive(maker)
    made = sum(1 for _ in staging.rglob("*"))
    assert 0 < made < 400 * 401  # killed midway: nothing made after
    time.sleep(0.2)
    assert sum(1 for _ in staging.rglob("*")) == made


def pages_at(names: list[str], seen: list | None = None):
    """A stand-in Pelican writing ``names``; ``seen``: the folders there at its start.

    Like Pelican, it creates folders with ``exist_ok`` and fails on a page it
    cannot write.
    """

    def build(command, **_):
        staging = Path(command[command.index("-o") + 1])
        if seen is not None:  # what the folders' maker made (it ends in a moment)
            deadline = time.monotonic() + 5
            while len(tree(staging)) < len(seen[0]) and time.monotonic() < deadline:
                time.sleep(0.01)
            seen[1:] = [tree(staging)]
        try:
            for name in names:
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / name).write_text(name, encoding="utf-8")
        except OSError:
            return subprocess.CompletedProcess(command, 1)
        return subprocess.CompletedProcess(command, 0)

    return build


def tree(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*"))


def test_a_page_gone_leaves_no_folder_made_beforehand(tmp_path, monkeypatch):
    first = ["index.html", "bai/mot/index.html", "bai/hai/index.html"]
    assert run_wrapper(tmp_path, monkeypatch, build=pages_at(first)) == 0
    made = ["bai", "bai/hai", "bai/mot"]
    seen = [made]
    second = pages_at(["index.html", "bai/hai/index.html"], seen)
    assert run_wrapper(tmp_path, monkeypatch, build=second) == 0
    assert seen == [made, made]  # made before Pelican wrote
    output = tmp_path / "output"
    assert tree(output) == ["bai", "bai/hai", "bai/hai/index.html", "index.html"]


def test_a_page_where_a_folder_was_builds_again_without_folders_made(
    tmp_path, monkeypatch, capsys
):
    assert run_wrapper(tmp_path, monkeypatch, build=pages_at(["bai/index.html"])) == 0
    calls = []

    def build(command, **kwargs):
        calls.append(1)
        # The first time, the folder "bai/" is there (made beforehand): it fails.
        seen = [["bai"]] if len(calls) == 1 else None
        return pages_at(["index.html", "bai"], seen)(command, **kwargs)

    assert run_wrapper(tmp_path, monkeypatch, build=build) == 0
    assert len(calls) == 2
    assert "không tạo sẵn thư mục" in capsys.readouterr().err
    output = tmp_path / "output"
    assert tree(output) == ["bai", "index.html"]
    assert (output / "bai").read_text(encoding="utf-8") == "bai"


def test_a_build_stopped_before_writing_is_not_run_again(tmp_path, monkeypatch, capsys):
    """The gate's errors, printed once: no folder made beforehand was in the way."""
    assert run_wrapper(tmp_path, monkeypatch, build=pages_at(["bai/index.html"])) == 0
    calls = []

    def refused(command, **_):
        calls.append(1)
        return subprocess.CompletedProcess(command, 1)

    assert run_wrapper(tmp_path, monkeypatch, build=refused) == 1
    assert len(calls) == 1
    assert "không tạo sẵn thư mục" not in capsys.readouterr().err
    assert tree(tmp_path / "output") == ["bai", "bai/index.html"]


def test_with_no_output_the_folders_are_made_while_the_inputs_are_hashed(
    tmp_path, monkeypatch
):
    """CI's fresh checkout: restoring the output or building it needs them."""
    first = ["index.html", "bai/mot/index.html"]
    assert run_wrapper(tmp_path, monkeypatch, build=pages_at(first)) == 0
    shutil.rmtree(tmp_path / "output")
    staging, seen = tmp_path / ".output.building", []
    hash_inputs = wrapper.fingerprint_inputs

    def fingerprint_inputs(*arguments):
        deadline = time.monotonic() + 5
        while len(tree(staging)) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append(tree(staging))
        return hash_inputs(*arguments)

    monkeypatch.setattr(wrapper, "fingerprint_inputs", fingerprint_inputs)
    assert run_wrapper(tmp_path, monkeypatch, build=pages_at(first)) == 0
    assert seen == [["bai", "bai/mot"]]
    assert tree(tmp_path / "output") == [
        "bai",
        "bai/mot",
        "bai/mot/index.html",
        "index.html",
    ]


def test_folders_pelican_copies_static_files_into_are_not_made_ahead():
    outputs = {
        "index.html": [1, 1, 1],
        "bai/mot/index.html": [1, 1, 1],
        "theme/css/extra/x.css": [1, 1, 1],
        "tep/tai/ve.pdf": [1, 1, 1],
        "goc/robots/a.txt": [1, 1, 1],
    }
    settings = {
        "THEME_STATIC_DIR": "theme",
        "STATIC_PATHS": ["tep/"],
        "EXTRA_PATH_METADATA": {"x/robots.txt": {"path": "goc/robots"}},
    }
    assert wrapper.folders_to_make(outputs, settings) == ["bai", "bai/mot", "goc"]
    assert wrapper.folders_to_make(outputs, {"STATIC_PATHS": ["."]}) == []
