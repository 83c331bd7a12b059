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
    assert indexed == len(stories)


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
    assert bundles == ["pagefind-4/", "pagefind-3/", "pagefind-2/", "pagefind/"]
