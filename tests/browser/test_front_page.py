"""The newspaper theme as readers see it: a phone's first screen, a desktop grid."""

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
STORY = "/bai-viet/dong-chi-dang-xuan-truong-tham-xa-diem-mac/"


@pytest.fixture
def siteurl(front_served):
    return front_served[0]


def open_page(browser, siteurl, path, viewport, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.goto(siteurl + path)
    return context, page


def box(page, selector):
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().toJSON()")


@pytest.mark.parametrize("path", ["/", STORY, "/xa/"])
def test_on_a_phone_header_and_menu_take_at_most_170_pixels(siteurl, browser, path):
    context, page = open_page(browser, siteurl, path, PHONE)
    assert box(page, ".dh-bar")["bottom"] <= 170
    # The menu is one line: every item on the first item's row.
    tops = page.eval_on_selector_all(
        ".dh-nav__item", "items => items.map(i => i.getBoundingClientRect().top)"
    )
    assert len(tops) >= 4 and len(set(tops)) == 1
    # It scrolls sideways inside itself; the page does not.
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    context.close()


def test_the_menu_works_without_javascript(siteurl, browser):
    context, page = open_page(browser, siteurl, "/", PHONE, java_script_enabled=False)
    last = page.locator(".dh-nav__item a").last
    last.scroll_into_view_if_needed()
    assert last.is_visible()
    # The text-size control needs the script, so it stays hidden.
    assert not page.locator(".dh-textsize").is_visible()
    context.close()


def test_on_a_phone_the_lead_photo_is_on_the_first_screen(siteurl, browser):
    context, page = open_page(browser, siteurl, "/", PHONE)
    picture = box(page, ".dh-lead__picture img")
    assert picture["top"] < PHONE["height"] and picture["height"] > 100
    assert picture["width"] >= PHONE["width"] - 40
    context.close()


def test_on_a_desktop_the_home_page_uses_the_width(siteurl, browser):
    context, page = open_page(browser, siteurl, "/", DESKTOP)
    lead, top, side = (
        box(page, s) for s in (".dh-lead", ".dh-front__top", ".dh-front__side")
    )
    # Three columns side by side, filling most of the 1366 px.
    assert lead["right"] <= top["left"] and top["right"] <= side["left"]
    assert side["right"] - lead["left"] >= 1100
    assert abs(lead["top"] - top["top"]) < 40 and abs(lead["top"] - side["top"]) < 40
    picture = box(page, ".dh-lead__picture img")
    assert picture["width"] >= lead["width"] - 1
    tops = page.eval_on_selector_all(
        ".dh-nav__item", "items => items.map(i => i.getBoundingClientRect().top)"
    )
    assert len(set(tops)) == 1
    overflow = page.eval_on_selector(
        ".dh-nav__list", "l => l.scrollWidth - l.clientWidth"
    )
    assert overflow <= 0
    context.close()


def test_body_text_is_at_least_17_pixels_on_a_phone(siteurl, browser):
    context, page = open_page(browser, siteurl, STORY, PHONE)
    size = page.eval_on_selector(
        ".dh-article__body p", "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    assert size >= 17
    context.close()


def test_the_text_size_is_chosen_with_keys_and_remembered(siteurl, browser):
    context, page = open_page(browser, siteurl, STORY, PHONE)

    def body_size():
        return page.eval_on_selector(
            ".dh-article__body p", "p => parseFloat(getComputedStyle(p).fontSize)"
        )

    default = body_size()
    page.focus(".dh-textsize__button[data-text-size='1']")
    page.keyboard.press("Enter")
    larger = body_size()
    assert larger > default
    assert page.get_attribute("[data-text-size='1']", "aria-pressed") == "true"
    page.goto(siteurl + "/")
    page.goto(siteurl + STORY)
    assert body_size() == larger
    page.focus(".dh-textsize__button[data-text-size='-1']")
    page.keyboard.press("Space")
    assert body_size() < default
    page.focus(".dh-textsize__button[data-text-size='0']")
    page.keyboard.press("Enter")
    assert body_size() == default
    context.close()


VIDEO = "/bai-viet/video-thu/"


def test_one_tap_plays_the_video_and_the_poster_s_credit_goes(siteurl, browser):
    context, page = open_page(browser, siteurl, VIDEO, PHONE)
    # Nothing leaves the site: the player's address answers empty.
    context.route("https://www.youtube-nocookie.com/**", lambda r: r.fulfill(body=""))
    page.focus("figure.dh-video .dh-video__link")
    page.keyboard.press("Enter")
    frame = page.locator("figure.dh-video iframe")
    assert frame.get_attribute("src") == (
        "https://www.youtube-nocookie.com/embed/Dinhhoa2026?autoplay=1"
    )
    assert page.locator("figure.dh-video figcaption").count() == 0
    assert page.locator("figure.dh-video .dh-video__source a").is_visible()
    context.close()


def test_a_player_that_cannot_load_shows_the_link_instead(siteurl, browser):
    context, page = open_page(browser, siteurl, VIDEO, PHONE)
    context.set_offline(True)
    page.click("figure.dh-video .dh-video__link")
    failed = page.locator("figure.dh-video .dh-video__failed")
    assert failed.inner_text().startswith("Không tải được trình phát video.")
    link = failed.locator("a")
    assert link.inner_text() == "Xem trên YouTube"
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=Dinhhoa2026"
    assert page.locator("figure.dh-video iframe").count() == 0
    context.close()


def test_the_statistics_chart_fills_a_phone_with_readable_labels(siteurl, browser):
    context, page = open_page(browser, siteurl, "/thong-ke/", PHONE)
    chart = box(page, ".dh-stats__chart svg")
    assert chart["width"] >= PHONE["width"] - 40
    sizes = page.eval_on_selector_all(
        ".dh-stats__chart svg text",
        "ts => ts.map(t => t.getBoundingClientRect().height)",
    )
    # A glyph box of 12 px text is about 14 px high.
    assert sizes and min(sizes) >= 13
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    context.close()


def test_a_feed_address_is_copied_with_its_button(siteurl, browser):
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(siteurl + "/nguon-tin/")
    button = page.locator(".dh-feeds__copy").first
    button.focus()
    page.keyboard.press("Enter")
    status = page.locator(".dh-feeds__url .dh-share__status").first
    status.wait_for(state="visible")
    assert status.inner_text() == "Đã sao chép liên kết."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{siteurl}/feeds/rss.xml"
    # Closed groups open from the keyboard.
    page.locator("summary.dh-feeds__summary").nth(2).focus()
    page.keyboard.press("Enter")
    assert page.locator("details.dh-feeds").nth(2).get_attribute("open") == ""
    context.close()


def test_headlines_are_underlined_on_hover_and_focus_only(siteurl, browser):
    context, page = open_page(browser, siteurl, "/", DESKTOP)
    link = page.locator(".dh-front__top .dh-card__title a").first

    def underline():
        return link.evaluate("a => getComputedStyle(a).textDecorationLine")

    assert underline() == "none"
    link.hover()
    assert underline() == "underline"
    page.mouse.move(0, 0)
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert underline() == "underline"
    context.close()
