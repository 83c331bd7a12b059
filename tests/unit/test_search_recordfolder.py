"""A slice's record pages kept on disk: rewritten by the page, trusted only whole."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import pytest

from tintuc.search import search
from tintuc.search.recordfolder import RecordFolder
from tintuc.search.records import record_html
from tintuc.shared.locks import exclusive

MARK = 1_000_000_000  # a time no build writes: a page still bearing it was kept


def pages(**texts):
    """What a slice wants, by page path: each page made from its text."""
    return {
        f"bai-viet/{name}/index.html": (f"nguồn {text}", text.encode)
        for name, text in texts.items()
    }


def counted(wanted, made):
    """``wanted`` with every page's making listed in ``made``."""

    def maker(name, make):
        def make_counted():
            made.append(name)
            return make()

        return make_counted

    return {
        name: (source, maker(name, make)) for name, (source, make) in wanted.items()
    }


def contents(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in folder.rglob("*")
        if path.is_file()
    }


def mark_every_page(folder):
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(MARK, MARK))


def unmarked(folder):
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.stat().st_mtime_ns != MARK
    }


@pytest.fixture
def records(tmp_path):
    folder = RecordFolder(tmp_path / "search" / "site-1")
    assert folder.update("k1", pages(a="An", b="Bình", c="Chè")).written == 3
    mark_every_page(folder.path)
    return folder


def test_an_edit_rewrites_only_the_page_of_the_story_that_changed(records):
    made = []
    wanted = pages(a="An", b="Bình mới", c="Chè")
    assert records.update("k2", counted(wanted, made)) == (1, "k1")
    assert made == ["bai-viet/b/index.html"]
    assert unmarked(records.path) == {"bai-viet/b/index.html"}
    assert contents(records.path)["bai-viet/b/index.html"] == "Bình mới"
    assert records.holds("k2") and not records.holds("k1")


def test_a_new_source_that_makes_the_same_bytes_is_not_written_again(records):
    wanted = pages(a="An", b="Bình", c="Chè")
    wanted["bai-viet/a/index.html"] = ("nguồn khác", "An".encode)
    assert records.update("k2", wanted).written == 0
    assert unmarked(records.path) == set()


def test_a_story_gone_takes_its_page_and_the_folders_left_empty(records):
    assert records.update("k2", pages(a="An", b="Bình")).written == 0
    assert not (records.path / "bai-viet" / "c").exists()
    assert sorted(contents(records.path)) == [
        "bai-viet/a/index.html",
        "bai-viet/b/index.html",
    ]
    assert unmarked(records.path) == set()
    assert records.update("k3", {}).written == 0
    assert list(records.path.iterdir()) == []


MEMORY = Path("/dev/shm")


@pytest.mark.skipif(not os.access(MEMORY, os.W_OK), reason="no tmpfs to list from")
def test_a_page_added_is_listed_where_a_clean_build_lists_it(tmp_path):
    """Pagefind indexes pages in listing order; tmpfs lists by creation."""
    memory = Path(tempfile.mkdtemp(dir=MEMORY))
    try:
        kept = RecordFolder(memory / "kept" / "site-1")
        kept.update("k1", pages(a="An", c="Chè"))
        made = []
        wanted = pages(a="An", b="Bình", c="Chè")
        assert kept.update("k2", counted(wanted, made)).written == 3
        assert made == ["bai-viet/b/index.html"]  # the others copied, not made
        clean = RecordFolder(memory / "clean" / "site-1")
        clean.update("k2", pages(a="An", b="Bình", c="Chè"))
        listing = os.listdir(kept.path / "bai-viet")
        assert listing == os.listdir(clean.path / "bai-viet")
        assert contents(kept.path) == contents(clean.path)
        assert kept.holds("k2")
        assert sorted(os.listdir(kept.path.parent)) == ["site-1", "site-1.json"]
    finally:
        shutil.rmtree(memory, ignore_errors=True)


def truncate_page(records):
    page = records.path / "bai-viet" / "a" / "index.html"
    page.write_bytes(page.read_bytes()[:1])


def edit_page_keeping_its_size_and_time(records):
    page = records.path / "bai-viet" / "a" / "index.html"
    page.write_bytes(b"Xn")
    os.utime(page, ns=(MARK, MARK))


def add_a_page_by_hand(records):
    (records.path / "bai-viet" / "x").mkdir()
    (records.path / "bai-viet" / "x" / "index.html").write_text("lạ", "utf-8")


def link_a_page_elsewhere(records):
    elsewhere = records.path.parent / "elsewhere.html"
    elsewhere.write_text("ngoài", encoding="utf-8")
    (records.path / "bai-viet" / "d").symlink_to(records.path.parent)


def replace_the_folder_by_a_link(records):
    copy = shutil.copytree(records.path, records.path.parent / "copy")
    shutil.rmtree(records.path)
    records.path.symlink_to(copy)


def delete_a_page(records):
    (records.path / "bai-viet" / "a" / "index.html").unlink()


def truncate_the_manifest(records):
    data = records.manifest_path.read_bytes()
    records.manifest_path.write_bytes(data[: len(data) // 2])


def break_the_manifest_shape(records):
    manifest = json.loads(records.manifest_path.read_text(encoding="utf-8"))
    manifest["pages"]["bai-viet/a/index.html"] = "không phải danh sách"
    records.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


def kill_before_the_manifest(records):
    """A build killed while rewriting: its manifest was removed first."""

    def killed():
        raise KeyboardInterrupt

    wanted = pages(a="An", b="Bình")
    wanted["bai-viet/c/index.html"] = ("nguồn mới", killed)
    with pytest.raises(KeyboardInterrupt):
        records.update("k9", wanted)


@pytest.mark.parametrize(
    "damage",
    [
        truncate_page,
        edit_page_keeping_its_size_and_time,
        add_a_page_by_hand,
        link_a_page_elsewhere,
        replace_the_folder_by_a_link,
        delete_a_page,
        truncate_the_manifest,
        break_the_manifest_shape,
        kill_before_the_manifest,
    ],
)
def test_a_damaged_folder_is_not_trusted_and_is_written_anew(records, damage):
    damage(records)
    assert not records.holds("k1")
    made = []
    wanted = counted(pages(a="An", b="Bình", c="Chè"), made)
    assert records.update("k1", wanted) == (3, None)
    assert len(made) == 3
    assert contents(records.path) == {
        "bai-viet/a/index.html": "An",
        "bai-viet/b/index.html": "Bình",
        "bai-viet/c/index.html": "Chè",
    }
    assert records.holds("k1")


def test_a_slice_whose_records_another_build_changed_is_not_indexed(records, tmp_path):
    listing = tmp_path / "later.json"
    entry = {
        "key": "k-of-this-build",
        "records": str(records.path),
        "folder": str(tmp_path / "output" / "pagefind"),
    }
    listing.write_text(json.dumps([entry]), encoding="utf-8")
    errors = search.index_later(listing)
    assert len(errors) == 1 and "hãy dựng lại" in errors[0]
    assert not (tmp_path / "output").exists()
    assert not list(records.path.parent.glob("slice-*"))
    assert not listing.exists()


def test_the_cache_keeps_what_this_site_uses_and_forgets_the_rest(tmp_path):
    root = tmp_path / "search"
    for number in (1, 2, 3):
        folder = search.record_folder(root, number)
        folder.update(f"k{number}", pages(a=str(number)))
        folder.lock_path.touch()
    for key in ("k1", "previous", "gone"):
        (root / key).mkdir()
        (root / f"{key}{search.SEAL_SUFFIX}").write_text("{}", encoding="utf-8")
    (root / "records-1.pickle").write_bytes(b"old cache")
    (root / ".site-1.json.123.tmp").write_bytes(b"{")  # a killed build's
    held = search.record_folder(root, 3)
    with held.locked():
        search.forget_other_slices(root, ["k1"], ["previous"])
    assert sorted(entry.name for entry in root.iterdir()) == [
        "k1",
        f"k1{search.SEAL_SUFFIX}",
        "previous",  # the wrapper links its unchanged files
        f"previous{search.SEAL_SUFFIX}",
        "site-1",
        "site-1.json",
        "site-1.lock",
        "site-2.lock",
        "site-3",  # another build holds it
        "site-3.json",
        "site-3.lock",
    ]
    assert search.record_folder(root, 1).holds("k1")


def record_pages(**titles):
    """What a slice wants: a real record page for each title."""
    return {
        f"bai-viet/{name}/index.html": (title, partial(record_html, title, title))
        for name, title in titles.items()
    }


def bundle_files(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_bundle_made_in_memory_is_the_one_made_on_disk_reusing_unchanged_files(
    tmp_path, monkeypatch
):
    root = tmp_path / "search"
    records = search.record_folder(root, 1)
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "SCRATCH", memory)
    stories = {"a": "Chè Tân Cương", "b": "Lúa nếp vàng", "c": "Cầu treo"}
    records.update("k1", record_pages(**stories))
    assert search.index_kept_records(records, "k1", None) == ""
    stories["b"] = "Lúa nếp vàng Phú Đình"
    records.update("k2", record_pages(**stories))
    monkeypatch.setattr(search, "SCRATCH", tmp_path / "no-memory")
    assert search.index_kept_records(records, "k2", "k1") == ""
    on_disk = bundle_files(root / "k2")
    shutil.rmtree(root / "k2")
    monkeypatch.setattr(search, "SCRATCH", memory)
    (root / "k1" / "pagefind.js").write_bytes("hỏng".encode())  # never linked as it is
    assert search.index_kept_records(records, "k2", "k1") == ""
    assert bundle_files(root / "k2") == on_disk
    assert list(memory.iterdir()) == []
    linked = {
        name
        for name in on_disk
        if (root / "k1" / name).exists()
        and os.path.samefile(root / "k1" / name, root / "k2" / name)
    }
    assert "wasm.unknown.pagefind" in linked
    assert "pagefind.js" not in linked
    assert len(linked) < len(on_disk)  # b's fragment and the index are new
    assert len([name for name in linked if name.startswith("fragment/")]) == 2


def test_scratch_folders_left_by_killed_builds_go_a_day_on(tmp_path, monkeypatch):
    memory = tmp_path / "memory"
    monkeypatch.setattr(search, "SCRATCH", memory)
    old, recent = memory / "tintuc-search-old", memory / "tintuc-search-recent"
    for folder in (old, recent):
        (folder / "fragment").mkdir(parents=True)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    ours = search.scratch_folder(search.record_folder(tmp_path / "search", 1))
    assert sorted(memory.iterdir()) == sorted([ours, recent])
    assert list(ours.iterdir()) == []


def test_a_bundle_that_fails_in_memory_is_made_again_on_disk(tmp_path, monkeypatch):
    """A full /dev/shm fails Pagefind: the slice is still made, on disk."""
    root = tmp_path / "search"
    records = search.record_folder(root, 1)
    stories = {"a": "Chè Tân Cương", "b": "Lúa nếp vàng"}
    records.update("k1", record_pages(**stories))
    assert search.index_kept_records(records, "k1", None) == ""
    stories["b"] = "Lúa nếp vàng Phú Đình"
    records.update("k2", record_pages(**stories))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setattr(search, "scratch_folder", lambda records: blocker / "bundle")
    assert search.index_kept_records(records, "k2", "k1") == ""
    assert search.is_sealed(root / "k2", search.seal_path(root, "k2"))
    assert "pagefind-entry.json" in bundle_files(root / "k2")


def test_a_slice_gone_is_never_linked_as_an_empty_one(tmp_path):
    with pytest.raises(FileNotFoundError):
        search.link_tree(tmp_path / "gone", tmp_path / "output" / "pagefind")
    assert not (tmp_path / "output").exists()


class WaitInterrupted(subprocess.Popen):
    """A child whose first wait is cut short by Ctrl-C (KeyboardInterrupt)."""

    interrupted = False

    def wait(self, timeout=None):
        if not self.interrupted:
            self.interrupted = True
            raise KeyboardInterrupt
        return super().wait(timeout)


def test_an_interrupted_build_ends_pagefind_before_letting_its_records_go(
    records, tmp_path, monkeypatch
):
    """Pagefind shares the record folder's lock: it must be gone when it is let go."""
    started = []

    def start(run, bundle):  # a Pagefind that would run on for minutes
        run.log = (run.work / "pagefind.log").open("w")
        sleeping = [sys.executable, "-c", "import time; time.sleep(600)"]
        run.process = WaitInterrupted(sleeping, pass_fds=run.held)
        started.append(run.process)

    monkeypatch.setattr(search.PagefindRun, "start", start)
    listing = tmp_path / "later.json"
    entry = {"key": "k1", "records": str(records.path), "folder": str(tmp_path / "o")}
    listing.write_text(json.dumps([entry]), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        search.index_later(listing)
    (pagefind,) = started
    try:
        assert pagefind.poll() is not None  # ended, and waited for
    finally:
        pagefind.kill()
        pagefind.wait()
    with exclusive(records.lock_path):  # and the records are free
        pass
    assert not list(records.path.parent.glob("slice-*"))
