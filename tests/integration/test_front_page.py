"""The newspaper theme on a fixture site: home layout, ways in, reading aids.

One site is built per module: the fixture site plus stories written here, so
the home page has more than one screen of sections to place.
"""

import urllib.parse
import uuid
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import build_site, copy_fixture_content

SECTIONS = """
[[section]]
slug = "kinh-te"
name = "Kinh tế"
"""
# (slug, section, date, featured): dates deliberately out of file order.
STORIES = [
    ("kinh-te-1", "Kinh tế", "2026-10-01 08:00", False),
    ("kinh-te-2", "Kinh tế", "2026-11-02 08:00", False),
    ("kinh-te-3", "Kinh tế", "2026-10-20 08:00", False),
    ("kinh-te-4", "Kinh tế", "2026-09-15 08:00", False),
    ("kinh-te-5", "Kinh tế", "2026-11-10 08:00", False),
    ("kinh-te-6", "Kinh tế", "2026-08-01 08:00", False),
    ("thoi-su-1", "Thời sự", "2026-10-05 08:00", False),
    ("thoi-su-2", "Thời sự", "2026-09-01 08:00", False),
    ("thoi-su-3", "Thời sự", "2026-11-12 08:00", False),
    ("thoi-su-4", "Thời sự", "2026-07-01 08:00", False),
    ("tot-1", "Người tốt việc tốt", "2026-10-11 08:00", False),
    ("tot-2", "Người tốt việc tốt", "2026-09-11 08:00", False),
    # An older featured story leads the page.
    ("noi-bat", "Thời sự", "2026-06-01 08:00", True),
]


def story_text(slug, section, date, featured):
    return "\n".join(
        [
            f"Title: Tin {slug}",
            f"Id: {uuid.uuid5(uuid.NAMESPACE_URL, slug)}",
            f"Slug: {slug}",
            f"Date: {date}",
            f"Section: {section}",
            "Authors: Nguyễn Thị Hằng",
            "Unit: UBND xã Định Hóa",
            "Communes: Xã Định Hóa",
            f"Summary: Tóm tắt của {slug}.",
            "Approver: Lê Văn Thành",
            *(["Featured: có", "Image: images/lead.jpg"] if featured else []),
            *(["Image_alt: Cánh đồng lúa xanh"] if featured else []),
            "Status: published",
            "",
            f"Nội dung của {slug}.",
            "",
        ]
    )


DOCUMENT_TYPES = """
[[type]]
slug = "ke-hoach"
name = "Kế hoạch"
code = "KH"

[[type]]
slug = "quyet-dinh"
name = "Quyết định"
code = "QĐ"
schema = "Legislation"
legal_effect = true
"""
DOCUMENTS = {
    "12-qd.md": """Title: Ban hành quy chế "thi đua" <b>mới</b>
Id: 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c51
Number: 12/2026/QĐ-UBND
Type: Quyết định
Issuer: UBND xã Định Hóa
Date: 10/09/2026
Signer: Nguyễn Văn Minh
Signer_title: Chủ tịch
Approver: Lê Văn Thành
Status: published

Quy chế thi đua.
""",
    "7-kh.md": """Title: Kế hoạch thi đua năm 2026
Id: 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c52
Number: 7/KH-UBND
Type: Kế hoạch
Issuer: UBND xã Định Hóa
Date: 20/09/2026
Signer: Nguyễn Văn Minh
Signer_title: Chủ tịch
Approver: Lê Văn Thành
Status: published

Căn cứ [[12/2026/QĐ-UBND]], xã lập kế hoạch.
""",
}


def write_front_content(content):
    """The fixture content plus a third section and the stories above."""
    with (content / "data" / "sections.toml").open("a", encoding="utf-8") as data:
        data.write(SECTIONS)
    for slug, section, date, featured in STORIES:
        folder = content / "articles" / "them"
        folder.mkdir(parents=True, exist_ok=True)
        text = story_text(slug, section, date, featured)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    (folder / "khau-hieu.md").write_text(QUOTED, encoding="utf-8")
    (folder / "phu-dinh-ho-tro.md").write_text(CORRECTED, encoding="utf-8")
    (folder / "video-thu.md").write_text(VIDEO, encoding="utf-8")
    (content / "data" / "document_types.toml").write_text(DOCUMENT_TYPES, "utf-8")
    (content / "data" / "fields.toml").write_text("", encoding="utf-8")
    documents = content / "documents"
    documents.mkdir()
    for name, text in DOCUMENTS.items():
        (documents / name).write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def front_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("front")
    content = write_front_content(copy_fixture_content(root / "content"))
    return build_site(
        content, root / "output", DEFAULT_PAGINATION=50, CMS_ENABLED=False
    )


def soup(site, relative):
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def story_links(element):
    """The story addresses a part of a page links to, in order."""
    return [
        a["href"]
        for a in element.select("a[href*='/bai-viet/']")
        if not a.get("tabindex")
    ]


def test_no_story_appears_twice_on_the_home_page(front_site):
    home = soup(front_site, "index.html")
    links = story_links(home.select_one(".dh-front"))
    assert len(links) == len(set(links))
    # Lead, top, latest, spotlight and four a section: most of this small site.
    assert len(links) >= len(STORIES)


def test_the_featured_story_leads_and_the_top_ones_are_the_newest(front_site):
    home = soup(front_site, "index.html")
    assert story_links(home.select_one(".dh-lead")) == ["/bai-viet/noi-bat/"]
    top = story_links(home.select_one(".dh-front__top"))
    assert top[:3] == [
        "/bai-viet/dong-chi-dang-xuan-truong-tham-xa-diem-mac/",
        "/bai-viet/script-alert-xss-script-tieu-de-doc-hai-nhay/",
        "/bai-viet/le-hoi-long-tong-dinh-hoa/",
    ]


def test_every_home_list_is_newest_first(front_site):
    home = soup(front_site, "index.html")
    blocks = home.select(".dh-front .dh-list")
    assert len(blocks) >= 4
    for block in blocks:
        times = [t["datetime"] for t in block.select(".dh-card__meta time")]
        assert times == sorted(times, reverse=True), block.parent.h2
    economy = home.select_one("#section-kinh-te").find_parent("section")
    # The newest economy stories are already under "Tin mới": the block
    # shows the rest, still newest first.
    assert story_links(economy) == [f"/bai-viet/kinh-te-{n}/" for n in (1, 4, 6)]


def test_one_card_style_for_every_home_list(front_site):
    home = soup(front_site, "index.html")
    front = home.select_one(".dh-front")
    items = front.select(".dh-list > *")
    assert items and all("dh-card" in item["class"] for item in items)
    assert not front.select("ul li a[href*='/bai-viet/']")


def test_a_section_page_does_not_repeat_its_name(front_site):
    page = soup(front_site, "chuyen-muc/kinh-te/index.html")
    cards = page.select(".dh-list .dh-card")
    assert len(cards) == 6
    assert all("Kinh tế" not in c.select_one(".dh-card__meta").text for c in cards)
    commune = soup(front_site, "xa/dinh-hoa/index.html")
    assert "Kinh tế" in commune.select_one(".dh-list").text


def index_items(site, relative):
    page = soup(site, relative)
    return page, {
        item.select_one(".dh-index__name").get_text(strip=True): item
        for item in page.select(".dh-index__item")
    }


def test_the_communes_index_lists_every_commune_with_its_count(front_site):
    page, items = index_items(front_site, "xa/index.html")
    assert page.h1.get_text() == "Các xã"
    # Chợ Chu merged into Định Hóa: listed under the new name, lower-case.
    assert list(items) == ["Xã Định Hóa"]
    item = items["Xã Định Hóa"]
    assert item.a["href"] == "/xa/dinh-hoa/"
    # Every story names Định Hóa or Chợ Chu (counted as Định Hóa today).
    assert (
        item.select_one(".dh-index__count").get_text() == f"{len(STORIES) + 2} tin, bài"
    )
    note = item.select_one(".dh-index__note").get_text()
    assert note == "Gồm cả thị trấn Chợ Chu (đã sáp nhập)"


def test_the_sections_and_units_indexes_list_every_entry(front_site):
    _, sections = index_items(front_site, "chuyen-muc/index.html")
    counts = {
        name: item.select_one(".dh-index__count").get_text()
        for name, item in sections.items()
    }
    assert counts == {
        "Thời sự": "9 tin, bài",
        "Người tốt việc tốt": "4 tin, bài",
        "Kinh tế": "6 tin, bài",
    }
    _, units = index_items(front_site, "don-vi/index.html")
    assert list(units) == ["Công an xã Định Hóa", "UBND xã Định Hóa"]


@pytest.mark.parametrize(
    ("relative", "trail"),
    [
        (
            "chuyen-muc/kinh-te/index.html",
            ["Trang chủ", "Chuyên mục", "Chuyên mục: Kinh tế"],
        ),
        ("xa/dinh-hoa/index.html", ["Trang chủ", "Các xã", "Xã Định Hóa"]),
        (
            "don-vi/ubnd-xa-dinh-hoa/index.html",
            ["Trang chủ", "Đơn vị gửi bài", "UBND xã Định Hóa"],
        ),
        ("chu-de/tham-hoi/index.html", ["Trang chủ", "Chủ đề: thăm hỏi"]),
        (
            "luu-tru/2026/11/index.html",
            ["Trang chủ", "Lưu trữ", "Lưu trữ tháng 11/2026"],
        ),
        ("xa/index.html", ["Trang chủ", "Các xã"]),
    ],
)
def test_every_listing_has_breadcrumbs(front_site, relative, trail):
    page = soup(front_site, relative)
    crumbs = page.select(".dh-breadcrumbs__item")
    assert [crumb.get_text(strip=True) for crumb in crumbs] == trail
    assert crumbs[-1]["aria-current"] == "page" and crumbs[-1].a is None
    assert all(crumb.a["href"].startswith("/") for crumb in crumbs[:-1])


def test_the_merged_commune_s_page_notes_it_lower_case(front_site):
    note = soup(front_site, "xa/dinh-hoa/index.html").select_one(".dh-listing__note")
    assert "của thị trấn Chợ Chu (đã sáp nhập)" in note.get_text()


QUOTED = """Title: Khẩu hiệu "Dân biết, dân bàn"
Id: 6d0f3a55-2b4e-4f4c-9a55-1f1d7c1c2a01
Slug: khau-hieu
Date: 2026-05-01 08:00
Section: Thời sự
Authors: Nguyễn Thị Hằng
Unit: UBND xã Định Hóa
Summary: Người dân nói "làm được".
Approver: Lê Văn Thành
Status: published

Bà con nhắc lại câu "dân biết, dân bàn" và [xem "quy chế"](https://example.vn/a 'Quy chế "mới"').

Lệnh `echo "xin chào"` in ra lời chào.

    print("không đổi")
"""


@pytest.fixture(scope="module")
def quoted_story(front_site):
    return soup(front_site, "bai-viet/khau-hieu/index.html")


def test_quotes_are_curly_in_title_summary_and_body(quoted_story):
    assert quoted_story.h1.get_text() == "Khẩu hiệu “Dân biết, dân bàn”"
    assert quoted_story.title.get_text().startswith("Khẩu hiệu “Dân biết, dân bàn”")
    summary = quoted_story.select_one(".dh-article__summary").get_text()
    assert summary == "Người dân nói “làm được”."
    body = quoted_story.select_one(".dh-article__body")
    assert "câu “dân biết, dân bàn” và" in body.p.get_text()
    assert body.p.a.get_text() == "xem “quy chế”"


def test_quotes_stay_straight_in_code_and_attributes(quoted_story):
    body = quoted_story.select_one(".dh-article__body")
    assert [c.get_text() for c in body.select("code")] == [
        'echo "xin chào"',
        'print("không đổi")\n',
    ]
    assert body.p.a["title"] == 'Quy chế "mới"'
    assert '"' not in body.get_text().replace('"xin chào"', "").replace(
        '"không đổi"', ""
    )


CORRECTED = """Title: Xã Phú Đình hỗ trợ hộ nghèo
Id: 7e1f4b66-3c5f-4d5d-8b66-2e2e8d2d3b02
Slug: phu-dinh-ho-tro
Date: 2026-04-01 08:00
Section: Thời sự
Authors: Nguyễn Thị Hằng
Unit: UBND xã Định Hóa
Summary: Tin đã sửa sau khi đăng.
Approver: Lê Văn Thành
Corrections: 27/11/2026 | Sửa tên xã: Phú Đình, không phải Phú Định.
    2026-11-28 09:15 | <script>alert(1)</script> Bổ sung số hộ & "nguồn"
Status: published

Xã hỗ trợ 20 hộ nghèo.
"""
VIDEO = """Title: Video: Hội thi hái chè
Id: 3c2d1e0f-4a5b-4c6d-8e7f-9a0b1c2d3e04
Slug: video-thu
Date: 2026-01-01 08:00
Section: Người tốt việc tốt
Type: Video
Authors: Nguyễn Thị Hằng
Unit: UBND xã Định Hóa
Summary: Một video.
Approver: Lê Văn Thành
Video: https://www.youtube.com/watch?v=Dinhhoa2026
Video_duration: 3:25
Image: images/lead.jpg
Image_alt: Đồi chè
Image_caption: Đồi chè mùa thu hái
Image_credit: Hà Văn Thu
Status: published

Video hội thi.

<iframe src="https://www.youtube-nocookie.com/embed/Trongbai2026" title="Trong bài"></iframe>
"""
CORRECTED_ID = "7e1f4b66-3c5f-4d5d-8b66-2e2e8d2d3b02"


@pytest.fixture(scope="module")
def corrected_story(front_site):
    return soup(front_site, "bai-viet/phu-dinh-ho-tro/index.html")


def test_corrections_are_shown_under_the_title_newest_first(corrected_story):
    notes = corrected_story.select(".dh-corrections__item")
    assert [note.get_text() for note in notes] == [
        'Cập nhật 28/11/2026: <script>alert(1)</script> Bổ sung số hộ & "nguồn"',
        "Cập nhật 27/11/2026: Sửa tên xã: Phú Đình, không phải Phú Định.",
    ]
    # Hostile text stays text.
    assert corrected_story.select_one(".dh-corrections script") is None
    title = corrected_story.select_one("h1.dh-article__title")
    assert title.find_next_sibling()["class"] == ["dh-corrections"]
    modified = corrected_story.find("meta", property="article:modified_time")
    assert modified["content"] == "2026-11-28T09:15:00+07:00"


def test_every_story_has_a_report_error_link_with_its_address(corrected_story):
    link = corrected_story.select_one(".dh-report-error a")
    assert link.get_text() == "Báo lỗi trong bài"
    address = urllib.parse.urlsplit(link["href"])
    assert address.scheme == "mailto" and address.path == "bbt.dinhhoa@example.vn"
    query = urllib.parse.parse_qs(address.query)
    assert query["subject"] == ["Báo lỗi trong bài: Xã Phú Đình hỗ trợ hộ nghèo"]
    assert "Địa chỉ bài: /bai-viet/phu-dinh-ho-tro/" in query["body"][0]


def test_feeds_carry_the_update_and_its_note_under_the_same_guid(front_site):
    atom = ElementTree.parse(front_site / "feeds" / "atom.xml").getroot()
    namespace = {"a": "http://www.w3.org/2005/Atom"}
    entries = {
        entry.findtext("a:id", namespaces=namespace): entry
        for entry in atom.findall("a:entry", namespace)
    }
    entry = entries[f"urn:uuid:{CORRECTED_ID}"]
    assert entry.findtext("a:updated", namespaces=namespace).startswith(
        "2026-11-28T09:15:00+07:00"
    )
    assert entry.findtext("a:published", namespaces=namespace).startswith(
        "2026-04-01T08:00:00+07:00"
    )
    content = BeautifulSoup(
        entry.findtext("a:content", namespaces=namespace), "html.parser"
    )
    first = content.find("p")
    assert first.get_text() == (
        'Cập nhật 28/11/2026: <script>alert(1)</script> Bổ sung số hộ & "nguồn"'
    )
    assert content.find("script") is None


def test_a_video_always_has_a_text_link_to_its_own_site(front_site):
    page = soup(front_site, "bai-viet/video-thu/index.html")
    figure = page.select_one("figure.dh-video")
    source = figure.select_one(".dh-video__source a")
    assert source.get_text() == "Xem trên YouTube"
    assert source["href"] == "https://www.youtube.com/watch?v=Dinhhoa2026"
    # The credit is apart from the caption, on its own element.
    assert figure.select_one("figcaption .dh-article__credit").get_text() == (
        "Ảnh: Hà Văn Thu"
    )
    in_body = page.select_one(".dh-article__body figure.dh-embed")
    link = in_body.select_one(".dh-video__source a")
    assert link["href"] == "https://www.youtube.com/watch?v=Trongbai2026"
    assert in_body.find("iframe") is None


def facts(page) -> dict:
    return {
        term.get_text(strip=True): term.find_next("dd").get_text(" ", strip=True)
        for term in page.select(".dh-document__facts dt")
    }


def test_only_a_document_with_legal_effect_has_a_status(front_site):
    decision = soup(front_site, "van-ban/12-2026-qd-ubnd/index.html")
    plan = soup(front_site, "van-ban/7-kh-ubnd/index.html")
    assert facts(decision)["Tình trạng"] == "Còn hiệu lực"
    assert "Tình trạng" not in facts(plan)
    listing = soup(front_site, "van-ban/index.html")
    metas = [p.get_text() for p in listing.select(".dh-document__list .dh-card__meta")]
    assert [m.endswith("Còn hiệu lực") for m in metas] == [False, True]


def test_document_links_have_natural_headings(front_site):
    def sections(relative):
        page = soup(front_site, relative)
        return {
            s.h2.get_text(): [a.get_text() for a in s.select("li a")]
            for s in page.select(".dh-document__links")
        }

    assert sections("van-ban/7-kh-ubnd/index.html") == {"Căn cứ": ["12/2026/QĐ-UBND"]}
    assert sections("van-ban/12-2026-qd-ubnd/index.html") == {
        "Được dẫn chiếu tại": ["7/KH-UBND"]
    }


def test_each_document_has_a_drawn_share_image_and_a_twitter_card(front_site):
    page = soup(front_site, "van-ban/12-2026-qd-ubnd/index.html")
    image = page.find("meta", property="og:image")["content"]
    assert image == "/van-ban/12-2026-qd-ubnd/chia-se.jpg"
    with Image.open(front_site / image.lstrip("/")) as card:
        assert card.size == (1200, 630) and card.format == "JPEG"
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == (
        "summary_large_image"
    )
    alt = page.find("meta", property="og:image:alt")["content"]
    # Escaped as text: the subject's markup is never markup in the page.
    assert alt == (
        "Quyết định số 12/2026/QĐ-UBND của UBND xã Định Hóa: "
        "Ban hành quy chế “thi đua” <b>mới</b>"
    )


@pytest.mark.parametrize(
    ("relative", "trail"),
    [
        ("van-ban/index.html", ["Trang chủ", "Văn bản"]),
        (
            "van-ban/loai/ke-hoach/index.html",
            ["Trang chủ", "Văn bản", "Văn bản: Kế hoạch"],
        ),
    ],
)
def test_the_document_list_and_facets_have_breadcrumbs(front_site, relative, trail):
    crumbs = soup(front_site, relative).select(".dh-breadcrumbs__item")
    assert [crumb.get_text(strip=True) for crumb in crumbs] == trail


def test_the_feeds_page_is_grouped_folded_and_every_address_has_a_copy_button(
    front_site,
):
    page = soup(front_site, "nguon-tin/index.html")
    groups = page.select("details.dh-feeds")
    names = [g.select_one(".dh-feeds__group").get_text() for g in groups]
    assert names == ["Toàn trang", "Chuyên mục", "Xã", "Đơn vị", "Văn bản"]
    assert [g.has_attr("open") for g in groups] == [True, False, False, False, False]
    # Each feed is named once, without the site's name before it.
    sections = [t.get_text() for t in groups[1].select(".dh-feeds__title")]
    assert sections == ["Thời sự", "Người tốt việc tốt", "Kinh tế"]
    for field in page.select("input[readonly]"):
        button = field.find_next_sibling("button")
        assert button["data-copy-link"] == field["value"] and button.has_attr("hidden")
    documents = groups[-1].select("input[readonly]")
    assert documents[0]["value"].endswith("/feeds/van-ban/rss.xml")
    assert documents[0]["value"].startswith("http")


def test_the_statistics_table_opens_on_totals_and_months_with_stories(front_site):
    table = soup(front_site, "thong-ke/index.html").select_one(".dh-stats table")
    headers = [th.get_text() for th in table.select("thead th")]
    # Stories naming a commune fall in six of the twelve months shown.
    assert headers[1:] == ["Tổng", *[f"T{m}/2026" for m in (11, 10, 9, 8, 7, 6)]]


@pytest.mark.validator
def test_the_newspaper_pages_are_valid_html(front_site):
    from tests.validators import html_errors

    assert html_errors(front_site) == []


def test_the_statistics_tables_name_their_first_column(front_site):
    page = soup(front_site, "thong-ke/index.html")
    firsts = [
        t.select_one("thead th").get_text() for t in page.select(".dh-stats table")
    ]
    assert firsts == ["Xã", "Đơn vị"]
