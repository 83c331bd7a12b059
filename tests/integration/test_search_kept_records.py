"""Record pages kept between builds follow every change and index as a clean build."""

import os
import shutil

import pytest

from tests.conftest import output_files
from tests.integration.test_build_speed import (
    NEWEST,
    add_paragraph,
    publish,
    story_page,
    story_titled,
)

pytestmark = pytest.mark.slow

EDITED = "Chè Định Hóa vào vụ thu hoạch cuối năm, giá tăng 10%"
MARK = 1_000_000_000  # a time no build writes: a page still bearing it was kept


def record_pages(cache):
    """Every kept record page, by its path below the search cache, with its bytes."""
    search = cache / "search"
    return {
        path.relative_to(search).as_posix(): path.read_bytes()
        for folder in sorted(search.glob("site-*"))
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def mark_every_page(cache):
    for name in record_pages(cache):
        os.utime(cache / "search" / name, ns=(MARK, MARK))


def unmarked(cache):
    return {
        name
        for name in record_pages(cache)
        if (cache / "search" / name).stat().st_mtime_ns != MARK
    }


def slice_of(cache, page):
    """The record folder holding ``page`` (a story's path in the output)."""
    (found,) = (cache / "search").glob(f"site-*/{page}")
    return found.relative_to(cache / "search").parts[0]


def test_kept_record_pages_follow_each_change_and_index_as_a_clean_build(
    tmp_path, sample_content
):
    content = shutil.copytree(sample_content, tmp_path / "content")
    cache = tmp_path / "cache"
    publish(content, tmp_path / "first", cache)
    edited = story_titled(content, EDITED)
    page = story_page(content, edited)
    # A body edit writes that story's record page and no other.
    mark_every_page(cache)
    add_paragraph(edited)
    publish(content, tmp_path / "second", cache)
    assert unmarked(cache) == {f"{slice_of(cache, page)}/{page}"}
    # A deleted story's page goes, and the folder that held it.
    edited.unlink()
    publish(content, tmp_path / "third", cache)
    assert not list((cache / "search").glob(f"site-*/{page.rpartition('/')[0]}"))
    # A damaged page in a folder about to be written again is not trusted.
    newest = story_titled(content, NEWEST)
    folder = cache / "search" / slice_of(cache, story_page(content, newest))
    damaged = next(
        path
        for path in folder.rglob("index.html")
        if path.relative_to(folder).as_posix() != story_page(content, newest)
    )
    damaged.write_bytes(damaged.read_bytes()[:100])
    add_paragraph(newest)
    last = publish(content, tmp_path / "fourth", cache)
    clean = publish(content, tmp_path / "clean", tmp_path / "fresh")
    assert output_files(last) == output_files(clean)
    assert record_pages(cache) == record_pages(tmp_path / "fresh")
