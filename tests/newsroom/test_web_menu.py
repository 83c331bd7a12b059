"""The server's menu above Decap at /admin/, and one's own account page.

Served by the newsroom server, Decap's page gets a bar of links to the
server's own pages: only those the person's role may open (the policy's
``may_open``, which the pages' guards ask too), their name and units, and
"Đăng xuất" as a POST with the CSRF token. The built page on disk has no bar:
a site deployed without the server never links to pages only it answers.
"""

import re

import pytest
from bs4 import BeautifulSoup

from tests.newsroom.web_server import ACCOUNTS, ADMIN_PASSWORD, Client, start_server
from tintuc.newsroom.policy import PAGE_ROLES, PermissionPolicy

ADMIN_PAGE = (
    '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
    "<title>Phòng biên tập</title>\n</head>\n<body>\n"
    '<script src="/admin/decap/decap-cms.js" defer></script>\n</body>\n</html>\n'
)
# Every page a menu may link to, by its address.
ADDRESSES = {
    "decap": "/admin/",
    "quick_story": "/gui-tin/",
    "status": "/tinh-trang/",
    "bulletin": "/ban-tin/",
    "accounts": "/tai-khoan/",
    "audit": "/nhat-ky/",
    "own_account": "/tai-khoan-cua-toi/",
}
# What each kind of account finds in the bar, in order.
MENUS = {
    "viet-a": ["/admin/", "/gui-tin/", "/tinh-trang/", "/tai-khoan-cua-toi/"],
    "duyet-a": [
        "/admin/",
        "/gui-tin/",
        "/tinh-trang/",
        "/ban-tin/",
        "/tai-khoan-cua-toi/",
    ],
    "quantri": [
        "/admin/",
        "/tinh-trang/",
        "/ban-tin/",
        "/tai-khoan/",
        "/nhat-ky/",
        "/tai-khoan-cua-toi/",
    ],
}
HOSTILE = ("hiem", 'Lò <b>Thị</b> "Mai" & <script>alert(1)</script>', "writer")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("menu"))
    admin = running.state / "admin-site" / "admin"
    (admin / "decap").mkdir(parents=True)
    (admin / "index.html").write_text(ADMIN_PAGE, encoding="utf-8")
    (admin / "decap" / "decap-cms.js").write_text("window.CMS = {};\n")
    username, name, roles = HOSTILE
    running.add_account(username, name, roles, "ubnd-xa-dinh-hoa", "Hiem-hoc-2026-x")
    try:
        yield running
    finally:
        running.stop()


def signed_in(server, username) -> Client:
    client = Client(server.url)
    secret = {"quantri": ADMIN_PASSWORD, "hiem": "Hiem-hoc-2026-x"}.get(username)
    assert client.sign_in(username, secret or ACCOUNTS[username][3]).status == 302
    return client


def bar_of(client) -> BeautifulSoup:
    """The bar of /admin/ as this person is served it."""
    answer = client.get("/admin/")
    assert answer.status == 200, answer.text
    page = BeautifulSoup(answer.text, "html.parser")
    bars = page.select("body > .ts-header--decap")
    assert len(bars) == 1
    assert page.body.find(True, recursive=False) is bars[0]
    return bars[0]


def test_every_page_the_policy_knows_is_tried():
    assert set(PAGE_ROLES) == set(ADDRESSES)


EVERYONE = {"decap", "status", "own_account"}


@pytest.mark.parametrize(
    ("roles", "pages"),
    [
        (set(), EVERYONE),
        ({"writer"}, EVERYONE | {"quick_story"}),
        ({"approver"}, EVERYONE | {"quick_story", "bulletin"}),
        ({"admin"}, EVERYONE | {"bulletin", "accounts", "audit"}),
        ({"writer", "admin"}, set(PAGE_ROLES)),
    ],
)
def test_the_policy_alone_says_who_opens_which_page(roles, pages):
    opens = {page for page in PAGE_ROLES if PermissionPolicy.may_open(roles, page)}
    assert opens == pages


@pytest.mark.parametrize("username", sorted(MENUS))
def test_the_bar_links_exactly_the_pages_the_role_may_open(server, username):
    client = signed_in(server, username)
    bar = bar_of(client)
    links = [link["href"] for link in bar.select("nav a")]
    assert links == MENUS[username]
    assert bar.select_one('a[aria-current="page"]')["href"] == "/admin/"
    # Each link shown opens; each page not shown is refused, by the same rule.
    for address in ADDRESSES.values():
        status = client.get(address).status
        assert status == (200 if address in links else 403), (address, status)
    # The server's own pages show the same menu.
    page = BeautifulSoup(client.get("/tinh-trang/").text, "html.parser")
    assert [link["href"] for link in page.select(".ts-menu a")] == links


def test_the_bar_names_the_person_and_their_unit_as_text(server):
    bar = bar_of(signed_in(server, "hiem"))
    who = bar.select_one(".ts-menu__who")
    assert who.get_text(" ", strip=True) == f"{HOSTILE[1]} (UBND xã Định Hóa)"
    assert bar.find("script") is None
    assert bar.find("b") is None


def test_the_bar_signs_out_with_a_post_and_the_token(server):
    client = signed_in(server, "viet-a")
    form = bar_of(client).select_one("form")
    assert (form["method"], form["action"]) == ("post", "/dang-xuat/")
    assert form.select_one("button").get_text(strip=True) == "Đăng xuất"
    token = form.select_one('input[name="csrfmiddlewaretoken"]')["value"]
    without = client.request(
        "POST",
        form["action"],
        b"",
        {"Content-Type": "application/x-www-form-urlencoded", "Origin": server.url},
    )
    assert without.status == 403
    assert client.get("/admin/").status == 200
    left = client.request(
        "POST",
        form["action"],
        f"csrfmiddlewaretoken={token}".encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Origin": server.url},
    )
    assert (left.status, left.headers["Location"]) == (302, "/dang-nhap/?da-dang-xuat")
    assert client.get("/admin/").headers["Location"].startswith("/dang-nhap/")


def test_the_bar_is_added_only_where_the_server_serves_the_page(server):
    client = signed_in(server, "viet-a")
    answer = client.get("/admin/")
    assert answer.headers["Cache-Control"] == "no-store"
    assert "'unsafe-eval'" in answer.headers["Content-Security-Policy"]
    page = BeautifulSoup(answer.text, "html.parser")
    sheet = page.head.select_one('link[rel="stylesheet"]')["href"]
    style = client.get(sheet)
    assert (style.status, style.headers["Content-Type"]) == (200, "text/css")
    assert page.body["class"] == ["ts-decap"]
    assert page.select("body > script")[0]["src"] == "/admin/decap/decap-cms.js"
    built = (server.state / "admin-site" / "admin" / "index.html").read_text()
    assert built == ADMIN_PAGE
    # Decap's own files are sent as they are.
    assert client.get("/admin/decap/decap-cms.js").text == "window.CMS = {};\n"


def test_a_person_changes_their_own_password(server):
    username, name, _ = HOSTILE
    client = signed_in(server, username)
    elsewhere = signed_in(server, username)
    page = BeautifulSoup(client.get("/tai-khoan-cua-toi/").text, "html.parser")
    facts = [item.get_text(strip=True) for item in page.select(".ts-facts dd")]
    assert facts == [name, username, "Người viết", "UBND xã Định Hóa"]
    labels = [label.get_text() for label in page.select("main form label")]
    assert labels == ["Mật khẩu đang dùng", "Mật khẩu mới", "Nhập lại mật khẩu mới"]
    new = "Doi-mat-khau-2026"
    wrong = client.post_form(
        "/tai-khoan-cua-toi/",
        {"current": "Khong-phai-dau", "password": new, "again": new},
    )
    assert wrong.status == 400
    assert "Mật khẩu đang dùng không đúng." in wrong.text
    short = client.post_form(
        "/tai-khoan-cua-toi/",
        {"current": "Hiem-hoc-2026-x", "password": "ngan", "again": "ngan"},
    )
    assert short.status == 400
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in short.text
    done = client.post_form(
        "/tai-khoan-cua-toi/",
        {"current": "Hiem-hoc-2026-x", "password": new, "again": new},
    )
    assert (done.status, done.headers["Location"]) == (302, "/tai-khoan-cua-toi/")
    assert "Đã đổi mật khẩu." in client.get("/tai-khoan-cua-toi/").text
    # This session stays; the other one ended with the old password.
    assert client.get("/admin/").status == 200
    assert elsewhere.get("/admin/").status == 302
    assert Client(server.url).sign_in(username, "Hiem-hoc-2026-x").status == 400
    assert Client(server.url).sign_in(username, new).status == 302
    log = signed_in(server, "quantri").get(f"/nhat-ky/?tai_khoan={username}").text
    assert "tự đổi mật khẩu" in log
    assert "đổi mật khẩu: mật khẩu đang dùng không đúng" in log


def test_wrong_current_passwords_lock_like_wrong_sign_ins(server):
    client = signed_in(server, "viet-b")
    for _ in range(5):
        refused = client.post_form(
            "/tai-khoan-cua-toi/",
            {
                "current": "Doan-2026",
                "password": "Moi-2026-abc",
                "again": "Moi-2026-abc",
            },
        )
        assert refused.status == 400
    locked = client.post_form(
        "/tai-khoan-cua-toi/",
        {
            "current": ACCOUNTS["viet-b"][3],
            "password": "Moi-2026-abcd",
            "again": "Moi-2026-abcd",
        },
    )
    assert locked.status == 400
    assert re.search(r"Đăng nhập bị tạm khóa \d+ phút", locked.text)
    assert Client(server.url).sign_in("viet-b", ACCOUNTS["viet-b"][3]).status == 400
