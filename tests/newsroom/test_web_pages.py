"""The server's own pages as staff meet them, on a phone and on a slow line.

Decap's bundle is asked again cheaply (a 304), the audit log speaks
Vietnamese (page and CSV), sign-in keeps the ``#…`` of the page asked for
and never sends anyone to another site, and no page is wider than a phone.
"""

import csv
import io
import json
from urllib.parse import quote

import pytest

from tests.newsroom.stories import entry_key, in_review
from tests.newsroom.web_server import ACCOUNTS, ADMIN_PASSWORD, Client, start_server

BUNDLE = "/admin/decap/decap-cms.js"
PHONE = {"width": 390, "height": 844}
CSV_HEADER = [
    "Thời điểm",
    "Tài khoản",
    "Địa chỉ",
    "Việc",
    "Đối tượng",
    "Kết quả",
    "Chi tiết",
    "Mã việc",
]
ENGLISH = (
    "entry persisted",
    "description was updated",
    "merged to",
    "deleted branch",
    "pending_review",
    "pending_publish",
    "decap-cms/",
    "unpublishedEntry",
    "persistEntry",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("pages"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def admin_site(server):
    """A stand-in for the built /admin/ (the real build needs Decap: slow)."""
    admin = server.state / "admin-site" / "admin"
    (admin / "decap").mkdir(parents=True)
    (admin / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>Biên tập</title></head><body></body></html>"
    )
    (admin / "config.json").write_text(json.dumps({"cms": {"collections": []}}))
    (admin / "decap" / "decap-cms.js").write_text("window.CMS = {};\n" * 4000)
    return admin


def signed_in(server, username) -> Client:
    client = Client(server.url)
    secret = ADMIN_PASSWORD if username == "quantri" else ACCOUNTS[username][3]
    assert client.sign_in(username, secret).status == 302
    return client


@pytest.fixture(scope="module")
def logged(server):
    """A story saved, sent to review and published; another unit's writer
    refused its draft. The admin who reads the log."""
    slug = in_review(signed_in(server, "viet-a"), "2026-12-05-nhat-ky-tieng-viet")
    stranger = signed_in(server, "viet-b")
    assert stranger.api("unpublishedEntry", entry_key(slug)).status == 404
    published = signed_in(server, "duyet-a").api(
        "publishUnpublishedEntry", entry_key(slug)
    )
    assert published.status == 200, published.text
    return signed_in(server, "quantri")


def test_decap_s_bundle_is_revalidated_not_downloaded_again(server, admin_site):
    client = signed_in(server, "viet-a")
    first = client.get(BUNDLE)
    assert first.status == 200
    assert len(first.body) > 60_000
    assert "no-store" not in first.headers["Cache-Control"]
    assert "no-cache" in first.headers["Cache-Control"]
    again = client.request(
        "GET", BUNDLE, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert (again.status, again.body) == (304, b"")
    since = {"If-Modified-Since": first.headers["Last-Modified"]}
    assert client.request("GET", BUNDLE, headers=since).status == 304
    # A new deploy: the browser gets the new file.
    (admin_site / "decap" / "decap-cms.js").write_text("window.CMS = {v: 2};\n")
    changed = client.request(
        "GET", BUNDLE, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert (changed.status, changed.text) == (200, "window.CMS = {v: 2};\n")
    for fresh in ("/admin/", "/admin/config.json"):
        answer = client.get(fresh)
        assert answer.status == 200
        assert answer.headers["Cache-Control"] == "no-store"
        assert "ETag" not in answer.headers
    assert "Content-Security-Policy" in changed.headers
    # Nobody signed out gets even a 304.
    stranger = Client(server.url).request(
        "GET", BUNDLE, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert stranger.status == 302


def test_the_log_speaks_vietnamese(logged):
    page = logged.get("/nhat-ky/").text
    for english in ENGLISH:
        assert english not in page
    for said in (
        "Đã lưu bài",
        "Lưu bài",
        "“Đang xét duyệt”",
        "Mở bài chưa công bố",
        "Đã công bố: bài",
        "Công bố",
    ):
        assert said in page


def test_the_log_s_csv_opens_in_a_spreadsheet_in_vietnamese(logged):
    answer = logged.get("/nhat-ky.csv?tai_khoan=viet-a")
    assert answer.body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.body.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    by_code = {row[-1]: row for row in rows[1:]}
    assert by_code["persistEntry"][3] == "Lưu bài"
    assert by_code["persistEntry"][6] == "Đã lưu bài"
    assert by_code["sign_in"][3:6] == ["Đăng nhập", "", "Được phép"]
    assert "Đang xét duyệt" in by_code["updateUnpublishedEntryStatus"][6]


@pytest.mark.parametrize(
    ("wanted", "lands"),
    [
        ("//evil.example/admin/", "/admin/"),
        ("https://evil.example/", "/admin/"),
        ("/\\evil.example", "/admin/"),
        ("/admin/#/workflow", "/admin/#/workflow"),
        ("/tinh-trang/", "/tinh-trang/"),
    ],
)
def test_sign_in_goes_back_only_to_this_server(server, wanted, lands):
    client = Client(server.url)
    form = client.get(f"/dang-nhap/?next={quote(wanted, safe='')}")
    assert f'name="next" value="{lands}"' in form.text
    answer = client.post_form(
        "/dang-nhap/",
        {"username": "viet-a", "password": ACCOUNTS["viet-a"][3], "next": wanted},
    )
    assert (answer.status, answer.headers["Location"]) == (302, lands)


def test_a_signed_in_person_is_told_so_instead_of_the_form(server):
    client = signed_in(server, "viet-a")
    page = client.get("/dang-nhap/").text
    assert "Anh/chị đang đăng nhập với tài khoản <strong>viet-a</strong>" in page
    assert 'name="password"' not in page
    assert 'href="/admin/"' in page


def test_a_published_story_s_photo_shows_in_decap_s_preview(server, admin_site):
    """Decap asks for a published story's photo by the site's address,
    under /admin/ (``images/…``): the photo of main, to staff only."""
    photo = server.source / "content" / "images" / "lead.jpg"
    client = signed_in(server, "viet-a")
    answer = client.get("/admin/images/lead.jpg")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "image/jpeg"
    assert answer.body == photo.read_bytes()
    for elsewhere in (
        "/admin/images/../data/approvers.toml",
        "/admin/images/%2e%2e/%2e%2e/pelicanconf.py",
        "/admin/images/khong-co.jpg",
        "/admin/images/../../.git/config",
    ):
        assert client.get(elsewhere).status == 404, elsewhere
    stranger = Client(server.url).get("/admin/images/lead.jpg")
    assert stranger.status == 302
    assert stranger.headers["Location"].startswith("/dang-nhap/")


def test_the_icon_is_the_site_s_or_nothing(server, admin_site):
    assert Client(server.url).get("/favicon.ico").status == 204
    images = admin_site.parent / "theme" / "images"
    images.mkdir(parents=True)
    (images / "favicon.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    icon = Client(server.url).get("/favicon.ico")
    assert (icon.status, icon.headers["Content-Type"]) == (200, "image/png")


def sign_in_by_typing(page, username, secret):
    page.get_by_label("Tên đăng nhập").press_sequentially(username)
    page.get_by_label("Mật khẩu").press_sequentially(secret)
    page.keyboard.press("Enter")


def test_sign_in_keeps_the_page_s_fragment(browser, server, admin_site):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(f"{server.url}/admin/#/workflow")
    assert page.url.endswith("/dang-nhap/?next=/admin/#/workflow")
    sign_in_by_typing(page, "viet-a", ACCOUNTS["viet-a"][3])
    page.wait_for_url(f"{server.url}/admin/#/workflow")
    context.close()
    assert not [text for text in refused if "Content Security Policy" in text]


def wider_than_the_screen(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth > innerWidth")


def test_no_page_is_wider_than_a_phone(browser, server, logged):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/dang-nhap/?next=/nhat-ky/")
    assert not wider_than_the_screen(page)
    sign_in_by_typing(page, "quantri", ADMIN_PASSWORD)
    page.wait_for_url(f"{server.url}/nhat-ky/")
    for path in ("/nhat-ky/", "/tinh-trang/", "/tai-khoan/"):
        page.goto(f"{server.url}{path}")
        assert not wider_than_the_screen(page), path
    page.goto(f"{server.url}/nhat-ky/")
    # Each entry is a card: its action reads on one line, not a letter a line.
    action = page.locator('td[data-label="Việc"]').first
    assert action.bounding_box()["width"] > PHONE["width"] / 2
    context.close()
