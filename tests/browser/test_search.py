"""Pagefind search in a real browser: with or without diacritics."""

import json

import pytest
from bs4 import BeautifulSoup

STORY = "Xã Định Hóa tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026"


def search(page, siteurl, query):
    page.goto(f"{siteurl}/tim-kiem/?q={query}")
    page.wait_for_function(
        "!document.getElementById('search-status').textContent.startsWith('Đang')"
    )
    titles = page.locator("#search-results a").all_inner_texts()
    return page.inner_text("#search-status"), titles


@pytest.mark.parametrize("query", ["dinh hoa", "Định Hoá", "định hóa", "ĐỊNH HÓA"])
def test_every_spelling_finds_the_story(served_site, page, query):
    siteurl, _ = served_site
    status, titles = search(page, siteurl, query)
    assert STORY in titles
    assert status.startswith("Tìm thấy")


def test_search_says_clearly_when_nothing_is_found(served_site, page):
    siteurl, _ = served_site
    status, titles = search(page, siteurl, "qxzwqxzw")
    assert titles == []
    assert status == "Không tìm thấy kết quả nào cho «qxzwqxzw». Hãy thử từ khóa khác."


def test_only_story_pages_are_indexed(served_site, page):
    siteurl, output = served_site
    status, titles = search(page, siteurl, "lien he")
    assert "Liên hệ" not in titles
    stories = list((output / "bai-viet").glob("*/index.html"))
    bundles = sorted(output.glob("pagefind*/pagefind-entry.json"))
    indexed = sum(
        language["page_count"]
        for entry in bundles
        for language in json.loads(entry.read_text())["languages"].values()
    )
    assert len(bundles) > 1
    documents = list((output / "van-ban").glob("[0-9]*/index.html"))
    assert indexed == len(stories) + len(documents)


@pytest.mark.parametrize(
    "title",
    [
        "Khám sức khỏe miễn phí cho 300 người cao tuổi ở xã Lam Vỹ",  # oldest slice
        "Mô hình nuôi cá lồng trên hồ Bảo Linh cho thu nhập ổn định",  # middle
        STORY,  # newest slice
    ],
)
def test_stories_in_every_slice_are_found(served_site, page, title):
    siteurl, _ = served_site
    _, titles = search(page, siteurl, title)
    assert title in titles


def test_the_newest_slice_is_searched_first(served_site):
    _, output = served_site
    page = BeautifulSoup(
        (output / "tim-kiem" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    bundles = page.select_one("form.dh-search")["data-bundles"].split()
    records = len(list((output / "bai-viet").glob("*/index.html")))
    records += len(list((output / "van-ban").glob("[0-9]*/index.html")))
    count = -(-records // 4)  # SEARCH_SHARD_SIZE=4 in the served site
    assert count > 2
    assert bundles == [f"pagefind-{n}/" for n in range(count, 1, -1)] + ["pagefind/"]


def test_a_result_shows_thumbnail_section_date_and_the_words_marked(served_site, page):
    siteurl, _ = served_site
    search(page, siteurl, "hai che")
    first = page.locator("#search-results li").first
    assert first.locator("h2 a").inner_text().startswith("Video: Hội thi hái chè")
    assert first.locator(".dh-card__meta").inner_text() == "Kinh tế · 01/11/2026"
    image = first.locator(".dh-card__picture img")
    assert image.get_attribute("src").endswith("-t160.jpg")
    assert image.get_attribute("loading") == "lazy"
    story = page.locator("#search-results li", has_text="Video: Hội thi hái chè")
    summary_marks = story.locator("mark").all_inner_texts()
    assert summary_marks and all(
        word.lower() in {"hái", "chè"} for word in summary_marks
    ), summary_marks


def test_results_can_be_narrowed_by_section_and_year(served_site, page):
    siteurl, _ = served_site
    _, everything = search(page, siteurl, "xa")
    sections = page.locator("#search-section option").all_inner_texts()
    assert "Kinh tế" in sections and "Thời sự" in sections
    assert page.locator("#search-year option").all_inner_texts() == [
        "Tất cả",
        "2026",
        "2024",  # a decision of 2024 is found too
    ]
    _, economy = search(page, siteurl, "xa&section=Kinh%20t%E1%BA%BF")
    assert economy and len(economy) < len(everything)
    metas = page.locator("#search-results .dh-card__meta").all_inner_texts()
    assert all(meta.startswith("Kinh tế · ") for meta in metas)
    assert page.locator("#search-section").input_value() == "Kinh tế"
    _, none = search(page, siteurl, "xa&year=2019")
    assert none == []


PLAN = "Kế hoạch số 227/KH-UBND: Triển khai phong trào thi đua “Chuyển đổi số vì nhân dân” năm 2026–2027"


@pytest.mark.parametrize(
    "query",
    ["227/KH-UBND", "227 kh ubnd", "ke hoach 227", "Khuổi Chao", "khuoi chao"],
)
def test_a_document_is_found_by_its_number_and_by_words_inside_its_pdf(
    served_site, page, query
):
    siteurl, _ = served_site
    _, titles = search(page, siteurl, query)
    assert titles[0] == PLAN
    card = page.locator("#search-results li").first
    assert card.locator(".dh-card__meta").inner_text() == "Kế hoạch · 15/10/2026"
    assert "UBND xã Định Hóa · Số 227/KH-UBND" in card.inner_text()


def test_a_document_is_found_by_its_issuer(served_site, page):
    siteurl, _ = served_site
    _, titles = search(page, siteurl, "UBND xa Phu Dinh")
    assert titles[0].startswith("Thông báo số 18/TB-UBND")
