"""Rebuilds that reuse caches give exactly what a clean build gives."""

import shutil

from tests.conftest import REPO, build_site, output_files

NEWEST = "Xã Định Hóa tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026"


def publish(content, output, cache, **overrides):
    return build_site(
        content,
        output,
        conf="publishconf.py",
        SITEURL="http://127.0.0.1:8765",
        CACHE_PATH=str(cache),
        SEARCH_SHARD_SIZE=4,
        **overrides,
    )


def story_titled(content, title):
    return next(
        path
        for path in (content / "articles").rglob("*.md")
        if f"Title: {title}\n" in path.read_text(encoding="utf-8")
    )


def add_paragraph(story):
    text = story.read_text(encoding="utf-8")
    story.write_text(text + "\nĐoạn bổ sung về hội thi kéo co.\n", encoding="utf-8")


def slices(cache):
    return {entry.name: entry.stat().st_ino for entry in (cache / "search").iterdir()}


def test_an_edit_reindexes_only_the_slice_holding_the_story(tmp_path):
    content = shutil.copytree(REPO / "content", tmp_path / "content")
    cache = tmp_path / "cache"
    first = output_files(publish(content, tmp_path / "first", cache))
    before = slices(cache)
    add_paragraph(story_titled(content, NEWEST))
    edited = output_files(publish(content, tmp_path / "second", cache))
    after = slices(cache)
    kept = before.keys() & after.keys()
    assert len(before) == len(after) == 4
    assert len(kept) == 3
    assert all(before[key] == after[key] for key in kept)
    clean = output_files(publish(content, tmp_path / "clean", tmp_path / "fresh"))
    assert edited == clean

    def bundle(files, folder):
        return {name: data for name, data in files.items() if name.startswith(folder)}

    assert bundle(first, "pagefind-4/") != bundle(edited, "pagefind-4/")
    assert bundle(first, "pagefind-3/") == bundle(edited, "pagefind-3/")
