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
    assert view.images >= 2 and view.image_bytes > 10_000


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
