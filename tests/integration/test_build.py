"""Build the fixture site once and check what readers would get."""

import json
import unicodedata

import pytest
from bs4 import BeautifulSoup

from tests.conftest import build_site, copy_fixture_content, output_files

STORY = "bai-viet/dong-chi-dang-xuan-truong-tham-xa-diem-mac/index.html"
SECRET_MARKERS = (b"BANNHAPBIMAT", b"TUONGLAIBIMAT")


def read_html(site, relative):
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def test_every_page_is_vietnamese(fixture_site):
    pages = sorted(fixture_site.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        assert (
            read_html(fixture_site, page.relative_to(fixture_site)).html["lang"] == "vi"
        )


def test_story_url_is_an_ascii_slug_of_its_title(fixture_site):
    assert (fixture_site / STORY).is_file()


def test_an_editors_slug_with_marks_is_made_ascii(fixture_site):
    assert (fixture_site / "bai-viet/le-hoi-long-tong-dinh-hoa/index.html").is_file()


def test_story_shows_its_date_in_vietnamese_and_iso(fixture_site):
    time = read_html(fixture_site, STORY).find("time")
    assert time.get_text() == "Thứ Sáu, 27/11/2026, 08:30"
    assert time["datetime"] == "2026-11-27T08:30:00+07:00"


def test_day_first_date_is_read_day_first(fixture_site):
    time = read_html(
        fixture_site, "bai-viet/le-hoi-long-tong-dinh-hoa/index.html"
    ).find("time")
    assert time["datetime"] == "2026-11-20T07:15:00+07:00"


def test_section_name_and_url_come_from_the_data_file(fixture_site):
    page = read_html(fixture_site, "chuyen-muc/nguoi-tot-viec-tot/index.html")
    assert page.h1.get_text() == "Chuyên mục: Người tốt việc tốt"
    nav_links = {a.get_text(): a["href"] for a in page.select("nav.dh-nav a")}
    assert nav_links["Người tốt việc tốt"] == "/chuyen-muc/nguoi-tot-viec-tot/"
    assert nav_links["Thời sự"] == "/chuyen-muc/thoi-su/"


def test_story_keeps_the_commune_it_was_written_under(fixture_site):
    byline = read_html(fixture_site, STORY).select_one(".dh-article__byline").get_text()
    assert "Thị trấn Chợ Chu" in byline
    assert "UBND xã Định Hóa" in byline


def test_lead_photo_has_alt_width_and_height(fixture_site):
    image = read_html(fixture_site, STORY).select_one(".dh-article__figure img")
    assert image["alt"] == "Đoàn công tác trò chuyện với gia đình chính sách"
    assert (image["width"], image["height"]) == ("640", "427")


def test_no_draft_or_future_story_anywhere(fixture_site):
    files = output_files(fixture_site)
    leaks = [
        name
        for name, data in files.items()
        for marker in SECRET_MARKERS
        if marker in data or marker.lower() in name.encode()
    ]
    assert leaks == []
    assert not (fixture_site / "drafts").exists()
    assert not any("tuong-lai" in name or "ban-nhap" in name for name in files)


def test_a_photo_only_a_draft_uses_is_not_published(fixture_site):
    assert not (fixture_site / "images/draft-only.jpg").exists()


def test_hostile_metadata_is_escaped_everywhere(fixture_site):
    for page in fixture_site.rglob("*.html"):
        soup = read_html(fixture_site, page.relative_to(fixture_site))
        assert soup.find("b") is None, page
        for script in soup.find_all("script"):
            if script.has_attr("src"):
                assert script["src"].startswith(("/theme/js/", "/admin/")), page
                continue
            assert script["type"] == "application/ld+json", page
            json.loads(script.string)
        handlers = [name for tag in soup.find_all(True) for name in tag.attrs]
        assert not [name for name in handlers if name.startswith("on")], page
    story = read_html(
        fixture_site, "bai-viet/script-alert-xss-script-tieu-de-doc-hai-nhay/index.html"
    )
    assert (
        story.h1.get_text()
        == """<script>alert(“xss”)</script> Tiêu đề “độc hại” & 'nháy'"""
    )
    assert story.find("img", src="x") is None


def test_index_is_paginated_with_rel_links(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    site = build_site(content, tmp_path / "output", DEFAULT_PAGINATION=1)
    first = read_html(site, "index.html")
    assert first.find("link", rel="next")["href"] == "/trang/2/"
    second = read_html(site, "trang/2/index.html")
    assert second.find("link", rel="prev")["href"] == "/"
    assert second.select_one("a[rel=prev]")["href"] == "/"


def test_nfd_story_builds_byte_identical_pages(tmp_path):
    nfc_content = copy_fixture_content(tmp_path / "nfc")
    nfd_content = copy_fixture_content(tmp_path / "nfd")
    story = "articles/thoi-su/2026-11-27-tham-xa-diem-mac.md"
    text = (nfc_content / story).read_text(encoding="utf-8")
    nfd_text = unicodedata.normalize("NFD", text)
    assert nfd_text != text
    (nfd_content / story).write_bytes(
        b"\xef\xbb\xbf" + nfd_text.replace("\n", "\r\n").encode()
    )
    nfc_site = output_files(build_site(nfc_content, tmp_path / "out-nfc"))
    nfd_site = output_files(build_site(nfd_content, tmp_path / "out-nfd"))
    assert nfc_site.keys() == nfd_site.keys()
    assert [name for name in nfc_site if nfc_site[name] != nfd_site[name]] == []


@pytest.mark.validator
def test_fixture_pages_are_valid_html(fixture_site):
    from tests.validators import html_errors

    assert html_errors(fixture_site) == []
