"""The devserver's site in memory renders the build's pages; only safe edits go in."""

import datetime
from pathlib import Path

import pytest
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings
from pelican.urlwrappers import Author

from tests.conftest import REPO, build_site, copy_fixture_content
from tintuc.build.resident import (
    ResidentSite,
    as_shown,
    changed_fields,
    generator_classes,
    next_change_by_clock,
)
from tintuc.vn_text.dates import VIETNAM_TIME

STORY = "articles/nguoi-tot-viec-tot/2026-11-20-le-hoi.md"
STORY_PAGE = "bai-viet/le-hoi-long-tong-dinh-hoa/index.html"


def held_site(root: Path, content: Path) -> ResidentSite:
    settings = read_settings(
        str(REPO / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(root / "scratch"),
            "THEME": str(REPO / "theme"),
            "CACHE_PATH": str(root / "cache"),
        },
    )
    return ResidentSite(settings).build()


@pytest.fixture
def site_and_build(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    built = build_site(content, tmp_path / "output")
    return held_site(tmp_path, content), built, content


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def always(old_html, new_html):
    return True


def test_every_page_in_memory_is_the_page_the_build_writes(site_and_build):
    site, built, _ = site_and_build
    pages = {
        str(page.relative_to(built))
        for page in built.rglob("*.html")
        if "admin" not in page.relative_to(built).parts
    }
    assert pages <= set(site.recipes)
    for relative in sorted(site.recipes):
        assert site.render(relative) == (built / relative).read_bytes(), relative


def test_a_title_edit_goes_in_place_and_renders_as_a_clean_build(
    site_and_build, tmp_path
):
    site, _, content = site_and_build
    rewrite(content / STORY, "Title: Lễ hội Lồng Tồng", "Title: Hội Xuân")
    assert site.refresh(content / STORY, always)
    clean = build_site(content, tmp_path / "clean" / "output")
    for relative in sorted(site.recipes):
        assert site.render(relative) == (clean / relative).read_bytes(), relative


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Date: 20/11/2026", "Date: 21/11/2026"),  # the order of every list
        ("Section: Điển hình tiên tiến", "Section: Thời sự"),  # which lists
        ("Slug: Lễ hội Lồng Tồng Định Hoá", "Slug: hoi-xuan"),  # the address
        ("Status: published", "Status: draft"),  # whether it is published
        # The same slug, but pages show the name: Pelican's authors compare by slug.
        ("Authors: Trần Văn Quang", "Authors: Trần Vân Quang"),
    ],
)
def test_an_edit_that_moves_or_hides_the_story_is_not_put_in_place(
    site_and_build, old, new
):
    site, _, content = site_and_build
    story = site.stories[str(content / STORY)]
    title = story.title
    rewrite(content / STORY, old, new)
    assert not site.refresh(content / STORY, always)
    assert site.stories[str(content / STORY)].title == title


def test_a_body_the_site_must_resolve_is_not_put_in_place(site_and_build):
    site, _, content = site_and_build
    rewrite(content / STORY, "mở hội cầu mùa.", "mở hội cầu mùa. [[12/KH-UBND]]")
    assert not site.refresh(content / STORY, lambda old, new: False)
    assert "12/KH-UBND" not in site.stories[str(content / STORY)].content


def test_a_story_that_no_longer_reads_is_not_put_in_place(site_and_build):
    site, _, content = site_and_build
    (content / STORY).write_bytes(b"\xff\xfe not text")
    assert not site.refresh(content / STORY, always)
    assert not site.refresh(content / "articles/missing.md", always)


def test_a_site_let_go_leaves_nothing_in_pelican_s_memos(site_and_build):
    site, _, _ = site_and_build
    stories = list(site.stories.values())
    for relative in site.recipes:
        site.render(relative)  # bodies and summaries memoised on the way
    held = {id(story) for story in stories}
    memo = Content.__dict__["get_content"].cache
    assert any(id(key[0]) in held for key in memo)
    site.close()
    assert not any(id(key[0]) in held for key in memo)
    assert site.recipes == {} and site.render("index.html") is None


def test_the_site_in_memory_is_not_used_once_the_clock_changes_it(
    site_and_build, monkeypatch
):
    site, _, content = site_and_build
    rewrite(content / STORY, "Title: Lễ hội Lồng Tồng", "Title: Hội Xuân")
    monkeypatch.setattr(site, "current_until", site.current_until.replace(year=2000))
    assert not site.is_current()
    assert not site.refresh(content / STORY, always)


def test_the_site_in_memory_asks_the_clock_when_it_next_changes(tmp_path):
    now = datetime.datetime(2026, 12, 2, 21, 30, tzinfo=VIETNAM_TIME)
    settings = {"PATH": str(tmp_path), "FEEDS_NEWS_DAYS": 2}
    assert next_change_by_clock(settings, now).year == datetime.MAXYEAR
    (tmp_path / "old.md").write_text("Title: A\nDate: 2026-11-01 08:00\n\nA\n")
    assert next_change_by_clock(settings, now).year == datetime.MAXYEAR
    (tmp_path / "fresh.md").write_text("Title: B\nDate: 2026-12-01 08:00\n\nB\n")
    leaves_news = datetime.datetime(2026, 12, 3, 8, 0, 0, 1, tzinfo=VIETNAM_TIME)
    assert next_change_by_clock(settings, now) == leaves_news
    (tmp_path / "due.md").write_text("Title: C\nDate: 2026-12-02 22:00\n\nC\n")
    assert next_change_by_clock(settings, now) == now.replace(hour=22, minute=0)


def test_an_author_renamed_with_the_same_slug_counts_as_changed():
    class Reading:
        def __init__(self, name):
            self.metadata = {"authors": [Author(name, {})]}

    assert Author("Trần Văn Quang", {}) == Author("Trần Vân Quang", {})
    changed = changed_fields(Reading("Trần Văn Quang"), Reading("Trần Vân Quang"))
    assert changed == {"authors"}
    assert as_shown([Author("A", {})]) != as_shown([Author("a", {})])


def test_changed_fields_names_only_what_differs():
    class Reading:
        def __init__(self, **metadata):
            self.metadata = metadata

    old = Reading(title="A", date=1, tags=["x"])
    assert changed_fields(old, Reading(title="B", date=1, tags=["x"])) == {"title"}
    assert changed_fields(old, Reading(title="A", date=1)) == {"tags"}
    assert changed_fields(old, Reading(title="A", date=1, tags=["x"])) == set()


def test_the_site_in_memory_runs_pelican_s_steps(tmp_path, monkeypatch):
    checked = []
    real_check = ArticlesGenerator.check_disabled_readers

    def check_disabled_readers(generator):
        checked.append(type(generator).__name__)
        return real_check(generator)

    monkeypatch.setattr(
        ArticlesGenerator, "check_disabled_readers", check_disabled_readers
    )
    content = copy_fixture_content(tmp_path / "content")
    site = held_site(tmp_path, content)
    assert checked == ["ArticlesGenerator"]
    kinds = generator_classes(site.pelican)
    assert kinds == site.pelican._get_generator_classes()  # noqa: SLF001 - compared
    assert [type(g) for g in site.generators] == kinds
