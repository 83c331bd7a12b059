"""Pictures first: thumbnails beside headlines on the home page and in listings."""

import re

from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import SAMPLE

SITE = "http://127.0.0.1:8765"
LISTING = "chuyen-muc/nguoi-tot-viec-tot/index.html"


def soup_of(site, relative):
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def with_photo():
    """Slugs of the sample stories that have a lead photo."""
    slugs = set()
    for story in (SAMPLE / "articles").rglob("*.md"):
        header = story.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if "\nImage: " in header:
            slugs.add(header.split("\nSlug: ", 1)[1].split("\n", 1)[0])
    return slugs


def test_thumbnails_are_small_3_by_2_crops_in_three_widths(sample_site):
    thumbnails = sorted(
        path
        for path in (sample_site / "anh").glob("*.jpg")
        if re.search(r"-t\d+\.jpg$", path.name)
    )
    assert {path.stem.rsplit("-t", 1)[1] for path in thumbnails} == {
        "160",
        "320",
        "480",
    }
    for path in thumbnails:
        with Image.open(path) as image:
            width, height = image.size
        assert width in (160, 320, 480) and height == round(width * 2 / 3), path
        assert path.with_suffix(".webp").is_file()
        assert path.stat().st_size < 40_000, path


def test_listing_cards_show_a_lazy_thumbnail_only_for_stories_with_a_photo(sample_site):
    photos = with_photo()
    cards = soup_of(sample_site, LISTING).select(".dh-card")
    assert cards
    for card in cards:
        slug = (
            card.select_one(".dh-card__title a")["href"].rstrip("/").rsplit("/", 1)[1]
        )
        image = card.select_one("img")
        if slug not in photos:
            assert image is None and "dh-card--picture" not in card["class"], slug
            continue
        link = card.select_one(".dh-card__picture")
        assert link["aria-hidden"] == "true" and link["tabindex"] == "-1"
        assert image["alt"] == "" and image["loading"] == "lazy"
        assert image["decoding"] == "async" and image["width"] == "160"
        assert image["height"] == "107"
        assert [part.split()[1] for part in image["srcset"].split(", ")] == [
            "160w",
            "320w",
            "480w",
        ]
        assert card.select_one("source")["type"] == "image/webp"
    assert any(card.select_one("img") for card in cards)


def test_the_home_page_blocks_lead_with_photos(sample_site):
    home = soup_of(sample_site, "index.html")
    latest = home.select_one("#latest-heading").find_parent("section")
    items = latest.select(".dh-card")
    assert len(items) == 5
    pictured = [item for item in items if item.select_one("img")]
    assert pictured and all(i.select_one("img")["loading"] == "lazy" for i in pictured)
    for item in items:
        assert bool(item.select_one("img")) == ("dh-card--picture" in item["class"])
    spotlight = home.select_one(".dh-block--spotlight")
    assert len(spotlight.select(".dh-card img")) >= 2


ESSAY = "bai-viet/phong-su-anh-doi-thay-vung-atk/index.html"


def test_a_photo_essay_is_a_sequence_of_captioned_figures(sample_site):
    page = soup_of(sample_site, ESSAY)
    gallery = page.select_one("section.dh-gallery")
    assert gallery["aria-label"] == "Phóng sự ảnh"
    figures = gallery.select("figure.dh-gallery__figure")
    assert len(figures) == 3
    for number, figure in enumerate(figures, start=1):
        image = figure.select_one("picture img")
        assert image["alt"] and image["loading"] == "lazy"
        assert image["width"] and image["height"]
        caption = figure.select_one("figcaption").get_text(" ", strip=True)
        assert caption.startswith(f"{number}/3 ")
        assert "Ảnh: Ảnh minh họa do Ban biên tập dựng" in caption
    assert not page.select(".dh-article__figure")  # no lead photo: the essay leads
    share = page.find("meta", attrs={"property": "og:image"})["content"]
    assert share.startswith(f"{SITE}/anh/duong-lien-thon-phuong-tien-")
    assert share.endswith("-mxh.jpg")


def test_a_photo_essay_gets_its_first_photo_as_thumbnail(sample_site):
    listing = soup_of(sample_site, "chuyen-muc/van-hoa-xa-hoi/index.html")
    card = next(
        card
        for card in listing.select(".dh-card")
        if "phong-su-anh" in card.select_one(".dh-card__title a")["href"]
    )
    assert "duong-lien-thon-phuong-tien-" in card.select_one("img")["src"]


def test_story_types_label_listings_and_have_pages(sample_site):
    listing = soup_of(sample_site, "chuyen-muc/van-hoa-xa-hoi/index.html")
    labels = [label.get_text() for label in listing.select(".dh-type")]
    assert labels == ["Ảnh", "Ảnh"]
    assert listing.select_one(".dh-type")["href"] == f"{SITE}/the-loai/anh/"
    essays = soup_of(sample_site, "the-loai/anh/index.html")
    titles = [a.get_text() for a in essays.select(".dh-card__title a")]
    assert titles == [
        "Phóng sự ảnh: Đổi thay ở các xã vùng ATK",
        "Phóng sự ảnh: Mùa lúa chín trên ruộng bậc thang xã Quy Kỳ",
    ]
    news = soup_of(sample_site, "the-loai/tin/index.html")
    assert len(news.select(".dh-card")) >= 10  # stories without a Type are news
    assert not news.select(".dh-type")  # news carries no label


VIDEO_STORY = "bai-viet/video-hoi-thi-hai-che-gioi-o-xa-phuong-tien/index.html"


def test_feeds_describe_a_video_story_s_clip(sample_site):
    import json

    import feedparser
    from lxml import etree

    media = "{http://search.yahoo.com/mrss/}"
    rss = etree.parse(str(sample_site / "feeds/rss.xml"))
    item = next(
        i for i in rss.iter("item") if i.findtext("title").startswith("Video: Hội thi")
    )
    clip = next(c for c in item.iter(f"{media}content") if c.get("medium") == "video")
    assert clip.get("url") == "https://www.youtube.com/watch?v=Dinhhoa2026"
    assert clip.get("duration") == "205"
    assert clip.find(f"{media}player").get("url") == (
        "https://www.youtube-nocookie.com/embed/Dinhhoa2026"
    )
    assert not feedparser.parse(str(sample_site / "feeds/atom.xml")).bozo
    document = json.loads((sample_site / "feeds/feed.json").read_text("utf-8"))
    entry = next(i for i in document["items"] if i["title"].startswith("Video: Hội"))
    assert {
        "url": "https://www.youtube.com/watch?v=Dinhhoa2026",
        "mime_type": "text/html",
        "title": "Video",
        "duration_in_seconds": 205,
    } in entry["attachments"]
    # A story with no clip says nothing of one.
    plain = next(i for i in document["items"] if "video" not in i["_dinhhoa"])
    assert all(a["mime_type"] != "text/html" for a in plain.get("attachments", []))


def test_a_video_story_without_a_photo_gets_its_title_card_as_poster(tmp_path):
    from tests.conftest import build_site, copy_fixture_content

    content = copy_fixture_content(tmp_path / "content")
    (content / "articles/thoi-su/video.md").write_text(
        "Title: Video: Hội thi hái chè giỏi ở xã Phượng Tiến\n"
        "Id: 5afe3c47-b39c-51c2-a8c2-ce05f5f35e02\n"
        "Slug: video-hoi-thi-hai-che-gioi-o-xa-phuong-tien\n"
        "Date: 01/11/2026 09:00\n"
        "Section: Thời sự\n"
        "Type: Video\n"
        "Authors: Trần Văn Quang\n"
        "Unit: UBND xã Định Hóa\n"
        "Communes: Xã Định Hóa\n"
        "Summary: Ba mươi chị em thi hái chè búp.\n"
        "Video: https://www.youtube.com/watch?v=Dinhhoa2026\n"
        "Approver: Lê Văn Thành\n"
        "Status: published\n\n"
        "Hội thi trên đồi chè, không có ảnh.\n",
        encoding="utf-8",
    )
    site = build_site(content, tmp_path / "output")
    facade = soup_of(site, VIDEO_STORY).select_one(".dh-video__link")
    poster = facade.select_one(".dh-video__poster img")
    assert poster["src"].endswith(".jpg") and "/anh/the-video-" in poster["src"]
    assert (poster["width"], poster["height"]) == ("1200", "630")
    from urllib.parse import urlsplit

    assert (site / urlsplit(poster["src"]).path.lstrip("/")).is_file()
    assert facade.find("iframe") is None
