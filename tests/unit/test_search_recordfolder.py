"""A slice's record pages kept on disk: rewritten by the page, trusted only whole."""

import json
import os

import pytest

from tintuc.search import search
from tintuc.search.recordfolder import RecordFolder

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
    assert folder.update("k1", pages(a="An", b="Bình", c="Chè")) == 3
    mark_every_page(folder.path)
    return folder


def test_an_edit_rewrites_only_the_page_of_the_story_that_changed(records):
    made = []
    wanted = pages(a="An", b="Bình mới", c="Chè")
    assert records.update("k2", counted(wanted, made)) == 1
    assert made == ["bai-viet/b/index.html"]
    assert unmarked(records.path) == {"bai-viet/b/index.html"}
    assert contents(records.path)["bai-viet/b/index.html"] == "Bình mới"
    assert records.holds("k2") and not records.holds("k1")


def test_a_new_source_that_makes_the_same_bytes_is_not_written_again(records):
    wanted = pages(a="An", b="Bình", c="Chè")
    wanted["bai-viet/a/index.html"] = ("nguồn khác", "An".encode)
    assert records.update("k2", wanted) == 0
    assert unmarked(records.path) == set()


def test_a_story_gone_takes_its_page_and_the_folders_left_empty(records):
    assert records.update("k2", pages(a="An", b="Bình")) == 0
    assert not (records.path / "bai-viet" / "c").exists()
    assert sorted(contents(records.path)) == [
        "bai-viet/a/index.html",
        "bai-viet/b/index.html",
    ]
    assert unmarked(records.path) == set()
    assert records.update("k3", {}) == 0
    assert list(records.path.iterdir()) == []


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
    assert records.update("k1", counted(pages(a="An", b="Bình", c="Chè"), made)) == 3
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
    for key in ("k1", "old"):
        (root / key).mkdir()
        (root / f"{key}{search.SEAL_SUFFIX}").write_text("{}", encoding="utf-8")
    (root / "records-1.pickle").write_bytes(b"old cache")
    (root / ".site-1.json.123.tmp").write_bytes(b"{")  # a killed build's
    held = search.record_folder(root, 3)
    with held.locked():
        search.forget_other_slices(root, ["k1"])
    assert sorted(entry.name for entry in root.iterdir()) == [
        "k1",
        f"k1{search.SEAL_SUFFIX}",
        "site-1",
        "site-1.json",
        "site-1.lock",
        "site-2.lock",
        "site-3",  # another build holds it
        "site-3.json",
        "site-3.lock",
    ]
    assert search.record_folder(root, 1).holds("k1")
