"""Feeds, social metadata, sitemaps and WebSub on a production build."""

import json
import re
import shutil
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, build_site, copy_fixture_content
from tintuc.feeds.__main__ import main as feeds_main

SITE = "http://127.0.0.1:8765"
STORY = "bai-viet/dong-chi-dang-xuan-truong-tham-xa-diem-mac/"
# As written, with the quotes the build makes typographic.
HOSTILE = """<script>alert(“xss”)</script> Tiêu đề “độc hại” & 'nháy'"""


def publish(content, output, **overrides):
    return build_site(content, output, conf="publishconf.py", SITEURL=SITE, **overrides)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds-site")
    return publish(copy_fixture_content(root / "content"), root / "output")


def xml_feeds(site):
    return sorted((site / "feeds").rglob("*.xml"))


def html(site, relative):
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def test_every_feed_parses_cleanly_in_vietnamese(site):
    feeds = xml_feeds(site)
    # Site, two sections, two communes (one merged), two units: RSS and Atom each.
    assert len(feeds) == 14
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.feed.get("language", "vi") == "vi" or parsed.feed.language == "vi"
        guids = [entry.id for entry in parsed.entries]
        assert len(guids) == len(set(guids)), path


def test_site_feed_items_carry_everything_auto_share_tools_read(site):
    rss = feedparser.parse((site / "feeds/rss.xml").read_bytes())
    assert rss.feed.language == "vi"
    assert [entry.title for entry in rss.entries] == [
        "Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc",
        HOSTILE,
        "Lễ hội Lồng Tồng ở xã Định Hoá",
    ]
    story = rss.entries[0]
    assert story.id == "urn:uuid:0a3689e2-a294-58d8-acb1-cc3e07319910"
    assert story.link == f"{SITE}/{STORY}"
    assert story.summary == "Đoàn công tác thăm hỏi gia đình chính sách ở Điềm Mặc."
    assert story.published.endswith("+0700")
    assert story.author == "Nguyễn Thị Hằng"
    assert [tag.term for tag in story.tags] == ["Thời sự", "thăm hỏi", "Định Hóa"]
    enclosure = story.enclosures[0]
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 1000
    assert enclosure.href.startswith(f"{SITE}/anh/lead-")
    media = story.media_content[0]
    assert (media["width"], media["height"]) == ("1200", "630")
    body = BeautifulSoup(story.content[0].value, "html.parser")
    assert body.find("picture") is None
    urls = [tag.get("src") or tag.get("href") for tag in body.find_all(["img", "a"])]
    assert urls and all(url.startswith(SITE + "/") for url in urls)


def test_feed_urls_are_all_absolute(site):
    for path in xml_feeds(site):
        parsed = feedparser.parse(path.read_bytes())
        links = [link.href for link in parsed.feed.links]
        for entry in parsed.entries:
            links += [entry.link] + [e.href for e in entry.get("enclosures", [])]
            body = BeautifulSoup(entry.content[0].value, "html.parser")
            links += [
                t.get("src") or t.get("href") for t in body.find_all(["img", "a"])
            ]
        assert links and all(link.startswith(("http://", "https://")) for link in links)


def test_feeds_declare_self_and_hub(site):
    for path in xml_feeds(site):
        parsed = feedparser.parse(path.read_bytes())
        rels = {link.rel: link.href for link in parsed.feed.links}
        assert rels["self"] == f"{SITE}/{path.relative_to(site).as_posix()}"
        assert rels["hub"] == "https://pubsubhubbub.appspot.com/"


def test_json_feed_is_version_1_1_with_the_same_items(site):
    document = json.loads((site / "feeds/feed.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == f"{SITE}/feeds/feed.json"
    assert document["language"] == "vi"
    assert document["hubs"] == [
        {"type": "WebSub", "url": "https://pubsubhubbub.appspot.com/"}
    ]
    rss = feedparser.parse((site / "feeds/rss.xml").read_bytes())
    assert [item["id"] for item in document["items"]] == [e.id for e in rss.entries]
    first = document["items"][0]
    assert first["date_published"] == "2026-11-27T08:30:00+07:00"
    assert first["image"].startswith(f"{SITE}/anh/")


def test_merged_commune_feed_follows_the_new_commune(site):
    old = feedparser.parse((site / "feeds/xa/cho-chu/rss.xml").read_bytes())
    new = feedparser.parse((site / "feeds/xa/dinh-hoa/rss.xml").read_bytes())
    assert [e.id for e in old.entries] == [e.id for e in new.entries]
    assert len(new.entries) == 2
    assert (
        old.feed.title == "Tin tức Định Hóa – Xã Định Hóa (trước là Thị trấn Chợ Chu)"
    )


def test_feed_is_capped_at_the_newest_items(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    site = publish(content, tmp_path / "output", FEEDS_MAX_ITEMS=2)
    parsed = feedparser.parse((site / "feeds/rss.xml").read_bytes())
    assert [e.title for e in parsed.entries] == [
        "Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc",
        HOSTILE,
    ]


def is_public_page(soup) -> bool:
    """Not a redirect, and not a page search engines are asked to skip (/admin/)."""
    robots = soup.find("meta", attrs={"name": "robots"})
    redirect = soup.find("meta", attrs={"http-equiv": "refresh"})
    return redirect is None and (robots is None or "noindex" not in robots["content"])


def test_every_page_links_its_feeds(site):
    for page in site.rglob("index.html"):
        soup = html(site, page.relative_to(site))
        if not is_public_page(soup):
            continue
        types = [link["type"] for link in soup.find_all("link", rel="alternate")]
        assert types[:3] == [
            "application/rss+xml",
            "application/atom+xml",
            "application/feed+json",
        ], page
    section = html(site, "chuyen-muc/thoi-su/index.html")
    hrefs = [link["href"] for link in section.find_all("link", rel="alternate")]
    assert f"{SITE}/feeds/chuyen-muc/thoi-su/rss.xml" in hrefs


def test_feeds_page_lists_every_feed_with_a_copyable_url(site):
    page = html(site, "nguon-tin/index.html")
    values = {field["value"] for field in page.select("input[readonly]")}
    published = {
        f"{SITE}/{path.relative_to(site).as_posix()}"
        for path in (site / "feeds").rglob("*")
        if path.is_file()
    }
    assert values == published
    for field in page.select("input[readonly]"):
        assert page.find("label", attrs={"for": field["id"]}).get_text()


def test_story_has_complete_social_metadata(site):
    page = html(site, STORY + "index.html")

    def meta(key):
        found = page.find("meta", property=key) or page.find(
            "meta", attrs={"name": key}
        )
        return found["content"]

    assert (
        meta("og:url")
        == page.find("link", rel="canonical")["href"]
        == f"{SITE}/{STORY}"
    )
    assert meta("og:type") == "article"
    assert meta("og:site_name") == "Tin tức Định Hóa"
    assert meta("og:locale") == "vi_VN"
    assert meta("og:title") == "Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc"
    assert (
        meta("og:description")
        == "Đoàn công tác thăm hỏi gia đình chính sách ở Điềm Mặc."
    )
    assert meta("og:image").startswith(f"{SITE}/anh/lead-")
    assert (meta("og:image:width"), meta("og:image:height")) == ("1200", "630")
    assert meta("og:image:alt") == "Đoàn công tác trò chuyện với gia đình chính sách"
    assert meta("article:published_time") == "2026-11-27T08:30:00+07:00"
    assert meta("article:modified_time") == "2026-11-27T08:30:00+07:00"
    assert meta("article:section") == "Thời sự"
    assert [m["content"] for m in page.find_all("meta", property="article:tag")] == [
        "thăm hỏi",
        "Định Hóa",
    ]
    assert meta("twitter:card") == "summary_large_image"
    document = json.loads(page.find("script", type="application/ld+json").string)
    assert document["@type"] == "NewsArticle"
    assert document["headline"] == "Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc"
    assert document["image"][0]["url"] == meta("og:image")
    assert document["datePublished"] == "2026-11-27T08:30:00+07:00"
    assert document["author"] == [{"@type": "Person", "name": "Nguyễn Thị Hằng"}]
    assert document["publisher"]["logo"]["url"] == f"{SITE}/theme/images/logo.png"
    assert (site / "theme/images/logo.png").is_file()


def test_story_without_photo_shares_its_title_card(site):
    page = html(site, "bai-viet/le-hoi-long-tong-dinh-hoa/index.html")
    image = page.find("meta", property="og:image")["content"]
    assert image.startswith(f"{SITE}/anh/the-le-hoi-long-tong-dinh-hoa-")
    assert (site / image.removeprefix(SITE + "/")).is_file()


def test_sitemap_lists_every_public_page_with_lastmod(site):
    from xml.etree import ElementTree

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    entries = {
        url.find("s:loc", namespace).text: url.find("s:lastmod", namespace).text
        for url in root.findall("s:url", namespace)
    }
    pages = set()
    for page in site.rglob("index.html"):
        if not is_public_page(html(site, page.relative_to(site))):
            continue
        relative = page.relative_to(site).as_posix().removesuffix("index.html")
        pages.add(f"{SITE}/{relative}")
    assert set(entries) == pages
    assert entries[f"{SITE}/{STORY}"] == "2026-11-27T08:30:00+07:00"
    assert f"{SITE}/xa/cho-chu/" not in entries
    assert all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", v)
        for v in entries.values()
    )


def test_news_sitemap_has_only_the_last_two_days(tmp_path):
    import datetime
    import uuid

    content = copy_fixture_content(tmp_path / "content")
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7)))
    for name, age in (("moi", 1), ("cu", 50)):
        story = content / "articles" / "thoi-su" / f"{name}.md"
        story.write_text(
            f"Title: Tin {name}\nId: {uuid.uuid5(uuid.NAMESPACE_URL, name)}\nSlug: tin-{name}\n"
            f"Date: {now - datetime.timedelta(hours=age):%Y-%m-%d %H:%M}\nSection: Thời sự\n"
            "Unit: UBND xã Định Hóa\nAuthors: A\nSummary: B\nApprover: Lê Văn Thành\n\nD\n",
            encoding="utf-8",
        )
    site = publish(content, tmp_path / "output")
    news = (site / "sitemap-news.xml").read_text(encoding="utf-8")
    assert f"{SITE}/bai-viet/tin-moi/" in news
    assert "tin-cu" not in news
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    assert f"Sitemap: {SITE}/sitemap-news.xml" in robots


def guids_by_title(site):
    parsed = feedparser.parse((site / "feeds/rss.xml").read_bytes())
    return {entry.title: entry.id for entry in parsed.entries}


def test_editing_title_slug_and_section_keeps_the_guid(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    before = guids_by_title(publish(content, tmp_path / "one"))
    story = content / "articles" / "thoi-su" / "2026-11-27-tham-xa-diem-mac.md"
    text = story.read_text(encoding="utf-8")
    text = text.replace(
        "Title: Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc", "Title: Tiêu đề đã sửa"
    )
    text = text.replace(
        "Slug: dong-chi-dang-xuan-truong-tham-xa-diem-mac", "Slug: tieu-de-da-sua"
    )
    text = text.replace("Section: Thời sự", "Section: Người tốt việc tốt")
    text = text.replace("Date: 2026-11-27 08:30", "Date: 2026-11-27 09:45")
    story.write_text(text, encoding="utf-8")
    after = guids_by_title(publish(content, tmp_path / "two"))
    assert (
        after["Tiêu đề đã sửa"] == before["Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc"]
    )
    assert set(after.values()) == set(before.values())


def test_adding_one_story_adds_exactly_one_guid(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    before = set(guids_by_title(publish(content, tmp_path / "one")).values())
    shutil.copy(
        REPO / "tests/fixtures/broken/allowed-embed.md",
        content / "articles" / "thoi-su",
    )
    after = set(guids_by_title(publish(content, tmp_path / "two")).values())
    assert before < after and len(after - before) == 1


class StandInHub(BaseHTTPRequestHandler):
    """A WebSub hub on 127.0.0.1 that records what it is told."""

    received: list

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.received.append(urllib.parse.parse_qs(self.rfile.read(length).decode()))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *arguments):
        pass


def ping(site, hub):
    """Run ``python -m feeds ping`` for the built site against ``hub``."""
    return feeds_main(
        [
            "--settings",
            str(REPO / "publishconf.py"),
            "ping",
            "--output",
            str(site),
            "--hub",
            hub,
            "--siteurl",
            SITE,
        ]
    )


def test_ping_tells_the_hub_about_every_feed(site, capsys):
    StandInHub.received = []
    server = HTTPServer(("127.0.0.1", 0), StandInHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        hub = f"http://127.0.0.1:{server.server_port}/"
        code = ping(site, hub)
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0
    topics = sorted(request["hub.url"][0] for request in StandInHub.received)
    assert all(request["hub.mode"] == ["publish"] for request in StandInHub.received)
    expected = sorted(
        f"{SITE}/{path.relative_to(site).as_posix()}"
        for path in (site / "feeds").rglob("*")
        if path.is_file()
    )
    assert topics == expected
    assert "Đã báo 21/21 nguồn tin" in capsys.readouterr().out


def test_ping_to_a_dead_hub_warns_but_does_not_fail(site, capsys):
    server = HTTPServer(("127.0.0.1", 0), StandInHub)
    port = server.server_port
    server.server_close()
    code = ping(site, f"http://127.0.0.1:{port}/")
    assert code == 0
    assert "cảnh báo: không báo được cho hub" in capsys.readouterr().err


def test_a_local_build_still_gives_feed_readers_absolute_urls(fixture_site):
    parsed = feedparser.parse((fixture_site / "feeds/rss.xml").read_bytes())
    urls = [entry.link for entry in parsed.entries]
    urls += [e.href for entry in parsed.entries for e in entry.enclosures]
    assert urls and all(url.startswith("http://127.0.0.1:8000/") for url in urls)
