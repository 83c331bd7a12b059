"""The keys of the feeds plugin's files, and the cache that keeps them (``keyed``)."""

import copy
import datetime
import json
import os
from types import SimpleNamespace

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag

from tests.conftest import REPO
from tintuc.feeds.items import item_from_article
from tintuc.feeds.keyed import CACHE_DIR, KeyedOutput
from tintuc.feeds.settings import DEFAULTS
from tintuc.feeds.sitemaps import NewsEntry, recent_news
from tintuc.feeds.writers import FeedInfo, archive_story
from tintuc.vn_text.dates import VIETNAM_TIME

SITEURL = "https://tintuc.example"
DATE = datetime.datetime(2026, 11, 24, 11, 0, tzinfo=VIETNAM_TIME)
INFO = FeedInfo(
    title="Tin tức Định Hóa",
    description="Tin, bài",
    home_url=SITEURL + "/",
    urls={"rss": SITEURL + "/feeds/rss.xml"},
    updated=DATE,
)
CITED = {"227/KH-UBND": SITEURL + "/van-ban/227-kh-ubnd/"}
ARTICLE_SETTINGS = copy.deepcopy(DEFAULT_CONFIG)


def site_settings(tmp_path, **overrides) -> dict:
    return {
        **copy.deepcopy(DEFAULT_CONFIG),
        **copy.deepcopy(DEFAULTS),
        "THEME": str(REPO / "theme"),
        "CACHE_PATH": str(tmp_path / "cache"),
        **overrides,
    }


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> KeyedOutput:
    """One build's keys (the code digest is taken once)."""
    root = tmp_path_factory.mktemp("keys")
    return KeyedOutput(site_settings(root), str(root / "output"))


@pytest.fixture(scope="module")
def share_images(tmp_path_factory) -> list[str]:
    """Two share images of different sizes (a feed gives each one's length)."""
    root = tmp_path_factory.mktemp("share")
    paths = [root / "a.jpg", root / "b.jpg"]
    for size, path in enumerate(paths, start=1):
        path.write_bytes(b"\xff\xd8" + b"\0" * 1000 * size + b"\xff\xd9")
    return [str(path) for path in paths]


def story(**changes) -> Article:
    """A published story; ``changes`` replace or add metadata (``body`` too)."""
    metadata = {
        "title": "Chè Định Hóa vào vụ thu hoạch",
        "slug": "che-dinh-hoa",
        "id": "7f477a9b-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
        "date": DATE,
        "summary": "Chè búp vào vụ cuối năm.",
        "category": Category("Kinh tế", ARTICLE_SETTINGS),
        "authors": [Author("Phạm Đức Anh", ARTICLE_SETTINGS)],
        "tags": [Tag("chè", ARTICLE_SETTINGS)],
        "approver": "Lê Văn Thành",
        "unit": "Hội Nông dân xã Phượng Tiến",
        **changes,
    }
    body = metadata.pop("body", "<p>Thân bài theo [[227/KH-UBND]].</p>")
    return Article(body, metadata, ARTICLE_SETTINGS, source_path="/site/che.md")


def feed_key(keys, article, cited=CITED) -> str:
    item = item_from_article(article, SITEURL, cited)
    return keys.key(("rss", INFO, [item], SITEURL))


def archive_key(keys, article) -> str:
    social = (getattr(article, "social_image", None) or {}).get("url", "")
    return keys.key(("archive", INFO, [archive_story(article, social)], SITEURL))


def image(path, url="/anh/che.jpg") -> dict:
    return {"url": url, "width": 1200, "height": 630, "alt": "Đồi chè", "path": path}


def correction(note: str) -> list:
    return [SimpleNamespace(label="Đính chính", note=note)]


# Each: the same story before and after one change of a field feeds show.
SHOWN = {
    "title": ({}, {"title": "Chè Định Hoá vào vụ thu hoạch"}),
    "summary": ({}, {"summary": "Chè búp tươi vào vụ."}),
    "body": ({}, {"body": "<p>Thân bài đã sửa.</p>"}),
    "date": ({}, {"date": DATE - datetime.timedelta(days=1)}),
    "modified": ({}, {"modified": DATE + datetime.timedelta(hours=2)}),
    "slug": ({}, {"slug": "che-dinh-hoa-2"}),
    "authors": ({}, {"authors": [Author("Nguyễn Thị Hằng", ARTICLE_SETTINGS)]}),
    "section": ({}, {"category": Category("Thời sự", ARTICLE_SETTINGS)}),
    "tags": ({}, {"tags": [Tag("OCOP", ARTICLE_SETTINGS)]}),
    "correction": ({}, {"corrections": correction("Sửa số liệu sản lượng.")}),
    "video": (
        {"video_embed": "https://www.youtube-nocookie.com/embed/abc"},
        {"video_embed": "https://www.youtube-nocookie.com/embed/xyz"},
    ),
}
# Fields of a story that no feed shows.
UNSHOWN = {
    "approver": {"approver": "Hoàng Minh Tuấn"},
    "unit": {"unit": "UBND xã Định Hóa"},
    "communes": {"communes": ["Xã Định Hóa"]},
}
# What the archive shows of a story (no body, no corrections, no video).
ARCHIVE_SHOWN = ("title", "summary", "date", "slug", "authors", "section", "tags")


@pytest.mark.parametrize("field", list(SHOWN))
def test_a_change_of_a_shown_field_changes_the_feed_key(keys, field):
    before, after = SHOWN[field]
    assert feed_key(keys, story(**before)) != feed_key(keys, story(**after))


@pytest.mark.parametrize("field", list(SHOWN))
def test_the_archive_key_changes_with_what_the_archive_shows(keys, field):
    before, after = SHOWN[field]
    changed = archive_key(keys, story(**before)) != archive_key(keys, story(**after))
    assert changed == (field in ARCHIVE_SHOWN)


@pytest.mark.parametrize("field", list(UNSHOWN))
def test_a_field_no_feed_shows_leaves_every_key_alone(keys, field):
    before, after = story(), story(**UNSHOWN[field])
    assert feed_key(keys, before) == feed_key(keys, after)
    assert archive_key(keys, before) == archive_key(keys, after)


def test_the_share_image_counts_by_its_address_and_its_length(keys, share_images):
    small, large = share_images
    keyed = [
        feed_key(keys, story(social_image=image(small))),
        feed_key(keys, story(social_image=image(large))),  # a new photo, same name
        feed_key(keys, story(social_image=image(small, "/anh/che-2.jpg"))),
        feed_key(keys, story()),
    ]
    assert len(set(keyed)) == len(keyed)
    with_image = [
        archive_key(keys, story(social_image=image(small, url)))
        for url in ("/anh/che.jpg", "/anh/che-2.jpg")
    ]
    assert len(set(with_image)) == 2


def test_a_cited_document_moving_changes_the_feeds_citing_it(keys):
    moved = {"227/KH-UBND": SITEURL + "/van-ban/227-kh-ubnd-2026/"}
    assert feed_key(keys, story()) != feed_key(keys, story(), moved)
    uncited = story(body="<p>Không trích văn bản.</p>")
    assert feed_key(keys, uncited) == feed_key(keys, uncited, moved)


def test_the_feed_description_and_the_site_address_count(keys):
    item = item_from_article(story(), SITEURL, CITED)
    renamed = FeedInfo(**{**vars(INFO), "title": "Tin tức Định Hoá"})
    later = FeedInfo(**{**vars(INFO), "updated": DATE + datetime.timedelta(days=1)})
    other_site = item_from_article(story(), "https://khac.example", CITED)
    keyed = {
        keys.key(("rss", INFO, [item], SITEURL)),
        keys.key(("atom", INFO, [item], SITEURL)),
        keys.key(("rss", renamed, [item], SITEURL)),
        keys.key(("rss", later, [item], SITEURL)),
        keys.key(("rss", INFO, [other_site], "https://khac.example")),
        keys.key(("rss", INFO, [], SITEURL)),
    }
    assert len(keyed) == 6


def test_the_news_sitemap_key_follows_the_clock_window(keys):
    entries = [NewsEntry(SITEURL + "/bai-viet/che/", "Chè", DATE)]

    def news_key(hours_later: float) -> str:
        moment = DATE + datetime.timedelta(hours=hours_later)
        return keys.key(("news", recent_news(entries, moment, 2, 1000), "Tin tức"))

    assert news_key(1) == news_key(47)  # in the window all along
    assert news_key(1) != news_key(49)  # out of it


def test_the_sitemap_key_follows_pages_and_their_dates(keys):
    pages = [("index.html", DATE), ("bai-viet/che/index.html", DATE)]
    newer = [("index.html", DATE), ("bai-viet/che/index.html", DATE.replace(hour=12))]
    added = [*pages, ("bai-viet/moi/index.html", DATE)]
    keyed = {keys.key(("sitemap", p, SITEURL)) for p in (pages, newer, added)}
    assert len(keyed) == 3
    assert keys.key(("sitemap", list(pages), SITEURL)) == keys.key(
        ("sitemap", pages, SITEURL)
    )


def test_settings_and_code_are_in_every_key(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "local.py").write_text("MARK = 1\n")
    settings = site_settings(tmp_path, PLUGIN_PATHS=[str(plugins)])
    inputs = ("robots", ["https://tintuc.example/sitemap.xml"], True, [])

    def key(**overrides) -> str:
        return KeyedOutput({**settings, **overrides}, str(tmp_path / "out")).key(inputs)

    first = key()
    assert key() == first
    assert key(OUTPUT_PATH="/elsewhere", CACHE_PATH="/other") == first
    assert key(FEEDS_HUB="") != first
    (plugins / "local.py").write_text("MARK = 2\n")
    assert key() != first


# The cache ----------------------------------------------------------------

INPUTS = ("rss", INFO, [], SITEURL)


def build(tmp_path, name: str, make, **settings) -> KeyedOutput:
    """One build writing one feed at ``feeds/rss.xml`` of output ``name``."""
    output = KeyedOutput(site_settings(tmp_path, **settings), str(tmp_path / name))
    output.write("feeds/rss.xml", INPUTS, make)
    output.finish()
    return output


def never():
    raise AssertionError("made again, though kept")


def test_a_kept_file_is_linked_not_made_again(tmp_path):
    build(tmp_path, "first", lambda: b"<rss>1</rss>")
    second = build(tmp_path, "second", never)
    made = tmp_path / "second" / "feeds" / "rss.xml"
    assert made.read_bytes() == b"<rss>1</rss>"
    assert os.path.samefile(made, second.cache.path(second.key(INPUTS)))
    assert os.path.samefile(made, tmp_path / "first" / "feeds" / "rss.xml")


def truncate(path, output):
    path.write_bytes(path.read_bytes()[:5])


def write_through_the_link(path, output):
    # The same size: only the time tells.
    (output / "feeds" / "rss.xml").write_bytes(b"<rss>X</rss>")


def manifest_garbage(path, output):
    (path.parent / "manifest.json").write_bytes(b"\x80\x05 not json")


def manifest_list(path, output):
    (path.parent / "manifest.json").write_text(json.dumps([1, 2]))


@pytest.mark.parametrize(
    "damage",
    [
        truncate,
        write_through_the_link,
        manifest_garbage,
        manifest_list,
        lambda path, output: path.unlink(),
    ],
    ids=[
        "truncated",
        "written-through-link",
        "manifest-garbage",
        "manifest-list",
        "gone",
    ],
)
def test_a_damaged_cache_entry_is_made_again_never_served(tmp_path, damage):
    first = build(tmp_path, "first", lambda: b"<rss>1</rss>")
    damage(first.cache.path(first.key(INPUTS)), tmp_path / "first")
    made = []
    second = build(tmp_path, "second", lambda: made.append(1) or b"<rss>1</rss>")
    assert made == [1]
    assert (tmp_path / "second" / "feeds" / "rss.xml").read_bytes() == b"<rss>1</rss>"
    build(tmp_path, "third", never)  # whole again
    assert second.cache.path(second.key(INPUTS)).read_bytes() == b"<rss>1</rss>"


def test_only_the_files_of_the_last_build_are_kept(tmp_path):
    first = build(tmp_path, "first", lambda: b"<rss>1</rss>")
    other = build(tmp_path, "second", lambda: b"<rss>2</rss>", FEEDS_HUB="")
    folder = tmp_path / "cache" / CACHE_DIR
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(["manifest.json", other.key(INPUTS)])
    assert first.key(INPUTS) != other.key(INPUTS)


def test_without_the_cache_nothing_is_kept_and_no_cache_is_written_through(tmp_path):
    build(tmp_path, "output", lambda: b"<rss>1</rss>")
    kept = tmp_path / "cache" / CACHE_DIR
    before = sorted((path.name, path.read_bytes()) for path in kept.iterdir())
    # The same output built again without the cache: its file was a link.
    build(tmp_path, "output", lambda: b"<rss>2</rss>", FEEDS_CACHE=False)
    assert (tmp_path / "output" / "feeds" / "rss.xml").read_bytes() == b"<rss>2</rss>"
    assert sorted((path.name, path.read_bytes()) for path in kept.iterdir()) == before
