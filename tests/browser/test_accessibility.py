"""axe-core finds no WCAG 2.2 AA violation on the pages readers use most."""

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "home": "/",
    "section": "/chuyen-muc/nguoi-tot-viec-tot/",
    "article": "/bai-viet/co-giao-vung-cao-15-nam-gieo-chu-o-ban-khuon-tat/",
    "search": "/tim-kiem/?q=dinh+hoa",
    "search-empty": "/tim-kiem/?q=qxzwqxzw",
    "404": "/404.html",
    "commune": "/xa/dinh-hoa/",
    "feeds": "/nguon-tin/",
    "document": "/van-ban/227-kh-ubnd/",
    "stats": "/thong-ke/",
    "documents": "/van-ban/",
    "photo-essay": "/bai-viet/phong-su-anh-mua-lua-chin-tren-ruong-bac-thang-xa-quy-ky/",
    "video": "/bai-viet/video-cong-an-xa-huong-dan-kich-hoat-tai-khoan-dinh-danh-dien-tu/",
}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_axe_violations(served_site, browser, name, scheme):
    siteurl, _ = served_site
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(siteurl + PAGES[name])
    if name.startswith("search"):
        page.wait_for_function(
            "!document.getElementById('search-status').textContent.startsWith('Đang')"
        )
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    )
    context.close()
    violations = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
    ]
    assert violations == []


def test_keyboard_reaches_the_skip_link_first_with_a_visible_focus(served_site, page):
    siteurl, _ = served_site
    page.goto(siteurl + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.textContent, "
        "getComputedStyle(document.activeElement).outlineStyle, "
        "document.activeElement.getBoundingClientRect().left]"
    )
    assert focused[0] == "Bỏ qua, đến nội dung chính"
    assert focused[2] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_pages_fit_a_320_pixel_screen(served_site, browser):
    siteurl, _ = served_site
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in (PAGES["home"], PAGES["article"], PAGES["feeds"]):
        page.goto(siteurl + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    context.close()


def test_the_office_report_has_no_axe_violations(browser, tmp_path):
    """The printable report of ``make report``, opened from disk as the office does."""
    from tests.integration.test_report import NOVEMBER, NOW, report_site
    from tintuc.stats.report import make_report

    folder = make_report(report_site(tmp_path), NOVEMBER, NOW, tmp_path / "reports")
    page = browser.new_page()
    page.goto((folder / "bao-cao-2026-11.html").as_uri())
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    )
    page.close()
    assert [v["id"] for v in results.response["violations"]] == []


# The newspaper theme's pages on its fixture site (tests/integration/test_front_page).
FRONT_PAGES = {
    "home": "/",
    "story": "/bai-viet/dong-chi-dang-xuan-truong-tham-xa-diem-mac/",
    "corrected": "/bai-viet/phu-dinh-ho-tro/",
    "video": "/bai-viet/video-thu/",
    "section": "/chuyen-muc/kinh-te/",
    "sections": "/chuyen-muc/",
    "communes": "/xa/",
    "units": "/don-vi/",
    "commune": "/xa/dinh-hoa/",
    "feeds": "/nguon-tin/",
    "stats": "/thong-ke/",
    "document": "/van-ban/12-2026-qd-ubnd/",
    "documents": "/van-ban/",
    "facet": "/van-ban/loai/ke-hoach/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(FRONT_PAGES))
def test_no_axe_violations_on_the_newspaper_pages(front_served, browser, name, scheme):
    siteurl, _ = front_served
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto(siteurl + FRONT_PAGES[name])
    # Every folded group open, and the largest text size: what readers can reach.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.click(".dh-textsize__button[data-text-size='1']")
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    )
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    violations = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
    ]
    assert violations == []
    assert overflow <= 0
