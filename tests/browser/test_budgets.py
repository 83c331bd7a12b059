"""The pictures-first budgets, measured in Chromium as a phone sees the page."""

import pytest

from tools.image_budget import BUDGETS, CLS_LIMIT, first_view, problems


@pytest.mark.parametrize("page_path", sorted(BUDGETS))
def test_a_phone_s_first_view_stays_inside_the_budgets(served_site, browser, page_path):
    siteurl, _ = served_site
    view = first_view(browser, siteurl, page_path)
    assert problems(view) == []
    assert view.layout_shift <= CLS_LIMIT


def test_the_home_page_s_first_view_has_photos(served_site, browser):
    siteurl, _ = served_site
    view = first_view(browser, siteurl, "index.html")
    assert view.images >= 2 and view.image_bytes > 5_000


def test_the_budget_check_names_what_is_over():
    from tools.image_budget import FirstView

    view = FirstView(
        "index.html", 200_000, 9, 0.1, ["https://cdn.example/x.js"], ["a.jpg"]
    )
    assert problems(view) == [
        "images 200000 B > 120000 B",
        "layout shift 0.100 > 0.02",
        "request to another origin: https://cdn.example/x.js",
        "image below the fold not lazy: a.jpg",
    ]


# The newspaper theme on its fixture site: the home page and a story.
FRONT_FIRST_LOADS = [
    "index.html",
    "bai-viet/dong-chi-dang-xuan-truong-tham-xa-diem-mac/index.html",
]


@pytest.mark.parametrize("page_path", FRONT_FIRST_LOADS)
def test_the_newspaper_pages_stay_inside_the_budgets(front_served, browser, page_path):
    from bs4 import BeautifulSoup

    from tools.budget import FIRST_LOAD_LIMIT, first_load_bytes

    siteurl, output = front_served
    assert first_load_bytes(output / page_path, output) <= FIRST_LOAD_LIMIT
    page = BeautifulSoup((output / page_path).read_text("utf-8"), "html.parser")
    # No script blocks rendering: each is deferred (or a module).
    for script in page.find_all("script", src=True):
        assert script.has_attr("defer") or script.get("type") == "module", script
    view = first_view(browser, siteurl, page_path)
    assert problems(view) == []
    assert view.layout_shift <= CLS_LIMIT


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_text_size_control_moves_nothing_until_used(front_served, browser, scheme):
    """Loading a page with a size remembered shifts no layout the reader did not ask for."""
    siteurl, _ = front_served
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto(siteurl + "/")
    shift = page.evaluate(
        """() => new Promise(resolve => {
          let total = 0;
          new PerformanceObserver(list => {
            for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
          }).observe({type: "layout-shift", buffered: true});
          setTimeout(() => resolve(total), 300);
        })"""
    )
    context.close()
    assert shift <= CLS_LIMIT
