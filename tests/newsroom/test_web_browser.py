"""Two people, two accounts, one story: the newsroom server in Chromium.

A writer signs in, writes a story with a photo in Decap and sends it to
review; an approver for the unit signs in on another browser, edits one
line, sets it ready and publishes. The bare remote's ``main`` then has the
story, with commits by the two people and the approver's name, and the
editorial check (``make check``) passes on a checkout of it. Typing is key
by key, as people type.
"""

import re
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO
from tests.newsroom.web_server import ACCOUNTS, git, start_server
from tests.photo_factory import encoded, phone_photo
from tintuc.vn_text.front_matter import parse_front_matter

pytestmark = pytest.mark.slow

TITLE = "Khánh thành nhà văn hóa thôn Bản Lác"
SUMMARY = "Nhà văn hóa mới rộng 120 mét vuông, do người dân góp công xây dựng."
BODY = "Sáng nay, bà con thôn Bản Lác dự lễ khánh thành nhà văn hóa mới."
EDIT = " Ông trưởng thôn cảm ơn các hộ đã góp công."
ALT = "Bà con thôn Bản Lác cắt băng khánh thành nhà văn hóa"
SLOW = 60_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("browser"), build_admin=True)
    try:
        yield running
    finally:
        running.stop()


def sign_in(browser, server, username):
    """A browser of one's own: sign in at /dang-nhap/, then enter Decap."""
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 1000},
    )
    page = context.new_page()
    page.set_default_timeout(SLOW)
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{server.url}/admin/")
    page.get_by_label("Tên đăng nhập").press_sequentially(username)
    page.get_by_label("Mật khẩu").press_sequentially(ACCOUNTS[username][3])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/"))
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Bộ sưu tập").wait_for()
    return page, refused


def choose(page, field, option):
    """A choice typed into its box, as people pick from a list."""
    page.locator(f'[id^="{field}-field"]').press_sequentially(option)
    page.keyboard.press("Enter")


def set_status(page, current, new):
    """Decap's status menu: "Trạng thái: …"."""
    page.get_by_role("button", name=f"Trạng thái: {current}").click()
    page.get_by_role("menuitem", name=new).click()
    page.get_by_role("button", name=f"Trạng thái: {new}").wait_for()


def saved(page):
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Thay đổi đã được lưu").wait_for()


def on_remote_main(server, path):
    deadline = time.monotonic() + 120
    while path not in git("ls-tree", "-r", "--name-only", "main", cwd=server.remote):
        assert time.monotonic() < deadline, "the story never reached the remote"
        time.sleep(0.5)


def test_a_writer_and_an_approver_publish_a_story_with_a_photo(
    browser, server, tmp_path
):
    photo = tmp_path / "IMG_0815 Nhà văn hóa.jpg"
    photo.write_bytes(encoded(phone_photo((1600, 1200)), "JPEG", quality=85))

    writer, writer_refused = sign_in(browser, server, "viet-a")
    writer.goto(f"{server.url}/admin/#/collections/thoi-su/new")
    writer.locator('[id^="title-field"]').press_sequentially(TITLE)
    choose(writer, "unit", "UBND xã Định Hóa")
    writer.locator('[id^="authors-field"]').press_sequentially("Trần Thị Viết")
    writer.locator('[id^="summary-field"]').press_sequentially(SUMMARY)
    writer.get_by_role("button", name="Chọn một tập tin").click()
    writer.set_input_files('input[type="file"]', str(photo))
    writer.get_by_role("button", name="Lấy những cái đã chọn").click()
    writer.get_by_role("button", name="Chọn tập tin khác").wait_for()
    writer.locator('[id^="image_alt-field"]').press_sequentially(ALT)
    writer.locator('[data-slate-editor="true"]').click()
    writer.keyboard.type(BODY)
    saved(writer)
    writer.wait_for_url(re.compile(r"/entries/"))
    slug = re.search(r"entries/([^/?]+)", writer.url)[1]
    path = f"content/articles/thoi-su/{slug}.md"
    set_status(writer, "Bản nháp", "Đang xét duyệt")
    # The writer is offered no way to approve: the server refuses it anyway.
    writer.context.close()

    approver, approver_refused = sign_in(browser, server, "duyet-a")
    approver.goto(f"{server.url}/admin/#/collections/thoi-su/entries/{slug}")
    body = approver.locator('[data-slate-editor="true"]')
    body.get_by_text(BODY[:20]).click()
    approver.keyboard.press("End")
    approver.keyboard.type(EDIT)
    saved(approver)
    set_status(approver, "Đang xét duyệt", "Sẵn sàng")
    approver.get_by_role("button", name="Công bố", exact=True).click()
    approver.get_by_role("menuitem", name="Công bố ngay").click()
    on_remote_main(server, path)
    approver.context.close()
    assert writer_refused == approver_refused == []

    story = parse_front_matter(git("show", f"main:{path}", cwd=server.remote))
    assert story.get("title") == TITLE
    assert story.get("approver") == "Nguyễn Thị Thu"
    assert story.get("unit") == "UBND xã Định Hóa"
    assert EDIT.strip() in story.body
    image = story.get("image")
    assert f"content/{image}" in git(
        "ls-tree", "-r", "--name-only", "main", cwd=server.remote
    )
    authors = git(
        "log", "--format=%an <%ae>", "main", "--", path, cwd=server.remote
    ).splitlines()
    assert any(a.startswith("Trần Thị Viết <viet-a@") for a in authors), authors
    assert any(a.startswith("Nguyễn Thị Thu <duyet-a@") for a in authors), authors

    checkout = tmp_path / "checkout"
    git(
        "clone",
        "--quiet",
        "--branch",
        "main",
        str(server.remote),
        str(checkout),
        cwd=tmp_path,
    )
    # What `make check` runs, in a checkout of the remote's main.
    shutil.copy(REPO / "pelicanconf.py", checkout / "pelicanconf.py")
    (checkout / "theme").symlink_to(REPO / "theme")
    check = subprocess.run(
        [sys.executable, "-m", "tintuc.editorial", "check"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
