"""Faster builds (caches, parallel rendering) give exactly what a plain build gives."""

import shutil

import pytest

from tests.conftest import REPO, build_site, output_files
from tintuc.search import search

pytestmark = pytest.mark.slow

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
    """Each indexed slice kept in the cache (sealed), by its key."""
    return {
        entry.name: entry.stat().st_ino
        for entry in (cache / "search").iterdir()
        if entry.with_name(entry.name + search.SEAL_SUFFIX).exists()
    }


def test_an_edit_reindexes_only_the_slice_holding_the_story(tmp_path, sample_content):
    content = shutil.copytree(sample_content, tmp_path / "content")
    cache = tmp_path / "cache"
    first = output_files(publish(content, tmp_path / "first", cache))
    before = slices(cache)
    add_paragraph(story_titled(content, NEWEST))
    edited = output_files(publish(content, tmp_path / "second", cache))
    after = slices(cache)
    kept = before.keys() & after.keys()
    count = len(before)  # stories and documents, four to a slice
    assert count > 4 and len(after) == count
    assert len(kept) == count - 1  # only the newest slice changed
    assert all(before[key] == after[key] for key in kept)
    clean = output_files(publish(content, tmp_path / "clean", tmp_path / "fresh"))
    assert edited == clean

    def bundle(files, folder):
        return {name: data for name, data in files.items() if name.startswith(folder)}

    newest, older = f"pagefind-{count}/", f"pagefind-{count - 1}/"
    assert bundle(first, newest) != bundle(edited, newest)
    assert bundle(first, older) == bundle(edited, older)


def test_a_reindexed_slice_folds_only_the_edited_story_again(
    tmp_path, monkeypatch, sample_content
):
    content = shutil.copytree(sample_content, tmp_path / "content")
    cache = tmp_path / "cache"
    publish(content, tmp_path / "first", cache)
    folded = []

    def counting(source, spellings, fold=search.story_record):
        folded.append(source[1])
        return fold(source, spellings)

    monkeypatch.setattr(search, "story_record", counting)
    add_paragraph(story_titled(content, NEWEST))
    publish(content, tmp_path / "second", cache)
    assert folded == [NEWEST]


def inodes(output):
    """Pages Pelican renders; the newsroom's one page is written on every build."""
    return {
        path.relative_to(output).as_posix(): path.stat().st_ino
        for path in output.rglob("*.html")
        if path.relative_to(output).parts[0] != "admin"
    }


def story_page(output, story):
    slug = next(
        line.removeprefix("Slug: ")
        for line in story.read_text(encoding="utf-8").splitlines()
        if line.startswith("Slug: ")
    )
    return f"bai-viet/{slug}/index.html"


def test_a_body_edit_renders_only_its_story_page_again(tmp_path, sample_content):
    content = shutil.copytree(sample_content, tmp_path / "content")
    cache = tmp_path / "cache"
    story = story_titled(content, NEWEST)
    first = inodes(publish(content, tmp_path / "first", cache))
    add_paragraph(story)
    second_output = publish(content, tmp_path / "second", cache)
    second = inodes(second_output)
    rendered = {page for page in second if second[page] != first.get(page)}
    # Pages taken from the cache are links to the same file as the first build's.
    assert rendered == {story_page(content, story)}
    clean = publish(content, tmp_path / "clean", tmp_path / "fresh")
    assert output_files(second_output) == output_files(clean)


def test_a_title_edit_renders_the_listings_again(tmp_path, sample_content):
    content = shutil.copytree(sample_content, tmp_path / "content")
    cache = tmp_path / "cache"
    story = story_titled(content, NEWEST)
    first = inodes(publish(content, tmp_path / "first", cache))
    story.write_text(
        story.read_text(encoding="utf-8").replace(NEWEST, NEWEST + " (cập nhật)", 1),
        encoding="utf-8",
    )
    second_output = publish(content, tmp_path / "second", cache)
    second = inodes(second_output)
    assert second["index.html"] != first["index.html"]
    assert "(cập nhật)" in (second_output / "index.html").read_text(encoding="utf-8")
    clean = publish(content, tmp_path / "clean", tmp_path / "fresh")
    assert output_files(second_output) == output_files(clean)


def test_a_template_edit_renders_every_page_again(tmp_path, sample_content):
    theme = shutil.copytree(REPO / "theme", tmp_path / "theme")
    cache = tmp_path / "cache"
    first = inodes(publish(sample_content, tmp_path / "first", cache, THEME=str(theme)))
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(
        footer.read_text(encoding="utf-8") + "<!-- sửa giao diện -->\n",
        encoding="utf-8",
    )
    second_output = publish(
        sample_content, tmp_path / "second", cache, THEME=str(theme)
    )
    second = inodes(second_output)
    assert not {page for page in second if second[page] == first.get(page)}
    clean = publish(
        sample_content, tmp_path / "clean", tmp_path / "fresh", THEME=str(theme)
    )
    assert output_files(second_output) == output_files(clean)


def test_a_cached_page_changed_through_its_link_is_not_used(tmp_path, sample_content):
    cache = tmp_path / "cache"
    first = publish(sample_content, tmp_path / "first", cache)
    (first / "index.html").write_text("sửa tay", encoding="utf-8")  # through the link
    second = publish(sample_content, tmp_path / "second", cache)
    assert "sửa tay" not in (second / "index.html").read_text(encoding="utf-8")
    assert b"</html>" in (second / "index.html").read_bytes()


def test_pages_rendered_in_parallel_match_a_single_process(tmp_path, sample_content):
    single = output_files(
        publish(sample_content, tmp_path / "one", tmp_path / "c1", BUILDSPEED_WORKERS=1)
    )
    parallel = output_files(
        publish(sample_content, tmp_path / "two", tmp_path / "c2", BUILDSPEED_WORKERS=3)
    )
    assert len(single) > 100
    assert single == parallel
    assert b"</html>" in single["index.html"]


def test_a_page_that_fails_to_render_stops_the_build(tmp_path, sample_content):
    theme = shutil.copytree(REPO / "theme", tmp_path / "theme")
    page = theme / "templates" / "page.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "{% block content %}", "{% block content %}{{ 1 // 0 }}", 1
        ),
        encoding="utf-8",
    )
    try:
        publish(sample_content, tmp_path / "out", tmp_path / "c", THEME=str(theme))
    except SystemExit as stop:
        assert "Không tạo được các trang" in str(stop)
    else:
        raise AssertionError("a template error must stop the build")


def test_a_site_with_relative_urls_still_builds(tmp_path, sample_content):
    output = publish(
        sample_content, tmp_path / "out", tmp_path / "c", RELATIVE_URLS=True
    )
    story = next((output / "bai-viet").glob("*/index.html")).read_text("utf-8")
    assert 'href="../../chuyen-muc/' in story


def test_no_page_shows_a_body_but_its_own_story_s(sample_site):
    """What the page cache rests on, checked on what the pages really show.

    Each story's body paragraphs that its summary does not hold may appear on
    its own page and nowhere else: a listing that showed a body would be kept
    in the cache past an edit of that body.
    """
    from bs4 import BeautifulSoup

    pages = {
        path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sample_site.rglob("*.html")
        if "admin" not in path.relative_to(sample_site).parts
    }
    texts = {path: soup.get_text(" ", strip=True) for path, soup in pages.items()}
    checked = 0
    for path, soup in pages.items():
        body = soup.select_one(".dh-article__body")
        if body is None:
            continue
        summary = soup.find("meta", attrs={"name": "description"})
        summary = summary["content"] if summary else ""
        for paragraph in body.find_all("p"):
            text = paragraph.get_text(" ", strip=True)
            if len(text) < 40 or text[:40] in summary:
                continue
            shown_on = [other for other, page in texts.items() if text in page]
            assert shown_on == [path], text
            checked += 1
    assert checked >= 20
