"""Two people, two accounts, one story: the newsroom server in Chromium.

A writer signs in, writes a story with a photo in Decap and sends it to
review; an approver for the unit signs in on another browser, edits one
line, sets it ready and publishes. The bare remote's ``main`` then has the
story, with commits by the two people and the approver's name, and the
editorial check (``make check``) passes on a checkout of it. Typing is key
by key, as people type. The server hosts the site (``NEWSROOM_PUBLISH=build``):
the board tells the approver the site was updated, with the story's address,
or why not.
"""

import datetime
import re
import shutil
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_newsroom import shoot
from tests.conftest import REPO
from tests.newsroom.stories import (
    COLLECTION,
    OTHER_UNIT_NAME,
    UNIT_NAME,
    asset,
    entry_key,
    jpeg,
    persist_params,
    story_raw,
)
from tests.newsroom.web_server import (
    ACCOUNTS,
    ADMIN_PASSWORD,
    Client,
    git,
    start_server,
)
from tests.photo_factory import encoded, phone_photo
from tintuc.vn_text.front_matter import parse_front_matter

pytestmark = pytest.mark.slow

TITLE = "Khánh thành nhà văn hóa thôn Bản Lác"
SUMMARY = "Nhà văn hóa mới rộng 120 mét vuông, do người dân góp công xây dựng."
BODY = "Sáng nay, bà con thôn Bản Lác dự lễ khánh thành nhà văn hóa mới."
EDIT = " Ông trưởng thôn cảm ơn các hộ đã góp công."
ALT = "Bà con thôn Bản Lác cắt băng khánh thành nhà văn hóa"
SLOW = 60_000
SITEURL = "https://dinhhoa.example.vn"  # publishconf.py's
DESKTOP = {"width": 1280, "height": 1000}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    running = start_server(
        folder,
        build_admin=True,
        NEWSROOM_PUBLISH="build",
        NEWSROOM_PUBLISH_OUTPUT=str(folder / "hosting" / "site"),
    )
    try:
        yield running
    finally:
        running.stop()


def sign_in(
    browser, server, username, timezone_id="Asia/Ho_Chi_Minh", viewport=DESKTOP
):
    """A browser of one's own: sign in at /dang-nhap/, then enter Decap."""
    context = browser.new_context(
        locale="vi-VN", timezone_id=timezone_id, viewport=viewport
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
    enter(page, server, username)
    return page, refused


def enter(page, server, username):
    """Sign in at /dang-nhap/ in this browser, then enter Decap."""
    page.goto(f"{server.url}/admin/")
    page.get_by_label("Tên đăng nhập").press_sequentially(username)
    secret = ADMIN_PASSWORD if username == "quantri" else ACCOUNTS[username][3]
    page.get_by_label("Mật khẩu").press_sequentially(secret)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/"))
    # Decap asks once; a browser it remembers goes straight in.
    decap_sign_in = page.get_by_role("button", name="Đăng nhập")
    collections = page.get_by_text("Bộ sưu tập")
    decap_sign_in.or_(collections).first.wait_for()
    if decap_sign_in.is_visible():
        decap_sign_in.click()
    collections.wait_for()


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


def told_the_site_is_updated(page, server, path: str):
    """The server built the site: the notice says so, with the story's address.

    Returns the story as published.
    """
    story = parse_front_matter(git("show", f"main:{path}", cwd=server.remote))
    slug = story.get("slug")
    address = f"{SITEURL}/bai-viet/{slug}/"
    notice = page.get_by_role("status", name="Kết quả công bố")
    expect(notice).to_contain_text("Trang đã cập nhật", timeout=SLOW)
    expect(notice.get_by_role("link", name=address)).to_have_attribute("href", address)
    hosted = server.state.parent / "hosting" / "site" / "bai-viet" / slug
    assert TITLE in (hosted / "index.html").read_text(encoding="utf-8")
    shoot(page, "cong-bo-da-cap-nhat")
    return story


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
    story = told_the_site_is_updated(approver, server, path)
    approver.context.close()
    assert writer_refused == approver_refused == []

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


def replace_text(page, field, text):
    """Select what a box holds and type ``text`` over it, key by key."""
    box = page.locator(f'[id^="{field}-field"]')
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    box.press_sequentially(text)


def new_story_saved(page, server, title):
    """A new story of Thời sự typed in, then "Lưu" pressed (what follows is the test's)."""
    page.goto(f"{server.url}/admin/#/collections/thoi-su/new")
    page.locator('[id^="title-field"]').press_sequentially(title)
    page.locator('[id^="authors-field"]').press_sequentially("Trần Thị Viết")
    page.locator('[id^="summary-field"]').press_sequentially(SUMMARY)
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.type(BODY)
    page.get_by_role("button", name="Lưu", exact=True).click()


def test_what_the_server_says_of_a_save_stays_above_the_form(browser, server):
    page, refused = sign_in(browser, server, "viet-a")
    # A title of spaces alone is no title (Decap counts it as filled in).
    new_story_saved(page, server, "   ")
    summary = page.locator("#dh-summary")
    expect(summary).to_contain_text("Thiếu trường bắt buộc: Tiêu đề.")
    # Saved with a date five years ahead: the gate's warning is shown.
    replace_text(page, "title", "Hội nghị tổng kết năm của xã")
    replace_text(page, "date", "07/12/2031 08:00")
    saved(page)
    expect(summary).to_have_attribute("role", "status")
    expect(summary).to_contain_text("Đã lưu. Nên xem lại trước khi gửi duyệt:")
    expect(summary).to_contain_text("có nhầm năm không?")
    page.wait_for_url(re.compile(r"/entries/"))
    story = page.url
    page.context.close()
    # The server's refusal of the approver's rating: in the box, on its
    # field, not only in a toast that goes in a few seconds.
    page, approver_refused = sign_in(browser, server, "duyet-a")
    page.goto(story)
    page.locator('[id^="coefficient-field"]').press_sequentially("abc")
    page.get_by_role("button", name="Lưu", exact=True).click()
    said = "Hệ số nhuận bút: hệ số 'abc' không phải là số."
    summary = page.locator("#dh-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("link", name=said)).to_have_attribute(
        "href", re.compile(r"^#coefficient-field")
    )
    assert refused == approver_refused == []
    page.context.close()


def story_in_review(server, slug: str, status: str, raw="", assets=()) -> None:
    """A story the writer saved (over the API, as Decap does), moved to ``status``."""
    writer = Client(server.url)
    writer.sign_in("viet-a", ACCOUNTS["viet-a"][3])
    params = persist_params(slug, raw or story_raw(slug), assets)
    assert writer.api("persistEntry", params).status == 200
    mover = writer
    if status == "pending_publish":
        mover = Client(server.url)
        mover.sign_in("duyet-a", ACCOUNTS["duyet-a"][3])
    moved = mover.api(
        "updateUnpublishedEntryStatus", {**entry_key(slug), "newStatus": status}
    )
    assert moved.status == 200, moved.text


def test_the_timer_s_rebuild_builds_the_hosted_site_again(server):
    """What the quarter-hourly timer runs, for stories dated later."""
    index = server.state.parent / "hosting" / "site" / "index.html"
    index.unlink()
    done = server.manage("rebuild")
    assert "Đã dựng lại trang" in done.stdout
    assert index.is_file()


def test_the_board_shows_vietnam_time_whatever_the_browser_s_zone(browser, server):
    slug = "2026-12-04-gio-tren-bang"
    story_in_review(server, slug, "pending_review")
    seconds = git(
        "log", "-1", "--format=%ct", f"cms/thoi-su/{slug}", cwd=server.state / "repo"
    )
    moment = datetime.datetime.fromtimestamp(int(seconds), ZoneInfo("Asia/Ho_Chi_Minh"))
    page, refused = sign_in(browser, server, "duyet-a", "America/New_York")
    zone = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert zone == "America/New_York"
    page.goto(f"{server.url}/admin/#/workflow")
    card = page.get_by_role("link").filter(has_text=f"Tin thử {slug}")
    expect(card).to_contain_text(moment.strftime("%d/%m/%Y %H:%M"))
    stamps = re.findall(r"\d\d/\d\d/\d{4} \d\d:\d\d\S*", card.inner_text())
    assert stamps == [moment.strftime("%d/%m/%Y %H:%M")]
    assert refused == []
    page.context.close()


def test_a_publish_whose_build_fails_says_why_on_the_story_and_the_board(
    browser, server
):
    slug = "2026-12-05-dung-trang-hong"
    story_in_review(server, slug, "pending_publish")
    hosting = server.state.parent / "hosting"
    # The folder the site is built into is broken (a file stands in its place).
    hosting.rename(hosting.with_name("hosting-cu"))
    hosting.write_text("không phải thư mục")
    page, refused = sign_in(browser, server, "duyet-a")
    page.goto(f"{server.url}/admin/#/collections/thoi-su/entries/{slug}")
    page.get_by_role("button", name="Công bố", exact=True).click()
    with page.expect_response(
        lambda response: (
            "publishUnpublishedEntry" in (response.request.post_data or "")
        ),
        timeout=SLOW,
    ) as published:
        page.get_by_role("menuitem", name="Công bố ngay").click()
    # The build's log (a traceback, the server's paths) is for admins only.
    assert published.value.json()["build"] == {"ok": False}
    notice = page.get_by_role("status", name="Kết quả công bố")
    expect(notice).to_contain_text("không dựng được trang", timeout=SLOW)
    expect(notice).to_contain_text("trang vẫn như cũ")
    expect(notice).not_to_contain_text("File exists")  # the admins' (another test)
    expect(notice.get_by_role("link")).to_have_count(0)  # the site was not updated
    shoot(page, "cong-bo-dung-trang-hong")
    page.goto(f"{server.url}/admin/#/workflow")
    expect(notice).to_contain_text(f"Tin thử {slug}")
    expect(notice).to_contain_text("không dựng được trang")
    shoot(page, "cong-bo-bang-duyet")
    # It stays until the approver has read it.
    told = notice.get_by_role("article").filter(has_text=f"Tin thử {slug}")
    told.get_by_role("button", name="Đã xem, ẩn đi").click()
    expect(notice).not_to_contain_text(f"Tin thử {slug}")
    assert refused == []
    page.context.close()
    # The admin, who runs the server, reads the build's own line there too.
    page, refused = sign_in(browser, server, "quantri")
    page.goto(f"{server.url}/admin/#/workflow")
    told = page.get_by_role("status", name="Kết quả công bố").get_by_role("article")
    told = told.filter(has_text=f"Tin thử {slug}")
    expect(told).to_contain_text("Lỗi của máy chủ (chỉ quản trị thấy):")
    expect(told).to_contain_text("File exists")
    assert refused == []
    page.context.close()


# The names of this origin's IndexedDB databases (Decap's is "localforage").
DATABASES = "indexedDB.databases().then(found => found.map(base => base.name))"
# Decap's unsaved copies of stories in this browser (its "backup.…" keys).
BACKUPS = """(async () => {
  if (!(await indexedDB.databases()).some(base => base.name === 'localforage')) return [];
  const base = await new Promise(done => {
    const asked = indexedDB.open('localforage');
    asked.onsuccess = () => done(asked.result);
  });
  const keys = await new Promise(done => {
    const asked = base.transaction('keyvaluepairs').objectStore('keyvaluepairs').getAllKeys();
    asked.onsuccess = () => done(asked.result);
  });
  base.close();
  return keys.filter(key => String(key).startsWith('backup.'));
})()"""


def until(page, expression: str, holds, timeout=SLOW):
    """The value of ``expression`` in the page once ``holds`` is true of it.

    Polled here: Playwright's ``wait_for_function`` takes a promise (IndexedDB
    answers with one) for a truthy value at once.
    """
    deadline = time.monotonic() + timeout / 1000
    while not holds(value := page.evaluate(expression)):
        assert time.monotonic() < deadline, f"still {value!r}"
        page.wait_for_timeout(100)
    return value


def test_signing_out_of_decap_ends_the_session_on_this_computer(browser, server):
    page, refused = sign_in(browser, server, "viet-a")
    page.get_by_role("button", name="Tài khoản").click()
    page.get_by_role("menuitem", name="Đăng xuất").click()
    # Told to clear what Decap kept, as the bar's "Đăng xuất" is.
    page.wait_for_url(f"{server.url}/dang-nhap/?da-dang-xuat")
    assert page.evaluate("localStorage.getItem('decap-cms-user')") is None
    # The next person at this computer is asked for a password everywhere.
    for address in ("/gui-tin/", "/admin/"):
        page.goto(f"{server.url}{address}")
        expect(page.get_by_label("Mật khẩu")).to_be_visible()
    assert refused == []
    page.context.close()


def test_signing_out_in_one_tab_closes_the_newsroom_in_the_others(browser, server):
    page, refused = sign_in(browser, server, "viet-a")
    # Another tab holds a story being written: Decap would ask before leaving.
    story = page.context.new_page()
    story.set_default_timeout(SLOW)
    asked = []
    story.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    story.goto(f"{server.url}/admin/#/collections/thoi-su/new")
    story.locator('[id^="title-field"]').press_sequentially("Tin chưa lưu của chị A")
    until(story, BACKUPS, bool)
    quick = page.context.new_page()
    quick.goto(f"{server.url}/gui-tin/")
    quick.get_by_label("Tiêu đề").press_sequentially("Tin nhanh chưa gửi")
    page.get_by_role("button", name="Tài khoản").click()
    page.get_by_role("menuitem", name="Đăng xuất").click()
    for tab in (page, story, quick):
        tab.wait_for_url(f"{server.url}/dang-nhap/?da-dang-xuat")
        expect(tab.get_by_label("Mật khẩu")).to_be_visible()
    assert asked == []
    # Nothing of Decap's was written back by the tabs that had it open.
    until(page, DATABASES, lambda names: "localforage" not in names)
    assert [key for key in page.evaluate("Object.keys(localStorage)")
            if not key.startswith("gui-tin:")] == []  # fmt: skip
    # The quick story waits for its writer, as typed.
    kept = page.evaluate("localStorage.getItem('gui-tin:viet-a') || ''")
    assert "Tin nhanh chưa gửi" in kept
    assert refused == []
    page.context.close()


def test_a_session_that_ran_out_keeps_its_copies_for_its_own_person_only(
    browser, server
):
    page, refused = sign_in(browser, server, "viet-a")
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.type))
    page.goto(f"{server.url}/admin/#/collections/thoi-su/new")
    title = page.locator('[id^="title-field"]')
    title.press_sequentially("Bản chưa lưu của chị Viết")
    copies = until(page, BACKUPS, bool)
    # The session runs out (an hour without a request): the copy stays for
    # the same person, even past the sign-out address typed again.
    server.end_session(page.context)
    page.goto(f"{server.url}/dang-nhap/?da-dang-xuat")
    expect(page.get_by_label("Mật khẩu")).to_be_visible()
    assert page.evaluate(BACKUPS) == copies
    enter(page, server, "viet-a")
    assert page.evaluate(BACKUPS) == copies
    # Her story still open in this tab, her session runs out again, and
    # someone else signs in in another tab: the story leaves the screen, and
    # nothing of hers stays in the browser.
    page.goto(f"{server.url}/admin/#/collections/thoi-su/new")
    title.press_sequentially("Bản thứ hai của chị Viết")
    asked.clear()
    server.end_session(page.context)
    other = page.context.new_page()
    other.set_default_timeout(SLOW)
    enter(other, server, "viet-b")
    # Her tab opened again, as his.
    page.wait_for_function(
        "() => document.querySelector('script[data-account=\"viet-b\"]') !== null"
    )
    expect(title).to_have_count(0)
    assert asked == []
    assert other.evaluate(BACKUPS) == []
    other.goto(f"{server.url}/admin/#/collections/thoi-su/new")
    other.locator('[id^="title-field"]').press_sequentially("Tin của anh Bê")
    until(other, BACKUPS, bool)
    assert refused == []
    page.context.close()


# A copy Decap would keep of an unsaved story, put in as Decap puts it.
SEED_BACKUP = """() => new Promise(done => {
  const asked = indexedDB.open('localforage');
  asked.onupgradeneeded = () => asked.result.createObjectStore('keyvaluepairs');
  asked.onsuccess = () => {
    const base = asked.result;
    const writing = base.transaction('keyvaluepairs', 'readwrite');
    writing.objectStore('keyvaluepairs').put({raw: 'Title: Tin'}, 'backup.thoi-su');
    writing.oncomplete = () => { base.close(); done(); };
  };
})"""


def test_a_sign_out_page_reloaded_later_clears_nothing(browser, server):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    # Landed on by a sign-out (the newsroom's own referrer): it clears.
    signed_out = f"{server.url}/dang-nhap/?da-dang-xuat"
    page.goto(signed_out, referer=f"{server.url}/admin/")
    assert page.evaluate("document.referrer") == f"{server.url}/admin/"
    # Later, a session ran out with an unsaved story kept; the old tab reloads.
    page.evaluate(SEED_BACKUP)
    page.reload()
    expect(page.get_by_label("Mật khẩu")).to_be_visible()
    assert page.evaluate("document.referrer") == f"{server.url}/admin/"
    assert page.evaluate(BACKUPS) == ["backup.thoi-su"]
    context.close()


def test_a_writer_s_only_unit_is_chosen_and_a_refusal_reads_plainly(browser, server):
    page, refused = sign_in(browser, server, "viet-a")
    page.goto(f"{server.url}/admin/#/collections/thoi-su/new")
    unit = page.locator('label[for^="unit-field"]').locator("xpath=../..")
    expect(unit).to_contain_text(UNIT_NAME)
    # Still a choice: a unit the account does not have is the server's to refuse.
    choose(page, "unit", OTHER_UNIT_NAME)
    expect(unit).to_contain_text(OTHER_UNIT_NAME)
    page.locator('[id^="title-field"]').press_sequentially("Tin của đơn vị khác")
    page.locator('[id^="authors-field"]').press_sequentially("Trần Thị Viết")
    page.locator('[id^="summary-field"]').press_sequentially(SUMMARY)
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.type(BODY)
    page.get_by_role("button", name="Lưu", exact=True).click()
    toast = page.locator(".Toastify").get_by_text("Chưa lưu được")
    expect(toast).to_contain_text(
        f"Chưa lưu được: Anh/chị không phụ trách đơn vị {OTHER_UNIT_NAME}"
    )
    assert "Error" not in toast.inner_text()
    assert refused == []
    page.context.close()


def beyond(page, selector: str, width: int) -> list[str]:
    """What of ``selector`` reaches past the screen's right edge."""
    return page.evaluate(
        """([selector, width]) => [...document.querySelectorAll(selector)]
          .flatMap((node) => [node, ...node.querySelectorAll("*")])
          .filter((node) => node.getBoundingClientRect().right > width + 0.5)
          .map((node) => `${node.tagName} ${node.className} ${node.textContent.slice(0, 30)}`)""",
        [selector, width],
    )


def test_the_board_and_the_editor_s_buttons_fit_a_phone(browser, server):
    slug = "2026-12-06-duong-moi"
    photo = "images/2026/12/duong-moi.jpg"
    line = f"![Đoạn đường mới đổ bê tông]({photo})\n\nĐoạn đường dài hai cây số."
    raw = story_raw(slug, line=line)
    story_in_review(
        server, slug, "pending_review", raw, [asset(f"content/{photo}", jpeg())]
    )
    page, refused = sign_in(browser, server, "duyet-a", viewport=PHONE)
    page.goto(f"{server.url}/admin/#/workflow")
    card = page.get_by_role("link").filter(has_text=f"Tin thử {slug}")
    expect(card).to_contain_text("Đoạn đường dài hai cây số.")
    assert "![" not in card.inner_text()
    # A card as wide as the screen: a title on one line, not a word a line.
    assert card.bounding_box()["width"] > PHONE["width"] * 0.8
    assert beyond(page, '[class*="-WorkflowListContainer"]', PHONE["width"]) == []
    shoot(page, "bang-duyet-dien-thoai")

    page.goto(f"{server.url}/admin/#/collections/thoi-su/entries/{slug}")
    toolbar = '[class*="-ToolbarContainer"]'
    page.get_by_role("button", name="Công bố", exact=True).wait_for()
    assert beyond(page, toolbar, PHONE["width"]) == []
    for name in ("Lưu", "Công bố", "Xoá mục chưa được công bố này"):
        button = page.get_by_role("button", name=name, exact=True)
        expect(button).to_be_in_viewport()
    saved_note = page.get_by_text("Thay đổi đã được lưu")
    size = saved_note.evaluate("node => parseFloat(getComputedStyle(node).fontSize)")
    assert size >= 12
    # No sideways scrolling on the page at all.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "bai-dien-thoai")
    assert refused == []
    page.context.close()


WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def test_a_writer_follows_the_bar_to_their_account_and_signs_out(browser, server):
    page, refused = sign_in(browser, server, "viet-a", viewport=PHONE)
    bar = page.locator(".ts-header--decap")
    links = bar.get_by_role("navigation", name="Trang của phòng biên tập")
    expect(links.get_by_role("link")).to_have_text(
        ["Bài viết", "Gửi tin nhanh", "Tình trạng công bố", "Tài khoản của tôi"]
    )
    expect(bar).to_contain_text(f"{ACCOUNTS['viet-a'][0]} ({UNIT_NAME})")
    # Decap below the bar, whole, and nothing wider than the phone.
    decap_tab = page.get_by_role("link", name="Nội dung")
    expect(decap_tab).to_be_in_viewport()
    assert bar.bounding_box()["height"] < PHONE["height"] / 6
    assert decap_tab.bounding_box()["y"] >= bar.bounding_box()["height"]
    # Decap lays its list out after its tab shows: waited for, under load.
    page.wait_for_function(
        f"document.documentElement.scrollWidth <= {PHONE['width']}", timeout=15000
    )
    axe = Axe().run(
        page,
        context=".ts-header--decap",
        options={"runOnly": {"type": "tag", "values": WCAG_22_AA}},
    )
    violations = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in axe.response["violations"]
    ]
    assert violations == []
    assert axe.response["passes"], "axe checked nothing on the bar"
    shoot(page, "thanh-trinh-don-dien-thoai")
    # Opened afresh, the keyboard meets the bar first, and sees where it is.
    page.reload()
    page.get_by_text("Bộ sưu tập").wait_for()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent, "
        "getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == ["Bài viết", "solid"]

    links.get_by_role("link", name="Tài khoản của tôi").click()
    page.wait_for_url(f"{server.url}/tai-khoan-cua-toi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
    expect(page.locator(".ts-facts")).to_contain_text("viet-a")
    expect(page.get_by_label("Mật khẩu đang dùng")).to_be_visible()
    shoot(page, "tai-khoan-cua-toi-dien-thoai")

    page.go_back()
    page.get_by_text("Bộ sưu tập").wait_for()
    assert page.evaluate("localStorage.getItem('decap-cms-user')")  # the writer
    assert "localforage" in page.evaluate(DATABASES)  # Decap's copies of stories
    # A quick-send draft waiting for the server (another tab's) is kept.
    page.evaluate("localStorage.setItem('gui-tin:viet-a', '{}')")
    bar.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{server.url}/dang-nhap/?da-dang-xuat")
    # Nothing of Decap's is left in the browser for the next person.
    assert page.evaluate("Object.keys(localStorage)") == ["gui-tin:viet-a"]
    until(page, DATABASES, lambda names: "localforage" not in names)
    # Signed out of the server: the newsroom asks for a password again.
    page.goto(f"{server.url}/admin/")
    expect(page.get_by_label("Mật khẩu")).to_be_visible()
    assert refused == []
    page.context.close()


# The newsroom's own copies of unsaved stories, as one text.
KEPT = """Object.keys(localStorage).filter(key => key.startsWith('dh-chua-luu:'))
  .map(key => localStorage.getItem(key)).join('')"""


def test_a_story_typed_and_not_saved_is_kept_for_its_writer_signing_in_again(
    browser, server
):
    """Decap's own restore empties the form, then saves the empty form over
    its copy: the newsroom keeps the text and shows it to copy back."""
    page, refused = sign_in(browser, server, "viet-a")
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.message))
    page.goto(f"{server.url}/admin/#/collections/thoi-su/new")
    page.locator('[id^="title-field"]').press_sequentially("Bài chưa kịp lưu")
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.type("Đoạn văn gõ xong nhưng chưa lưu.")
    until(page, KEPT, lambda found: "Đoạn văn gõ xong" in found)
    # The session runs out; the writer signs in again and goes back to it.
    server.end_session(page.context)
    enter(page, server, "viet-a")
    page.goto(f"{server.url}/admin/#/collections/thoi-su/new")
    kept = page.locator("#dh-chua-luu")
    expect(kept).to_contain_text("Bản chưa lưu, gõ lúc")
    text = kept.get_by_role("textbox", name="Bản chưa lưu")
    expect(text).to_have_value(re.compile("Title: Bài chưa kịp lưu"))
    expect(text).to_have_value(re.compile("Đoạn văn gõ xong nhưng chưa lưu."))
    # Decap's question, whose "yes" would empty the form, is answered for it.
    assert not [message for message in asked if "sao lưu" in message]
    kept.get_by_role("button", name="Chọn hết để chép").click()
    assert page.evaluate("document.activeElement.selectionEnd") > 0
    # Typed again, and lost again: both copies are kept, the newest first.
    page.locator('[id^="title-field"]').press_sequentially("Bản gõ lại")
    until(page, KEPT, lambda found: "Bản gõ lại" in found)
    page.reload()
    expect(kept.get_by_role("textbox")).to_have_count(2)
    expect(kept.get_by_role("textbox").first).to_have_value(re.compile("Bản gõ lại"))
    kept.get_by_role("button", name="Bỏ các bản này").click()
    expect(kept).to_have_count(0)
    assert page.evaluate(KEPT) == ""
    assert refused == []
    page.context.close()


def test_a_save_the_proxy_refuses_is_told_in_vietnamese(browser, server):
    """Caddy or nginx refuse an upload too large with a page of their own."""
    page, refused = sign_in(browser, server, "viet-a")
    page.route(
        "**/api/v1",
        lambda route: (
            route.fulfill(status=413, body="<html>413 Request Entity Too Large</html>")
            if '"action":"persistEntry"' in (route.request.post_data or "")
            else route.continue_()
        ),
    )
    new_story_saved(page, server, TITLE)
    summary = page.locator("#dh-summary")
    expect(summary).to_contain_text("Chưa lưu được")
    expect(summary).to_contain_text("Ảnh và tệp gửi kèm lần lưu này quá lớn.")
    expect(page.get_by_text("JSON")).to_have_count(0)
    assert refused == []
    page.context.close()


def test_an_approver_sends_a_story_back_with_a_note_its_writer_reads(browser, server):
    slug = "2026-12-05-tin-can-them-anh"
    story_in_review(server, slug, "pending_review")
    story = f"{server.url}/admin/#/collections/{COLLECTION}/entries/{slug}"
    words = "Cần thêm ảnh, và ghi rõ tên người trong ảnh."
    approver, refused = sign_in(browser, server, "duyet-a")
    approver.goto(story)
    # A saved story opens with its notes beside it (Decap's first pane).
    approver.get_by_placeholder("Viết ghi chú…").press_sequentially(words)
    approver.get_by_role("button", name="Thêm ghi chú").click()
    expect(approver.get_by_text(words)).to_be_visible()
    set_status(approver, "Đang xét duyệt", "Bản nháp")
    writer, refused_too = sign_in(browser, server, "viet-a")
    writer.goto(story)
    note = writer.get_by_text(words)
    expect(note).to_be_visible()
    expect(writer.get_by_text(ACCOUNTS["duyet-a"][0], exact=True)).to_be_visible()
    shoot(writer, "ghi-chu-nguoi-duyet")
    # The preview is a click away, and the choice is remembered.
    writer.get_by_role("button", name="Bật/tắt xem trước").click()
    expect(note).to_have_count(0)
    # Kept by the server, as the approver typed it, under her name.
    client = Client(server.url)
    client.sign_in("viet-a", ACCOUNTS["viet-a"][3])
    kept = client.api("getNotes", entry_key(slug)).json()["notes"]
    assert [(n["content"], n["author"]) for n in kept] == [
        (words, ACCOUNTS["duyet-a"][0])
    ]
    assert refused == refused_too == []
    approver.context.close()
    writer.context.close()


def test_a_story_not_there_or_another_unit_s_draft_is_said_to_be_missing(
    browser, server
):
    slug = "2026-12-05-tin-cua-don-vi-a"
    story_in_review(server, slug, "pending_review")
    other, refused = sign_in(browser, server, "viet-b")
    for wanted in (slug, "2026-12-05-khong-co-bai-nay"):
        other.goto("about:blank")
        other.goto(f"{server.url}/admin/#/collections/{COLLECTION}/entries/{wanted}")
        box = other.locator("#dh-summary[role=alert]")
        expect(box).to_contain_text("Không mở được bài này")
        expect(box).to_contain_text("đơn vị mà anh/chị không phụ trách")
    # Its own unit's writer opens it as it is, with no such word.
    writer, refused_too = sign_in(browser, server, "viet-a")
    writer.goto(f"{server.url}/admin/#/collections/{COLLECTION}/entries/{slug}")
    expect(writer.locator('[id^="title-field"]')).to_have_value(f"Tin thử {slug}")
    expect(writer.locator("#dh-summary")).to_have_count(0)
    assert refused == refused_too == []
    other.context.close()
    writer.context.close()
