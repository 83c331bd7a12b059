"""Forgeries, attacks and the admins' pages, against the real server.

Behind a proxy (as in production) the client's address is the last
X-Forwarded-For hop, so the lock-out per address is tested with addresses
of its own and does not lock the other tests out.
"""

import csv
import io
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from tests.newsroom.repo_support import git
from tests.newsroom.stories import (
    FOLDER,
    OTHER_UNIT_NAME,
    asset,
    entry_key,
    in_review,
    persist_params,
    story_raw,
)
from tests.newsroom.web_server import ACCOUNTS, ADMIN_PASSWORD, Client, start_server
from tintuc.newsroom.repo.publications import Publications

IDLE_MINUTES = 30
OPTIONS = {"commitMessage": "Tải lên"}


def password(username):
    return ADMIN_PASSWORD if username == "quantri" else ACCOUNTS[username][3]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start_server(
        tmp_path_factory.mktemp("security"),
        NEWSROOM_BEHIND_PROXY="1",
        NEWSROOM_IDLE_MINUTES=str(IDLE_MINUTES),
    )
    try:
        # One person who writes and approves for the unit (an approver may write).
        running.add_account(
            "ca-hai",
            "Lê Văn Thành",
            "writer,approver",
            "ubnd-xa-dinh-hoa",
            "Ca-hai-2026-x",
        )
        yield running
    finally:
        running.stop()


def signed_in(server, username, secret=None) -> Client:
    client = Client(server.url)
    answer = client.sign_in(username, secret or password(username))
    assert answer.status == 302, answer.text
    return client


@pytest.fixture(scope="module")
def writer(server):
    return signed_in(server, "viet-a")


@pytest.fixture(scope="module")
def admin(server):
    return signed_in(server, "quantri")


@pytest.fixture(scope="module")
def draft(server, writer):
    """A story of the writer's unit, in review."""
    return in_review(writer, "2026-12-03-tin-cho-duyet")


def unchanged(server):
    """The clone's branches and the remote's main, to compare after a refusal."""
    return server.clone_heads(), server.remote_main()


# The CSV's Vietnamese columns, by the short names the tests use: ``viec``
# is the action's code, ``duoc_phep`` "co"/"khong".
AUDIT_KEYS = {
    "Thời điểm": "thoi_diem",
    "Tài khoản": "tai_khoan",
    "Địa chỉ": "dia_chi",
    "Việc": "viec_vi",
    "Đối tượng": "doi_tuong",
    "Kết quả": "ket_qua",
    "Chi tiết": "chi_tiet",
    "Mã việc": "viec",
}


def audit_rows(admin, account="") -> list[dict]:
    answer = admin.get(f"/nhat-ky.csv?tai_khoan={account}")
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    rows = csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff")))
    return [
        {
            **{AUDIT_KEYS[name]: value for name, value in row.items()},
            "duoc_phep": "co" if row["Kết quả"] == "Được phép" else "khong",
        }
        for row in rows
    ]


# Forgeries: each refused, nothing written -----------------------------------


def test_a_writer_cannot_publish(server, writer, draft, admin):
    before = unchanged(server)
    answer = writer.api("publishUnpublishedEntry", entry_key(draft))
    assert answer.status == 403
    assert "Chỉ người duyệt của đơn vị UBND xã Định Hóa" in answer.json()["error"]
    assert unchanged(server) == before
    refused = [r for r in audit_rows(admin, "viet-a") if r["duoc_phep"] == "khong"]
    assert any(r["viec"] == "publishUnpublishedEntry" for r in refused)


def test_an_approver_typed_by_a_writer_is_refused(server, writer):
    slug = "2026-12-03-tu-ghi-nguoi-duyet"
    before = unchanged(server)
    raw = story_raw(slug, approver="Nguyễn Thị Thu")
    answer = writer.api("persistEntry", persist_params(slug, raw))
    assert answer.status == 403
    assert "Người duyệt do máy chủ ghi" in answer.json()["error"]
    assert unchanged(server) == before


def test_a_story_for_another_unit_is_refused(server, writer):
    slug = "2026-12-03-don-vi-khac"
    before = unchanged(server)
    raw = story_raw(slug, unit=OTHER_UNIT_NAME)
    answer = writer.api("persistEntry", persist_params(slug, raw))
    assert answer.status == 403
    assert "Công an xã Định Hóa" in answer.json()["error"]
    assert unchanged(server) == before


def test_a_writer_cannot_set_ready(server, writer, draft):
    before = unchanged(server)
    answer = writer.api(
        "updateUnpublishedEntryStatus",
        {**entry_key(draft), "newStatus": "pending_publish"},
    )
    assert answer.status == 403
    assert unchanged(server) == before
    status = writer.api("unpublishedEntry", entry_key(draft)).json()["status"]
    assert status == "pending_review"


def test_a_new_story_sent_as_ready_is_refused(server, writer):
    slug = "2026-12-03-gui-thang-san-sang"
    before = unchanged(server)
    params = persist_params(slug, story_raw(slug), status="pending_publish")
    assert writer.api("persistEntry", params).status == 403
    assert unchanged(server) == before


def test_the_writer_never_approves_their_own_story_even_as_approver(server):
    both = signed_in(server, "ca-hai", "Ca-hai-2026-x")
    slug = "2026-12-03-tu-duyet"
    assert both.api("persistEntry", persist_params(slug, story_raw(slug))).status == 200
    before = unchanged(server)
    ready = both.api(
        "updateUnpublishedEntryStatus",
        {**entry_key(slug), "newStatus": "pending_publish"},
    )
    assert ready.status == 403
    assert "không được tự duyệt" in ready.json()["error"]
    assert both.api("publishUnpublishedEntry", entry_key(slug)).status == 403
    assert unchanged(server) == before


# Attacks ---------------------------------------------------------------------


def test_a_request_from_another_origin_is_refused_and_logged(server, writer, admin):
    before = unchanged(server)
    slug = "2026-12-03-trang-la"
    params = persist_params(slug, story_raw(slug))
    forged = writer.api("persistEntry", params, origin="https://trang-la.example")
    assert forged.status == 403
    cross_site = writer.api("persistEntry", params, site="cross-site")
    assert cross_site.status == 403
    assert "không đến từ trang của phòng biên tập" in forged.json()["error"]
    assert unchanged(server) == before
    refused = [row for row in audit_rows(admin) if "trang-la" in row["chi_tiet"]]
    # Logged, but not in the account's name: another site sent it, not the writer.
    assert [(row["viec"], row["tai_khoan"]) for row in refused] == [
        ("request_refused", "")
    ]


def test_another_site_s_requests_cannot_flood_the_log(server, admin):
    browser = Client(server.url, address="10.7.6.1")
    origin = "https://" + "x" * 8000 + ".example"
    headers = {"Origin": origin, "Content-Type": "application/json"}
    for _ in range(40):
        assert browser.request("POST", "/api/v1", b"{}", headers).status == 403
    rows = [row for row in audit_rows(admin) if row["dia_chi"] == "10.7.6.1"]
    # The first thirty of the minute, each a few hundred characters.
    assert len(rows) == 30
    assert all(len(row["chi_tiet"]) < 600 for row in rows)


def test_paths_outside_content_are_refused_and_logged(server, admin):
    approver = signed_in(server, "duyet-a")
    before = unchanged(server)
    for path in ("../pelicanconf.py", "/etc/passwd", "content/../.git/config"):
        answer = approver.api(
            "deleteFile", {"path": path, "options": {"commitMessage": "x"}}
        )
        assert answer.status == 403, path
    assert unchanged(server) == before
    rows = audit_rows(admin, "duyet-a")
    assert sum(row["duoc_phep"] == "khong" for row in rows) >= 3


@pytest.mark.parametrize(
    "case",
    [
        (
            "persistEntry",
            persist_params("2026-12-03-ra-ngoai", story_raw("2026-12-03-ra-ngoai"))
            | {
                "dataFiles": [
                    {
                        "slug": "2026-12-03-ra-ngoai",
                        "path": "content/../../pelicanconf.py",
                        "raw": "x",
                    }
                ]
            },
            403,
        ),
        (
            "persistMedia",
            {"asset": asset("/etc/cron.d/x.jpg", b"x"), "options": OPTIONS},
            403,
        ),
        (
            "persistMedia",
            {
                "asset": asset("content/images/thu.jpg", b"khong phai anh"),
                "options": OPTIONS,
            },
            422,
        ),
    ],
    ids=["story-path-outside", "absolute-media-path", "text-named-jpg"],
)
def test_bad_paths_and_fake_photos_are_refused_and_logged(server, writer, admin, case):
    action, params, status = case
    before = unchanged(server)
    answer = writer.api(action, params)
    assert answer.status == status, answer.text
    assert answer.json()["error"]
    assert unchanged(server) == before
    last = audit_rows(admin, "viet-a")[0]
    assert (last["viec"], last["duoc_phep"]) == (action, "khong")


def test_an_oversized_request_is_refused_with_a_reason(server, writer):
    before = unchanged(server)
    huge = b'{"action": "persistMedia", "params": {"x": "' + b"A" * (65 << 20) + b'"}}'
    answer = writer.api_body(huge)
    assert answer.status == 413
    assert "tổng cộng quá 64 MB" in answer.json()["error"]
    assert unchanged(server) == before


@pytest.mark.parametrize("item", [b"[]", b"1e9"])
def test_a_request_of_countless_values_is_refused_unread(server, writer, item):
    # A few hundred kB here; 31 MB of empty lists took the server from 0.1 to
    # 0.9 GB, 64 MB of numbers to 0.6 GB.
    values = b",".join([item] * 120_000)
    answer = writer.api_body(b'{"action": "info", "params": {"x": [' + values + b"]}}")
    assert answer.status == 400
    assert "không đúng dạng" in answer.json()["error"]


def test_a_large_form_is_refused_before_anyone_signs_in(server):
    """Forms are read before any view, for anyone: their limit is small."""
    client = Client(server.url, address="10.7.8.1")
    token = client.csrf_token()
    padding = "x" * (2 << 20)
    body = f"username=a&password={padding}&csrfmiddlewaretoken={token}".encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": server.url,
    }
    answer = client.request("POST", "/dang-nhap/", body, headers)
    assert answer.status == 400
    assert "không đúng" not in answer.text  # no password was checked
    assert client.get("/dang-nhap/").status == 200


def test_thirty_wrong_passwords_lock_the_account_and_are_logged(server, admin):
    # An address of its own: what others refused from 127.0.0.1 counts not.
    client = Client(server.url, address="10.7.7.1")
    answers = [
        client.post_form("/dang-nhap/", {"username": "duyet-b", "password": f"sai-{n}"})
        for n in range(30)
    ]
    assert all(answer.status == 400 for answer in answers)
    assert "không đúng" in answers[0].text
    assert "tạm khóa" in answers[-1].text
    # Locked: even the right password is refused now, and nothing is signed in.
    right = client.sign_in("duyet-b", password("duyet-b"))
    assert right.status == 400
    assert "tạm khóa" in right.text
    assert client.api("info").status == 401
    actions = [row["viec"] for row in audit_rows(admin, "duyet-b")]
    assert actions.count("sign_in_refused") == 5
    assert actions.count("sign_in_locked") == 26


def test_one_address_failing_often_is_locked_for_every_account(server):
    client = Client(server.url)
    forwarded = {"X-Forwarded-For": "10.9.9.9"}

    def attempt(username, secret):
        body = f"username={username}&password={secret}&csrfmiddlewaretoken="
        token = client.csrf_token()
        return client.request(
            "POST",
            "/dang-nhap/",
            (body + token).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": server.url,
                **forwarded,
            },
        )

    for n in range(20):
        assert attempt(f"khong-co-{n}", "sai").status == 400
    assert "tạm khóa" in attempt("viet-b", password("viet-b")).text
    # From another address the same account signs in.
    assert signed_in(server, "viet-b").api("info").status == 200


LOCK_SECRET = "Khoa-thu-2026-x"


def new_account(server, username) -> None:
    server.add_account(
        username, "Người Thử Khóa", "writer", "ubnd-xa-dinh-hoa", LOCK_SECRET
    )


def locked_from(server, username, address) -> Client:
    """Five wrong passwords for ``username`` from ``address``: locked there."""
    attacker = Client(server.url, address=address)
    for n in range(5):
        assert "không đúng" in attacker.sign_in(username, f"sai-{n}").text
    assert "tạm khóa" in attacker.sign_in(username, LOCK_SECRET).text
    return attacker


def guesses_at_once(server, username, address, count=12) -> list:
    """``count`` wrong passwords for ``username`` sent at the same moment."""
    client = Client(server.url, address=address)
    token = client.csrf_token()

    def guess(number):
        body = urlencode(
            {
                "username": username,
                "password": f"sai-{number}",
                "csrfmiddlewaretoken": token,
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": server.url,
        }
        return client.request("POST", "/dang-nhap/", body.encode(), headers)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(guess, range(count)))


def test_guesses_sent_at_once_are_counted_as_if_sent_one_by_one(server, admin):
    new_account(server, "dong-loat")
    answers = guesses_at_once(server, "dong-loat", "10.7.0.1")
    assert [answer.status for answer in answers] == [400] * 12
    actions = [row["viec"] for row in audit_rows(admin, "dong-loat")]
    assert actions.count("sign_in_refused") == 5
    assert actions.count("sign_in_locked") == 7


def test_sign_ins_beyond_what_the_server_checks_at_once_are_told_it_is_busy(
    tmp_path,
):
    """Passwords are checked one at a time (each check holds 100 MiB); a
    sign-in that cannot wait for its turn is told so, and nothing is counted."""
    busy = start_server(
        tmp_path, NEWSROOM_BEHIND_PROXY="1", NEWSROOM_SIGNIN_WAIT_SECONDS="0"
    )
    try:
        answers = guesses_at_once(busy, "viet-a", "10.7.5.1")
        said = [answer.text for answer in answers]
        waited = [text for text in said if "Máy chủ đang bận" in text]
        assert waited and len(waited) < len(said)
        assert all(answer.status == 400 for answer in answers)
        rows = audit_rows(signed_in(busy, "quantri"), "viet-a")
        assert len(rows) == len(said) - len(waited)
    finally:
        busy.stop()


def test_a_lock_set_from_one_address_leaves_the_owner_signing_in_elsewhere(server):
    new_account(server, "bi-khoa")
    locked_from(server, "bi-khoa", "10.7.1.1")
    owner = Client(server.url, address="10.7.1.2")
    assert owner.sign_in("bi-khoa", LOCK_SECRET).status == 302


def test_an_admin_s_new_password_lifts_the_lock(server, admin):
    new_account(server, "quen-mat-khau")
    attacker = locked_from(server, "quen-mat-khau", "10.7.2.1")
    answer = admin.post_form(
        "/tai-khoan/quen-mat-khau/mat-khau/",
        {"password": "Mat-khau-moi-2026", "again": "Mat-khau-moi-2026"},
        page="/tai-khoan/quen-mat-khau/",
    )
    assert answer.status == 302
    # Even from where it was locked (the office the owner shares).
    assert attacker.sign_in("quen-mat-khau", "Mat-khau-moi-2026").status == 302


def test_guesses_from_many_addresses_lock_the_account_everywhere(server):
    new_account(server, "nhieu-noi")
    for address in range(6):  # five each: thirty
        locked_from(server, "nhieu-noi", f"10.7.3.{address}")
    owner = Client(server.url, address="10.7.4.1")
    assert "tạm khóa" in owner.sign_in("nhieu-noi", LOCK_SECRET).text


def test_a_rebuild_is_refused_where_the_server_hosts_no_site(server):
    done = server.manage("rebuild", check=False)
    assert done.returncode == 1
    assert "NEWSROOM_PUBLISH không phải 'build'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_stolen_session_cookie_is_worthless_after_sign_out(server):
    victim = signed_in(server, "viet-b")
    thief = Client(server.url, cookies=dict(victim.cookies))
    assert thief.api("info").status == 200
    assert "Đăng xuất khỏi phòng biên tập" in victim.get("/dang-xuat/").text
    assert victim.api("info").status == 200  # a GET alone signs nobody out
    assert victim.sign_out().status == 302
    assert thief.api("info").status == 401
    assert thief.get("/nhat-ky/").status == 302


def test_a_form_without_its_csrf_token_is_refused(server, admin):
    client = Client(server.url)
    answer = client.post_form(
        "/dang-nhap/",
        {"username": "viet-a", "password": password("viet-a")},
        token=False,
    )
    assert answer.status == 403
    assert "tải lại trang" in answer.text
    assert "toasoan_phien" not in client.cookies
    change = admin.post_form(
        "/tai-khoan/viet-a/hoat-dong/", {"active": "0"}, token=False
    )
    assert change.status == 403
    assert signed_in(server, "viet-a").api("info").status == 200


def test_session_cookie_and_pages_are_locked_down(server):
    client = Client(server.url)
    page = client.get("/dang-nhap/")
    assert "Tên đăng nhập" in page.text
    assert "Mật khẩu" in page.text
    assert 'lang="vi"' in page.text
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    # Only this server's script (it keeps the page's #…), never inline code.
    assert re.findall(r"script-src[^;]*", policy) == ["script-src 'self'"]
    answer = client.post_form(
        "/dang-nhap/", {"username": "viet-a", "password": password("viet-a")}
    )
    session = next(c for c in answer.set_cookies if c.startswith("toasoan_phien="))
    assert "HttpOnly" in session
    assert "SameSite=Strict" in session
    assert f"Max-Age={IDLE_MINUTES * 60}" in session
    assert (
        Client(server.url).get("/admin/").headers["Location"].startswith("/dang-nhap/")
    )


# Accounts and the audit log, in the browser's forms --------------------------


def test_admins_add_accounts_reset_passwords_and_read_the_log(server, admin):
    answer = admin.post_form(
        "/tai-khoan/them/",
        {
            "username": "moi-vao",
            "name": "Vũ Thị Mới",
            "roles": "writer",
            "units": "ubnd-xa-dinh-hoa",
            "active": "on",
            "password": "Moi-vao-2026-x",
        },
    )
    assert answer.status == 302, answer.text
    newcomer = signed_in(server, "moi-vao", "Moi-vao-2026-x")
    assert newcomer.api("info").status == 200
    reset = admin.post_form(
        "/tai-khoan/moi-vao/mat-khau/",
        {"password": "Doi-mat-khau-2026", "again": "Doi-mat-khau-2026"},
        page="/tai-khoan/moi-vao/",
    )
    assert reset.status == 302
    assert newcomer.api("info").status == 401  # the old session ended
    assert Client(server.url).sign_in("moi-vao", "Moi-vao-2026-x").status == 400
    signed_in(server, "moi-vao", "Doi-mat-khau-2026")
    # The admin moves the account to the other unit: its stories follow the rule.
    moved = admin.post_form(
        "/tai-khoan/moi-vao/",
        {
            "name": "Vũ Thị Mới",
            "roles": "writer",
            "units": "cong-an-xa-dinh-hoa",
            "active": "on",
        },
    )
    assert moved.status == 302, moved.text
    mover = signed_in(server, "moi-vao", "Doi-mat-khau-2026")
    slug = "2026-12-03-sau-khi-chuyen"
    assert (
        mover.api("persistEntry", persist_params(slug, story_raw(slug))).status == 403
    )
    log = admin.get("/nhat-ky/")
    assert log.status == 200
    assert "Thay đổi tài khoản" in log.text
    details = [row["chi_tiet"] for row in audit_rows(admin, "quantri")]
    assert any("đặt lại mật khẩu" in detail for detail in details)


def test_an_approver_account_must_be_on_the_approvers_list(server, admin):
    answer = admin.post_form(
        "/tai-khoan/them/",
        {
            "username": "gia-mao",
            "name": "Người Không Có Tên",
            "roles": "approver",
            "units": "ubnd-xa-dinh-hoa",
            "active": "on",
            "password": "Gia-mao-2026-x",
        },
    )
    assert answer.status == 400
    assert "approvers.toml" in answer.text
    assert Client(server.url).sign_in("gia-mao", "Gia-mao-2026-x").status == 400


def test_only_admins_see_accounts_and_the_log(server, writer):
    assert writer.get("/nhat-ky/").status == 403
    assert writer.get("/nhat-ky.csv").status == 403
    assert writer.get("/tai-khoan/").status == 403


def test_the_account_command_reads_the_password_from_standard_input(server):
    done = server.manage(
        "account",
        "--username",
        "viet-a",
        "--name",
        "Trần Thị Viết",
        "--role",
        "writer",
        "--units",
        "khong-co-don-vi",
        stdin="Viet-bai-2026-a\n",
        check=False,
    )
    assert done.returncode != 0
    assert "Không có đơn vị 'khong-co-don-vi'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_refused_push_is_shown_and_retried_on_request(server, writer):
    approver = signed_in(server, "duyet-a")
    slug = "2026-12-03-day-that-bai"
    assert (
        writer.api("persistEntry", persist_params(slug, story_raw(slug))).status == 200
    )
    hook = server.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'kho chính đang bảo trì' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = server.remote_main()
    try:
        answer = approver.api("publishUnpublishedEntry", entry_key(slug))
        assert answer.status == 200, answer.text
        assert answer.json()["pushed"] is False
        assert server.remote_main() == before
        page = approver.get("/tinh-trang/")
        assert "chưa lên được kho chính" in page.text
        told = publication_of(approver, slug)
        assert told["state"] == "push_failed"
        assert "kho chính từ chối nhận" in told["message"]
        assert publication_of(writer, slug) == told  # the unit's writer is told too
        # git's own words (English, the server's paths) reach admins only.
        assert "bảo trì" not in page.text and "bảo trì" not in repr(told)
        admin = signed_in(server, "quantri")
        assert "bảo trì" in admin.get("/tinh-trang/").text
        seen = publication_of(admin, slug)
        assert any("bảo trì" in line for line in seen["server_details"])
    finally:
        hook.unlink()
    retried = approver.post_form("/tinh-trang/", {})
    assert retried.status == 302
    assert "đều đã lên kho chính" in approver.get("/tinh-trang/").text
    assert server.remote_main() != before
    sent = publication_of(approver, slug)
    assert sent["state"] == "sent"
    assert sent["url"] == f"https://dinhhoa.example.vn/bai-viet/{slug[11:]}/"


def publication_of(client, slug) -> dict | None:
    """What /api/cong-bo tells ``client`` about the publish of ``slug``."""
    answer = client.get("/api/cong-bo")
    assert answer.status == 200, answer.text
    assert answer.headers["Cache-Control"] == "no-store"
    found = [one for one in answer.json()["publications"] if one["slug"] == slug]
    return found[0] if found else None


def test_a_refused_publish_is_told_to_its_unit_and_to_nobody_else(server, writer):
    """The reason quotes the draft: another unit's writer and strangers never see it."""
    slug = "2026-12-03-trung-ma-so"
    taken = "Id: 0a3689e2-a294-58d8-acb1-cc3e07319910"  # a published story's
    raw = re.sub(r"^Id: .*$", taken, story_raw(slug), flags=re.MULTILINE)
    assert writer.api("persistEntry", persist_params(slug, raw)).status == 200
    approver = signed_in(server, "duyet-a")
    refused = approver.api("publishUnpublishedEntry", entry_key(slug))
    assert refused.status == 422
    told = publication_of(approver, slug)
    assert told["state"] == "refused"
    assert "trang sẽ có lỗi" in told["reason"]
    assert any("0a3689e2-a294-58d8-acb1-cc3e07319910" in one for one in told["details"])
    assert any(
        re.match(rf"{FOLDER}/{slug}\.md:\d+: ", line) for line in told["details"]
    )
    assert publication_of(writer, slug) == told
    assert publication_of(signed_in(server, "viet-b"), slug) is None
    # Admins see the same, and the server's own error (none here: the gate's).
    assert publication_of(signed_in(server, "quantri"), slug) == {
        **told,
        "server_details": [],
    }
    anonymous = Client(server.url).get("/api/cong-bo")
    assert anonymous.status == 401
    assert "đăng nhập" in anonymous.json()["error"]
    assert "0a3689e2" not in anonymous.text


def test_another_unit_s_many_publishes_never_hide_one_s_own(server, writer):
    """The board filters every kept record first, then shows the newest."""
    slug = "2026-12-03-tin-cua-minh"
    assert writer.api("persistEntry", persist_params(slug, story_raw(slug))).status
    approver = signed_in(server, "duyet-a")
    approver.api(
        "updateUnpublishedEntryStatus",
        {**entry_key(slug), "newStatus": "pending_publish"},
    )
    assert approver.api("publishUnpublishedEntry", entry_key(slug)).status == 200
    records = Publications(server.state / "state" / "publications")
    for number in range(60):
        other = records.start(slug=f"khac-{number}", unit="cong-an-xa-dinh-hoa")
        records.update(other, "sent")
    assert publication_of(approver, slug) is not None


def test_a_failed_build_s_own_error_is_shown_to_admins_only(server, writer, admin):
    """Staff read what happened, in Vietnamese; the build's own line is the owner's."""
    slug = "2026-12-03-dung-trang-hong"
    said = "FileExistsError: [Errno 17] File exists: '/srv/hosting/site'"
    records = Publications(server.state / "state" / "publications")
    record = records.start(
        slug=slug, unit="ubnd-xa-dinh-hoa", author="viet-a", title="Tin dựng hỏng"
    )
    records.update(record, "build_failed", server_details=[said])
    build = server.state / "state" / "build.json"
    last = {"ok": False, "log": f"Đang dựng…\n{said}\n", "at": time.time()}
    build.write_text(json.dumps(last, ensure_ascii=False), encoding="utf-8")
    try:
        for client in (writer, signed_in(server, "duyet-a")):
            told = publication_of(client, slug)
            assert told["state"] == "build_failed"
            assert "không dựng được trang, nên trang vẫn như cũ" in told["message"]
            assert "hãy báo quản trị" in told["message"]
            assert "File exists" not in json.dumps(told)
            page = client.get("/tinh-trang/").text
            assert "Dựng không được" in page
            assert "Trang công khai vẫn như cũ. Hãy báo quản trị" in page
            assert "File exists" not in page
        assert publication_of(admin, slug)["server_details"] == [said]
        assert "File exists" in admin.get("/tinh-trang/").text
    finally:
        build.unlink()


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"action": []}', b'{"action": "runShell"}', b'{"x": 1}'],
)
def test_a_malformed_request_gets_a_reason_not_a_crash(server, writer, body):
    answer = writer.api_body(body)
    assert answer.status == 400
    assert answer.json()["error"]


def test_a_short_password_is_refused_in_vietnamese(server, admin):
    answer = admin.post_form(
        "/tai-khoan/viet-b/mat-khau/",
        {"password": "ngan", "again": "ngan"},
        page="/tai-khoan/viet-b/",
    )
    assert answer.status == 400
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in answer.text
    assert "This password" not in answer.text


def test_an_approver_makes_the_week_s_bulletin_from_the_published_stories(server):
    approver = signed_in(server, "duyet-a")
    days = "tu=2026-11-20&den=2026-11-27"
    page = approver.get(f"/ban-tin/?{days}")
    assert page.status == 200, page.text
    assert "Tin Thời sự." in page.text
    # Published stories only: the fixture's draft and future stories are not read.
    assert "BANNHAPBIMAT" not in page.text and "TUONGLAIBIMAT" not in page.text
    # A hostile title is read without its tags, and escaped on the page.
    assert "<script" not in page.text
    assert "Alert(&quot;xss&quot;) Tiêu đề &quot;độc hại&quot;" in page.text
    script = approver.get(f"/ban-tin/txt?{days}")
    assert script.status == 200
    text = script.body.decode("utf-8")
    assert text.startswith("Đây là Đài truyền thanh xã Định Hóa.")
    assert not any(char.isdigit() for char in text)
    word = approver.get(f"/ban-tin/docx?{days}")
    assert word.body[:2] == b"PK"
    headers = {name.lower(): value for name, value in word.headers.items()}
    assert (
        'filename="ban-tin-2026-11-20-2026-11-27.docx"'
        in (headers["content-disposition"])
    )


def test_a_wrong_day_is_named_and_writers_cannot_make_bulletins(server, writer):
    approver = signed_in(server, "duyet-a")
    page = approver.get("/ban-tin/?tu=2026-13-01")
    assert page.status == 200
    assert "không phải một ngày dạng YYYY-MM-DD" in page.text
    refused = writer.get("/ban-tin/?tu=2026-11-20&den=2026-11-27")
    assert refused.status == 403
    assert "Chỉ người duyệt bài mới lập được bản tin" in refused.text
    assert Client(server.url).get("/ban-tin/").status == 302


def test_the_form_asks_the_server_whether_to_show_approver_only_fields(server, writer):
    answer = {"units": ["UBND xã Định Hóa"], "sign_out": "/dang-xuat/"}
    assert writer.get("/vai-tro/").json() == {"role": "writer", **answer}
    approver = signed_in(server, "duyet-a").get("/vai-tro/").json()
    assert approver == {"role": "approver", **answer}
    assert Client(server.url).get("/vai-tro/").status == 401


# Found by an attacker's review: each now refused, or made harmless ----------

PUBLISHED = "content/articles/thoi-su/2026-11-27-tham-xa-diem-mac.md"


def branch_text(server, slug) -> str:
    return git(
        "show", f"cms/thoi-su/{slug}:{FOLDER}/{slug}.md", cwd=server.state / "repo"
    )


def test_a_field_hidden_after_a_tab_line_is_seen_by_the_gate(server, writer):
    slug = "2026-12-04-an-sau-tab"
    raw = story_raw(slug).replace(
        "Status: published\n", "Status: published\n\tx\nSave_as: index.html\n"
    )
    before = unchanged(server)
    answer = writer.api("persistEntry", persist_params(slug, raw))
    assert answer.status == 422
    assert "save_as" in answer.text.lower()
    assert unchanged(server) == before


def test_a_field_hidden_after_a_carriage_return_is_stripped(server, writer):
    slug = "2026-12-04-an-sau-cr"
    raw = story_raw(slug).replace(
        "Summary: Một câu tóm tắt của tin thử.",
        "Summary: Một câu tóm tắt của tin thử.\rCoefficient: 3",
    )
    assert writer.api("persistEntry", persist_params(slug, raw)).status == 200
    saved = branch_text(server, slug)
    assert "Coefficient" not in saved and "\r" not in saved


def test_a_field_written_twice_is_refused(server, writer):
    slug = "2026-12-04-hai-lan"
    raw = story_raw(slug).replace(
        "Section: Thời sự\n", "Coefficient:\nSection: Thời sự\nCoefficient: 3\n"
    )
    answer = writer.api("persistEntry", persist_params(slug, raw))
    assert answer.status == 422
    assert "ghi hai lần" in answer.json()["error"]


def test_delete_asks_the_policy_about_the_path_it_deletes(server, admin):
    # An approver of the other unit only (duyet-b is locked by an earlier test).
    server.add_account(
        "duyet-c", "Lê Văn Thành", "approver", "cong-an-xa-dinh-hoa", "Duyet-c-2026-x"
    )
    other = signed_in(server, "duyet-c", "Duyet-c-2026-x")
    before = unchanged(server)
    for extra in ({}, {"asset": "x"}, {"options": ["x"]}):
        answer = other.api(
            "deleteFile",
            {
                "branch": "main",
                "path": PUBLISHED,
                "paths": ["content/images/khong-co.jpg"],
                **extra,
            },
        )
        assert answer.status == 403, answer.text
    assert unchanged(server) == before
    refused = [r for r in audit_rows(admin, "duyet-c") if r["duoc_phep"] == "khong"]
    assert sum(r["viec"] == "deleteFile" for r in refused) == 3


def test_only_photos_and_document_files_count_as_media(server):
    approver = signed_in(server, "duyet-a")
    before = unchanged(server)
    answer = approver.api(
        "deleteFile", {"branch": "main", "path": "content/data/units.toml"}
    )
    assert answer.status == 403
    assert "Chỉ xóa được ảnh và tệp văn bản" in answer.json()["error"]
    assert unchanged(server) == before


def test_a_change_after_approval_goes_back_to_review(server, writer):
    slug = "2026-12-04-sua-sau-duyet"
    assert (
        writer.api("persistEntry", persist_params(slug, story_raw(slug))).status == 200
    )
    key = entry_key(slug)
    assert (
        writer.api(
            "updateUnpublishedEntryStatus", {**key, "newStatus": "pending_review"}
        ).status
        == 200
    )
    approver = signed_in(server, "duyet-a")
    approver.api("unpublishedEntry", key)
    ready = approver.api(
        "updateUnpublishedEntryStatus", {**key, "newStatus": "pending_publish"}
    )
    assert ready.status == 200, ready.text
    writer.api("unpublishedEntry", key)
    changed = story_raw(slug, line="Nội dung đã sửa sau khi duyệt.")
    assert writer.api("persistEntry", persist_params(slug, changed)).status == 200
    assert writer.api("unpublishedEntry", key).json()["status"] == "pending_review"


def test_a_body_nested_too_deep_is_refused_not_a_crash(server, writer):
    body = b'{"action": "getMedia", "params": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    answer = writer.api_body(body)
    assert answer.status == 400


# Notes on a story (Decap's notes pane) -----------------------------------------


def test_a_note_s_author_is_the_account_whatever_the_browser_says(
    server, writer, draft, admin
):
    key = entry_key(draft)
    forged = {"content": " Cần  ảnh rõ hơn. ", "author": "Chủ tịch", "resolved": True}
    added = writer.api("addNote", {**key, "note": {**forged, "authorId": "duyet-a"}})
    assert added.status == 200, added.text
    note = added.json()["note"]
    assert note["author"] == "Trần Thị Viết"
    assert "viet-a" not in added.text  # login names are not shown
    assert (note["content"], note["resolved"], note["isOwn"]) == (
        "Cần  ảnh rõ hơn.",
        False,
        True,
    )
    approver = signed_in(server, "duyet-a")
    seen = approver.api("getNotes", key).json()["notes"]
    assert [(n["id"], n["isOwn"]) for n in seen] == [(note["id"], False)]
    # The approver marks it done, but cannot reword or remove the writer's note.
    done = {**key, "noteId": note["id"], "updates": {"resolved": True}}
    assert approver.api("updateNote", done).json()["note"]["resolved"] is True
    reworded = {**key, "noteId": note["id"], "updates": {"content": "Khác."}}
    refused = approver.api("updateNote", reworded)
    assert refused.status == 403
    assert refused.json()["error"] == (
        "Chỉ người viết ghi chú mới sửa hay xóa được ghi chú đó."
    )
    assert approver.api("deleteNote", {**key, "noteId": note["id"]}).status == 403
    assert writer.api("getNotes", key).json()["notes"][0]["content"] == (
        "Cần  ảnh rõ hơn."
    )
    logged = [r for r in audit_rows(admin, "duyet-a") if r["viec"] == "updateNote"]
    assert [r["duoc_phep"] for r in logged] == ["khong", "co"]
    assert all(draft in r["doi_tuong"] for r in logged)
    assert logged[1]["chi_tiet"] == f"ghi chú {note['id']}: đã xong"
    added_row = [r for r in audit_rows(admin, "viet-a") if r["viec"] == "addNote"][-1]
    assert added_row["chi_tiet"] == f"ghi chú {note['id']}: Cần  ảnh rõ hơn."


@pytest.fixture(scope="module")
def note_elsewhere(writer) -> tuple[str, str]:
    """Another story in review with one note: its slug and the note's id."""
    slug = in_review(writer, "2026-12-03-tin-khac-co-ghi-chu")
    added = writer.api(
        "addNote", {**entry_key(slug), "note": {"content": "Ở bài khác."}}
    )
    return slug, added.json()["note"]["id"]


@pytest.mark.parametrize(
    "note_id", ["../1", "1 OR 1=1", "", None, ["1"], "-1", "99999", "²", True, 10**30]
)
def test_a_note_named_wrongly_or_of_another_story_is_not_found(
    writer, draft, note_elsewhere, note_id
):
    other, theirs = note_elsewhere
    for named in (note_id, theirs):
        answer = writer.api(
            "updateNote",
            {**entry_key(draft), "noteId": named, "updates": {"content": "Đổi."}},
        )
        assert answer.status == 404, answer.text
        assert "Không còn ghi chú này" in answer.json()["error"]
    kept = writer.api("getNotes", entry_key(other)).json()["notes"]
    assert [n["content"] for n in kept] == ["Ở bài khác."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("   ", "Ghi chú trống"),
        ("x" * 2001, "Ghi chú dài 2001 ký tự, tối đa 2000"),
        (["Cần ảnh."], "Ghi chú phải là chữ."),
        (None, "Ghi chú phải là chữ."),
        ("\u200b\u200b\u2060", "Ghi chú trống"),
        ("\x00\u202e", "Ghi chú trống"),
    ],
)
def test_an_empty_long_or_strange_note_is_refused_in_vietnamese(
    server, writer, draft, content, message
):
    key = entry_key(draft)
    before = writer.api("getNotes", key).json()["notes"]
    answer = writer.api("addNote", {**key, "note": {"content": content}})
    assert answer.status == 422
    assert message in answer.json()["error"]
    assert writer.api("getNotes", key).json()["notes"] == before


def test_notes_on_a_story_that_is_not_there_are_nobody_s(server, writer, admin):
    key = entry_key("2026-12-03-khong-co-bai-nay")
    refused = writer.api("addNote", {**key, "note": {"content": "Ai đọc?"}})
    assert refused.status == 403
    assert refused.json()["error"] == (
        "Không có bài này (chưa lưu, hoặc đã bị xóa), nên chưa ghi chú được."
    )
    assert admin.api("getNotes", key).json() == {"notes": []}
    assert writer.api("getNotes", {**key, "slug": "../../etc"}).status == 422


def test_a_story_dropped_from_review_takes_its_notes_with_it(server, writer):
    slug = in_review(writer, "2026-12-03-tin-bo-di")
    key = entry_key(slug)
    assert writer.api("addNote", {**key, "note": {"content": "Bỏ bài."}}).status == 200
    assert writer.api("deleteUnpublishedEntry", key).status == 200
    again = in_review(writer, slug)
    assert writer.api("getNotes", entry_key(again)).json() == {"notes": []}


def test_a_note_keeps_no_control_character_and_a_mark_is_true_or_false(
    server, writer, draft
):
    key = entry_key(draft)
    added = writer.api("addNote", {**key, "note": {"content": "Sửa\x00 tên\u202e xã."}})
    note = added.json()["note"]
    assert note["content"] == "Sửa tên xã."
    marked = writer.api(
        "updateNote", {**key, "noteId": note["id"], "updates": {"resolved": "true"}}
    )
    assert marked.status == 422
    assert "Đánh dấu ghi chú không hợp lệ" in marked.json()["error"]


def test_another_unit_learns_nothing_of_a_story_s_notes(server, writer, draft):
    key = entry_key(draft)
    real = writer.api("addNote", {**key, "note": {"content": "Của đơn vị A."}})
    other = signed_in(server, "viet-b")
    read = other.api("getNotes", key)
    missing = other.api("getNotes", entry_key("2026-12-03-khong-co-bai-nay"))
    assert read.status == missing.status == 404
    assert read.json() == missing.json()
    assert "UBND" not in read.text
    answers = [
        other.api("deleteNote", {**key, "noteId": note_id})
        for note_id in (real.json()["note"]["id"], "987654")
    ]
    assert [a.status for a in answers] == [403, 403]
    assert answers[0].json() == answers[1].json()


def test_one_story_holds_at_most_two_hundred_notes(server, writer):
    slug = in_review(writer, "2026-12-03-tin-nhieu-ghi-chu")
    key = entry_key(slug)
    for number in range(200):
        note = {**key, "note": {"content": f"Ghi chú {number}."}}
        assert writer.api("addNote", note).status == 200
    refused = writer.api("addNote", {**key, "note": {"content": "Thêm nữa."}})
    assert refused.status == 422
    assert "đã có 200 ghi chú" in refused.json()["error"]


def test_a_published_story_deleted_takes_its_notes_for_good(server, writer, admin):
    slug = in_review(writer, "2026-12-03-tin-se-xoa")
    key = entry_key(slug)
    assert writer.api("addNote", {**key, "note": {"content": "Của A."}}).status == 200
    approver = signed_in(server, "duyet-a")
    approver.api(
        "updateUnpublishedEntryStatus", {**key, "newStatus": "pending_publish"}
    )
    assert approver.api("publishUnpublishedEntry", key).status == 200
    deleted = approver.api(
        "deleteFile",
        {"path": f"{FOLDER}/{slug}.md", "options": {"commitMessage": "Xóa"}},
    )
    assert deleted.status == 200, deleted.text
    # Another unit's writer makes a story at the same address: no notes.
    other = signed_in(server, "viet-b")
    again = persist_params(slug, story_raw(slug, unit=OTHER_UNIT_NAME))
    assert other.api("persistEntry", again).status == 200
    assert other.api("getNotes", key).json() == {"notes": []}
    logged = [r for r in audit_rows(admin, "duyet-a") if r["viec"] == "deleteNote"]
    assert any("1 ghi chú bỏ cùng bài" in r["chi_tiet"] for r in logged)


def test_changes_to_a_published_story_dropped_keep_its_notes(server, writer):
    slug = in_review(writer, "2026-12-03-tin-giu-ghi-chu")
    key = entry_key(slug)
    approver = signed_in(server, "duyet-a")
    approver.api(
        "updateUnpublishedEntryStatus", {**key, "newStatus": "pending_publish"}
    )
    assert approver.api("publishUnpublishedEntry", key).status == 200
    # A change to the published story, talked about, then dropped.
    writer.api("getEntry", {"path": f"{FOLDER}/{slug}.md"})
    changed = persist_params(slug, story_raw(slug, line="Một dòng sửa."))
    assert writer.api("persistEntry", changed).status == 200
    assert writer.api("addNote", {**key, "note": {"content": "Giữ."}}).status == 200
    assert writer.api("deleteUnpublishedEntry", key).status == 200
    kept = writer.api("getNotes", key).json()["notes"]
    assert [note["content"] for note in kept] == ["Giữ."]


def test_a_draft_dropped_by_its_id_takes_its_notes(server, writer):
    slug = in_review(writer, "2026-12-03-tin-bo-theo-ma")
    key = entry_key(slug)
    assert writer.api("addNote", {**key, "note": {"content": "Bỏ."}}).status == 200
    dropped = writer.api(
        "deleteUnpublishedEntry", {"id": f"{key['collection']}/{slug}"}
    )
    assert dropped.status == 200, dropped.text
    assert writer.api("getNotes", entry_key(in_review(writer, slug))).json() == {
        "notes": []
    }
