"""“Gửi tin nhanh” (/gui-tin/) on the real server: who may send, what it makes.

The plain form (JavaScript off) is posted as a browser posts it:
multipart, with the CSRF token and Origin. A sent story must be on the
board exactly as Decap would have left it: its branch, its status, its
file in Decap's format that the gate accepts, its photos where Decap puts
them, the writer as author, every step in the audit log. Forged fields
change nothing.
"""

import io
import json
import re
import secrets
import subprocess
import uuid
from pathlib import Path

import pytest
from pelican.settings import read_settings
from PIL import Image

from tests.conftest import REPO
from tests.newsroom import test_web_security as security
from tests.newsroom.stories import jpeg
from tests.newsroom.test_web_security import audit_rows, signed_in
from tests.newsroom.web_server import ACCOUNTS, Client, git, start_server
from tests.photo_factory import encoded, phone_photo, private_exif
from tintuc.editorial.gate import library_site, story_problems
from tintuc.newsroom.repo import story as story_file
from tintuc.vn_text.front_matter import parse_front_matter

pytestmark = pytest.mark.slow

PAGE = "/gui-tin/"
TITLE = "Bà con thôn Khuôn Tát thu hoạch chè vụ đông"
SUMMARY = "Hơn 40 hộ thu hoạch chè vụ đông, năng suất cao hơn năm trước."
BODY = "Sáng nay, bà con thôn Khuôn Tát ra đồi chè từ sớm.\r\nChè năm nay được giá."
WRITER_NAME, _, UNIT, _ = ACCOUNTS["viet-a"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("quick"))
    try:
        running.add_account(
            "hai-don-vi",
            "Hoàng Văn Hai",
            "writer",
            "ubnd-xa-dinh-hoa,cong-an-xa-dinh-hoa",
            "Tuan-tra-dem-2026",
        )
        yield running
    finally:
        running.stop()


# The same signed-in writer and admin as the security tests, on this server.
writer, admin = security.writer, security.admin


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser builds it."""
    boundary = f"----toasoan{secrets.token_hex(8)}"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    for name, (filename, data, kind) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(client: Client, fields: dict, files=None, *, token=True, as_json=False, **kw):
    """The form sent from /gui-tin/ (``as_json``: as the page's script sends it)."""
    fields = dict(fields)
    if token:
        fields["csrfmiddlewaretoken"] = client.csrf_token(PAGE)
    body, kind = multipart(fields, files or {})
    headers = {"Content-Type": kind, "Origin": kw.get("origin") or client.url}
    if as_json:
        headers["Accept"] = "application/json"
    headers.update(kw.get("headers") or {})
    return client.request("POST", PAGE, body, headers)


def story_fields(title=TITLE, **extra) -> dict:
    return {
        "title": title,
        "summary": SUMMARY,
        "body": BODY,
        "section": "thoi-su",
        "draft": str(uuid.uuid4()),
        **extra,
    }


def clone(server) -> Path:
    return server.state / "repo"


def branches(server) -> list[str]:
    return git(
        "for-each-ref", "--format=%(refname:short)", "refs/heads/cms", cwd=clone(server)
    ).split()


def branch_of(server, title_slug: str) -> str:
    found = [name for name in branches(server) if name.endswith(title_slug)]
    assert len(found) == 1, branches(server)
    return found[0]


def status_of(server, branch: str) -> str:
    return git("config", f"branch.{branch}.description", cwd=clone(server))


def shown(server, branch: str, path: str) -> bytes:
    return subprocess.run(
        ["git", "show", f"{branch}:{path}"],
        cwd=clone(server),
        capture_output=True,
        check=True,
    ).stdout


# Who may send --------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in_and_back(server):
    visitor = Client(server.url)
    answer = visitor.get(PAGE)
    assert answer.status == 302
    assert answer.headers["Location"] == "/dang-nhap/?next=/gui-tin/"
    token = visitor.csrf_token()
    refused = post(visitor, story_fields(), token=False, as_json=True)
    assert refused.status in (401, 403)
    body, kind = multipart({**story_fields(), "csrfmiddlewaretoken": token}, {})
    headers = {"Content-Type": kind, "Origin": server.url, "Accept": "application/json"}
    signed_out = visitor.request("POST", PAGE, body, headers)
    assert signed_out.status == 401
    assert "đăng nhập" in signed_out.json()["errors"]["form"]
    back = visitor.post_form(
        "/dang-nhap/",
        {"username": "viet-a", "password": ACCOUNTS["viet-a"][3], "next": PAGE},
    )
    assert back.headers["Location"] == PAGE


@pytest.mark.parametrize("username", ["viet-a", "duyet-a"])
def test_writers_and_approvers_get_a_small_vietnamese_page(server, username):
    page = signed_in(server, username).get(PAGE)
    assert page.status == 200
    assert '<html lang="vi">' in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert 'accept="image/*"' in page.text
    assert "Thời sự" in page.text  # a section of the fixture site
    assert "UBND xã Định Hóa" in page.text  # the account's unit
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'none'" in policy
    # Nothing from elsewhere: every address the page loads is this server's.
    assert not re.search(r'(src|href)="(https?:)?//', page.text)
    script = signed_in(server, username).get("/tai-nguyen/gui-tin.js")
    assert script.status == 200
    weight = len(page.body) + len(script.body)
    assert weight < 40_000, weight


def test_an_admin_account_is_told_it_changes_no_content(server, admin):
    page = admin.get(PAGE)
    assert page.status == 403
    assert "Tài khoản quản trị chỉ quản lý tài khoản" in page.text
    before = branches(server)
    assert post(admin, story_fields()).status == 403
    assert branches(server) == before


# What a sent story is ------------------------------------------------------------


@pytest.fixture(scope="module")
def sent(server, writer):
    """A story sent with JavaScript off, with a phone's large JPEG and a HEIC."""
    big = encoded(phone_photo((3200, 2400)), "JPEG", quality=85, exif=private_exif(6))
    heic = encoded(phone_photo((1200, 900), seed=3), "HEIF", quality=60)
    fields = story_fields(
        alt_1="Bà con hái chè trên đồi thôn Khuôn Tát",
        alt_2="Những bao chè tươi xếp bên đường",
    )
    files = {
        "photo_1": ("IMG_4021.JPG", big, "image/jpeg"),
        "photo_2": ("IMG_4022.HEIC", heic, "image/heic"),
    }
    answer = post(writer, fields, files)
    assert answer.status == 303, answer.text
    assert answer.headers["Location"] == PAGE
    branch = branch_of(server, "-ba-con-thon-khuon-tat-thu-hoach-che-vu-dong")
    return answer, branch, writer.get(PAGE)


def test_a_plain_form_makes_a_story_in_review_as_decap_would(server, sent):
    _, branch, after = sent
    assert "Đã gửi tin" in after.text and "Đang xét duyệt" in after.text
    collection, file_slug = branch.split("/")[1:]
    assert collection == "thoi-su"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d-ba-con-thon-khuon-tat-thu-hoach-che-vu-dong", file_slug
    )
    assert status_of(server, branch) == "decap-cms/pending_review"
    path = f"content/articles/thoi-su/{file_slug}.md"
    text = shown(server, branch, path).decode()
    story = parse_front_matter(text)
    assert story.get("title") == TITLE
    assert story.get("slug") == "ba-con-thon-khuon-tat-thu-hoach-che-vu-dong"
    assert story.get("authors") == WRITER_NAME
    assert story.get("unit") == "UBND xã Định Hóa"
    assert story.get("section") == "Thời sự"
    assert story.get("status") == "published"  # as newsroom.js writes every story
    assert story.get("approver") == ""
    assert uuid.UUID(story.get("id")).version == 4
    assert "\r" not in text and story.body.startswith("Sáng nay")
    # The file and its photos are named for the story's day in Vietnam.
    assert file_slug[:10] == story.get("date")[:10]
    year, month = file_slug[:4], file_slug[5:7]
    assert story.get("image") == f"images/{year}/{month}/{file_slug}-1.jpg"
    assert (
        f"![Những bao chè tươi xếp bên đường](images/{year}/{month}/{file_slug}-2.jpg)"
        in story.body
    )
    # The writer is the author of the commit, with their account's trailer.
    log = git("log", "-1", "--format=%an <%ae>%n%B", branch, cwd=clone(server))
    assert log.startswith(f"{WRITER_NAME} <viet-a@")
    assert "Tai-khoan: viet-a" in log


def test_photos_are_shrunk_upright_jpegs_without_metadata(server, sent):
    _, branch, _ = sent
    file_slug = branch.split("/")[2]
    folder = f"content/images/{file_slug[:4]}/{file_slug[5:7]}"
    lead = Image.open(io.BytesIO(shown(server, branch, f"{folder}/{file_slug}-1.jpg")))
    assert lead.format == "JPEG"
    assert lead.size == (1800, 2400)  # turned upright (orientation 6), long side 2400
    assert not lead.getexif()
    assert "exif" not in lead.info
    second = Image.open(
        io.BytesIO(shown(server, branch, f"{folder}/{file_slug}-2.jpg"))
    )
    assert second.format == "JPEG"  # the HEIC, converted
    assert second.size == (1200, 900)


def test_the_story_file_passes_the_gate_s_save_checks(server, sent, tmp_path):
    _, branch, _ = sent
    checkout = tmp_path / "checkout"
    git(
        "clone",
        "--quiet",
        "--branch",
        branch,
        str(clone(server)),
        str(checkout),
        cwd=tmp_path,
    )
    path = checkout / f"content/articles/thoi-su/{branch.split('/')[2]}.md"
    # As the library checks a story at a save: in review until an approver signs it.
    path.write_text(story_file.as_under_review(path.read_text(encoding="utf-8")))
    settings = read_settings(
        str(REPO / "pelicanconf.py"), override={"PATH": str(checkout / "content")}
    )
    site, _ = library_site(settings)
    problems = [p for p in story_problems(site, path) if p.is_error]
    assert problems == []


def test_every_step_is_in_the_audit_log(server, sent, admin):
    _, branch, _ = sent
    rows = [
        row
        for row in audit_rows(admin, "viet-a")
        if branch.split("/")[2] in row["doi_tuong"]
    ]
    actions = {row["viec"] for row in rows}
    assert actions == {"persistEntry", "updateUnpublishedEntryStatus", "quick_story"}
    assert {row["duoc_phep"] for row in rows} == {"co"}


def test_the_same_draft_sent_twice_is_one_story(server, writer):
    fields = story_fields("Tin gửi hai lần vì mất sóng")
    first = post(writer, fields)
    again = post(writer, fields)
    assert first.status == again.status == 303
    assert (
        len([b for b in branches(server) if b.endswith("tin-gui-hai-lan-vi-mat-song")])
        == 1
    )


def test_a_second_story_with_the_same_title_gets_its_own_address(server, writer):
    for _ in range(2):
        assert post(writer, story_fields("Họp dân thôn Bản Lác")).status == 303
    names = [b for b in branches(server) if "hop-dan-thon-ban-lac" in b]
    assert len(names) == 2
    assert any(name.endswith("hop-dan-thon-ban-lac-1") for name in names)


# Refusals: each on its field, nothing written --------------------------------------


def test_missing_fields_and_descriptions_are_named_on_their_fields(server, writer):
    before = branches(server)
    answer = post(
        writer,
        {"title": "", "summary": "", "body": "", "section": "thoi-su", "alt_1": ""},
        {"photo_1": ("a.jpg", jpeg(), "image/jpeg")},
    )
    assert answer.status == 422
    for message in (
        "Hãy nhập tiêu đề.",
        "Hãy nhập tóm tắt",
        "Hãy nhập nội dung tin.",
        "Ảnh 1 chưa có mô tả",
    ):
        assert message in answer.text
    assert 'href="#alt_1"' in answer.text
    assert "Ảnh đã chọn chưa được giữ lại" in answer.text
    assert branches(server) == before


def test_the_gate_s_words_come_back_on_the_field(server, writer):
    before = branches(server)
    answer = post(writer, story_fields(summary="Dài " * 102 + "xong"), as_json=True)
    assert answer.status == 422
    assert answer.json()["errors"]["summary"] == "Tóm tắt dài 412 ký tự, tối đa 300"
    assert branches(server) == before


def test_forged_fields_are_ignored(server, writer, admin):
    fields = story_fields(
        "Tin có trường giả",
        authors="Người Khác",
        author="Người Khác",
        approver="Nguyễn Thị Thu",
        status="pending_publish",
        path="../../.git/config",
        slug="../../evil",
        id="00000000-0000-0000-0000-000000000000",
        alt_1="Ảnh chụp cổng làng",
    )
    files = {"photo_1": ("../../../.git/hooks/post-commit", jpeg(), "image/jpeg")}
    assert post(writer, fields, files).status == 303
    branch = branch_of(server, "-tin-co-truong-gia")
    assert status_of(server, branch) == "decap-cms/pending_review"
    file_slug = branch.split("/")[2]
    story = parse_front_matter(
        shown(server, branch, f"content/articles/thoi-su/{file_slug}.md").decode()
    )
    assert story.get("authors") == WRITER_NAME
    assert story.get("approver") == ""
    assert story.get("id") != "00000000-0000-0000-0000-000000000000"
    assert story.get("image").endswith(f"/{file_slug}-1.jpg")
    changed = git("diff", "--name-only", "main", branch, cwd=clone(server)).split()
    assert all(
        p.startswith(("content/articles/thoi-su/", "content/images/")) for p in changed
    )


def test_a_unit_the_account_does_not_hold_is_refused(server, writer):
    before = branches(server)
    answer = post(writer, story_fields(unit="cong-an-xa-dinh-hoa"), as_json=True)
    assert answer.status == 422
    assert "đơn vị" in answer.json()["errors"]["unit"]
    assert branches(server) == before


def test_an_account_of_two_units_chooses_one_of_them(server):
    client = signed_in(server, "hai-don-vi", "Tuan-tra-dem-2026")
    page = client.get(PAGE)
    assert 'name="unit"' in page.text and "Công an xã Định Hóa" in page.text
    fields = story_fields("Công an xã tuần tra đêm", unit="cong-an-xa-dinh-hoa")
    assert post(client, fields).status == 303
    branch = branch_of(server, "-cong-an-xa-tuan-tra-dem")
    text = shown(server, branch, f"content/articles/thoi-su/{branch.split('/')[2]}.md")
    assert parse_front_matter(text.decode()).get("unit") == "Công an xã Định Hóa"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"MZ\x90\x00 not a photo at all", "không phải tệp ảnh"),
        (jpeg()[:200], "hỏng"),
    ],
    ids=["not-a-photo", "cut-short"],
)
def test_a_bad_photo_is_refused_on_its_field(server, writer, admin, data, said):
    before = branches(server)
    fields = story_fields(alt_1="Ảnh gì đó")
    answer = post(
        writer, fields, {"photo_1": ("anh.jpg", data, "image/jpeg")}, as_json=True
    )
    assert answer.status == 422
    assert said in answer.json()["errors"]["photo_1"]
    assert branches(server) == before


def test_too_many_photos_are_refused(server, writer):
    before = branches(server)
    small = jpeg()
    files = {f"photo_{n}": (f"{n}.jpg", small, "image/jpeg") for n in range(1, 8)}
    fields = story_fields(**{f"alt_{n}": f"Ảnh số {n}" for n in range(1, 8)})
    answer = post(writer, fields, files, as_json=True)
    assert answer.status == 422
    assert "tối đa 6 ảnh" in answer.json()["errors"]["photo"]
    assert branches(server) == before


def test_a_request_too_big_is_refused_before_it_is_read(server, writer, admin):
    token = writer.csrf_token(PAGE)
    headers = {
        "Content-Type": "multipart/form-data; boundary=x",
        "Origin": server.url,
        "Accept": "application/json",
        "Content-Length": str(200 * 1024 * 1024),
        "X-CSRFToken": token,
    }
    answer = writer.request("POST", PAGE, b"--x--\r\n", headers)
    assert answer.status == 413
    assert "quá nặng" in answer.json()["errors"]["form"]
    assert any("413" in row["chi_tiet"] for row in audit_rows(admin, "viet-a"))


def test_a_form_without_its_token_or_from_elsewhere_is_refused(server, writer, admin):
    before = branches(server)
    assert post(writer, story_fields(), token=False).status == 403
    foreign = post(writer, story_fields(), origin="https://trang-la.example")
    assert foreign.status == 403
    cross = post(writer, story_fields(), headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status == 403
    assert branches(server) == before
    refused = [
        row for row in audit_rows(admin) if "trang-la.example" in row["chi_tiet"]
    ]
    # Logged, but not in the account's name: another site sent it, not the writer.
    assert [(row["viec"], row["tai_khoan"]) for row in refused] == [
        ("request_refused", "")
    ]


def test_another_site_s_oversized_post_writes_nothing_in_the_writer_s_name(
    server, writer, admin
):
    before = len(audit_rows(admin, "viet-a"))
    headers = {
        "Content-Type": "multipart/form-data; boundary=x",
        "Origin": "https://trang-la.example",
        "Sec-Fetch-Site": "cross-site",
        "Content-Length": str(200 * 1024 * 1024),
    }
    answer = writer.request("POST", PAGE, b"--x--\r\n", headers)
    assert answer.status == 403
    assert len(audit_rows(admin, "viet-a")) == before


def test_a_title_of_any_length_is_refused_on_its_field(server, writer):
    before = branches(server)
    answer = post(writer, story_fields("Tin " * 50_000), as_json=True)
    assert answer.status == 422
    assert answer.json()["errors"] == {"title": "Tiêu đề dài 199999 ký tự, tối đa 150"}
    assert branches(server) == before


def test_a_box_number_in_other_digits_is_ignored(server, writer):
    answer = post(
        writer, story_fields(summary="", **{"alt_\u00b2": "Ảnh"}), as_json=True
    )
    assert answer.status == 422
    assert answer.json()["errors"] == {
        "summary": "Hãy nhập tóm tắt (một hai câu nêu ý chính)."
    }


def test_a_title_near_the_limit_keeps_its_photos(server, writer):
    title = ("Nghiệm thu công trình đường giao thông nông thôn xóm Đồng Chẽ " * 3)[:148]
    fields = story_fields(title.strip(), alt_1="Con đường mới đổ bê tông")
    files = {"photo_1": ("a.jpg", jpeg(), "image/jpeg")}
    answer = post(writer, fields, files, as_json=True)
    assert answer.status == 200, answer.text
    # Cut between words at 80 characters: the photo's name stays a safe name.
    slug = (
        "nghiem-thu-cong-trinh-duong-giao-thong-nong-thon-xom-dong-che-nghiem-thu-cong"
    )
    assert len(slug) <= 80
    file_slug = branch_of(server, f"-{slug}").split("/")[2]
    branch = f"cms/thoi-su/{file_slug}"
    folder = f"content/images/{file_slug[:4]}/{file_slug[5:7]}"
    assert Image.open(io.BytesIO(shown(server, branch, f"{folder}/{file_slug}-1.jpg")))


def test_a_shrunk_jpeg_keeps_nothing_but_its_pixels(server, writer):
    photo = jpeg(size=(640, 480)) + b"<script>alert(1)</script>GPS 21.9N 105.6E"
    fields = story_fields("Ảnh có đuôi lạ sau khi kết thúc", alt_1="Sân nhà văn hóa")
    answer = post(writer, fields, {"photo_1": ("a.jpg", photo, "image/jpeg")})
    assert answer.status == 303, answer.text
    branch = branch_of(server, "-anh-co-duoi-la-sau-khi-ket-thuc")
    file_slug = branch.split("/")[2]
    folder = f"content/images/{file_slug[:4]}/{file_slug[5:7]}"
    kept = shown(server, branch, f"{folder}/{file_slug}-1.jpg")
    assert kept.endswith(b"\xff\xd9") and b"GPS" not in kept and b"<script" not in kept


def test_photos_of_too_many_pixels_together_are_refused_before_decoding(server, writer):
    before = branches(server)
    big = encoded(Image.new("1", (6000, 6000)), "PNG")  # 36 MP in a few kilobytes
    files = {f"photo_{n}": (f"{n}.png", big, "image/png") for n in (1, 2, 3)}
    fields = story_fields(**{f"alt_{n}": f"Ảnh số {n}" for n in (1, 2, 3)})
    answer = post(writer, fields, files, as_json=True)
    assert answer.status == 422
    assert "tổng cộng 108 megapixel, tối đa 100" in answer.json()["errors"]["photo"]
    assert branches(server) == before


# Run in the server's own setup, in one process: its two photo workers held.
WHILE_BUSY = """
import json
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tintuc.newsroom import quick

client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.get(username="viet-a"))
headers = {"HTTP_ORIGIN": "http://127.0.0.1", "HTTP_SEC_FETCH_SITE": "same-origin"}
fields = {
    "title": "Tin gửi lúc máy chủ bận",
    "summary": "Tóm tắt.",
    "body": "Nội dung.",
    "section": "thoi-su",
    "alt_1": "Ảnh",
}
answers = {}
with quick.photo_slot(), quick.photo_slot():
    for kind in ("application/json", "text/html"):
        photo = SimpleUploadedFile("a.jpg", bytes.fromhex(PHOTO), "image/jpeg")
        answer = client.post(
            "/gui-tin/", {**fields, "photo_1": photo}, HTTP_ACCEPT=kind, **headers
        )
        answers[kind] = [answer.status_code, answer.content.decode()]
print(json.dumps(answers))
"""


def test_a_third_request_with_photos_is_told_to_send_again(server):
    code = WHILE_BUSY.replace("PHOTO", repr(jpeg().hex()))
    said = server.manage("shell", "-c", code).stdout
    answers = json.loads(said.splitlines()[-1])  # after the shell's greeting
    busy = "Máy chủ đang bận xử lý ảnh, hãy gửi lại sau ít phút."
    status, text = answers["application/json"]
    assert (status, json.loads(text)) == (503, {"errors": {"form": busy}})
    status, page = answers["text/html"]
    assert status == 503 and busy in page
    assert 'value="Tin gửi lúc máy chủ bận"' in page  # the draft kept on the page
    assert not [name for name in branches(server) if "tin-gui-luc-may-chu-ban" in name]


def test_the_approver_finishes_and_publishes_it(server, writer):
    sent = post(writer, story_fields("Thư viện xã mở cửa buổi tối"))
    assert sent.status == 303
    branch = branch_of(server, "-thu-vien-xa-mo-cua-buoi-toi")
    collection, file_slug = branch.split("/")[1:]
    approver = signed_in(server, "duyet-a")
    key = {"collection": collection, "slug": file_slug}
    ready = approver.api(
        "updateUnpublishedEntryStatus", {**key, "newStatus": "pending_publish"}
    )
    assert ready.status == 200, ready.text
    published = approver.api("publishUnpublishedEntry", key)
    assert published.status == 200, published.text
    path = f"content/articles/thoi-su/{file_slug}.md"
    story = parse_front_matter(git("show", f"main:{path}", cwd=server.remote))
    assert story.get("approver") == "Nguyễn Thị Thu"
    assert story.get("authors") == WRITER_NAME


def test_a_description_without_its_photo_keeps_the_text(server, writer):
    fields = story_fields("Tin có mô tả mà chưa có ảnh", alt_2="Cổng làng")
    answer = post(writer, fields, {"photo_3": ("c.jpg", jpeg(), "image/jpeg")})
    assert answer.status == 422
    assert "Có mô tả cho ảnh 2 nhưng chưa chọn ảnh." in answer.text
    assert "Ảnh 3 chưa có mô tả" in answer.text
    assert 'value="Tin có mô tả mà chưa có ảnh"' in answer.text


def test_an_approver_may_send_news_too(server):
    approver = signed_in(server, "duyet-a")
    assert post(approver, story_fields("Người duyệt gửi tin từ xã")).status == 303
    branch = branch_of(server, "-nguoi-duyet-gui-tin-tu-xa")
    assert status_of(server, branch) == "decap-cms/pending_review"
    text = shown(server, branch, f"content/articles/thoi-su/{branch.split('/')[2]}.md")
    story = parse_front_matter(text.decode())
    # Sent for review like anyone's: the approver signs only when setting it ready.
    assert (story.get("authors"), story.get("approver")) == ("Nguyễn Thị Thu", "")
