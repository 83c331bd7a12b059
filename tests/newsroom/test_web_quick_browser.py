"""“Gửi tin nhanh” on a throttled phone, then on the approver's board.

A writer on a 390×844 touch phone, on a slow-3G-like connection, signs in,
types a story key by key, is told on the field what is missing, attaches a
large JPEG and a HEIC, describes each, reloads (the draft is still there)
and sends. An approver then finds the story in the board's review column
of Decap. With JavaScript off, the plain form sends a story too.
"""

import io
import re

import pytest
from PIL import Image

from tests.browser.test_newsroom import shoot
from tests.newsroom import test_web_browser
from tests.newsroom.test_web_browser import sign_in
from tests.newsroom.test_web_quick import branch_of, shown, status_of
from tests.newsroom.web_server import ACCOUNTS
from tests.photo_factory import encoded, phone_photo

pytestmark = pytest.mark.slow

TITLE = "Thôn Nà Mò làm đường bê tông"
SUMMARY = "Bà con góp 300 ngày công làm 1,2 km đường bê tông."
BODY = "Sáng nay, thôn Nà Mò khởi công đoạn đường mới."
ALTS = ("Bà con trộn bê tông trên đường thôn", "Đoạn đường mới làm xong")
PHONE = {"width": 390, "height": 844}
SLOW = 60_000
# Slow 3G as DevTools has it: 400 ms round trips, 400 kbit/s each way.
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1000 // 8,
    "uploadThroughput": 400 * 1000 // 8,
}


# The same server as the Decap browser test (with /admin/ built), one for this module.
server = test_web_browser.server


def smooth_photo(size) -> Image.Image:
    """A large photo that compresses well, so the slow upload stays short."""
    return Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize(size),
            Image.linear_gradient("L").rotate(90).resize(size),
            Image.new("L", size, 90),
        ],
    )


def phone(browser, **options):
    """A phone: 390×844, touch, Vietnamese, Vietnam time."""
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        **options,
    )
    page = context.new_page()
    page.set_default_timeout(SLOW)
    return page


def signed_in_at_quick_page(page, server, username="viet-a"):
    """/gui-tin/ sends a signed-out person to sign in, then back."""
    page.goto(f"{server.url}/gui-tin/")
    page.get_by_label("Tên đăng nhập").press_sequentially(username)
    page.get_by_label("Mật khẩu").press_sequentially(ACCOUNTS[username][3])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/gui-tin/")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def write_story(page, large, heic) -> None:
    """Type the story key by key, meet a refusal, attach and describe two photos."""
    page.get_by_label("Tiêu đề").press_sequentially(TITLE)
    page.get_by_label("Tóm tắt").press_sequentially(SUMMARY)
    assert page.get_by_text(f"{len(SUMMARY)}/300 ký tự").is_visible()
    # Sent without its text: the server's words on the field, the draft kept.
    page.get_by_role("button", name="Gửi").click()
    page.locator("#body-loi").get_by_text("Hãy nhập nội dung tin.").wait_for()
    assert page.get_by_role("alert").get_by_role("link").count() == 1
    page.get_by_label("Nội dung").press_sequentially(BODY)
    page.locator("input[multiple][data-pick]").set_input_files([str(large), str(heic)])
    page.locator("#alt_2").wait_for()
    # The JPEG was shrunk in the browser; the HEIC goes as it is.
    assert page.get_by_text("2400 × 1600 điểm ảnh").is_visible()
    assert page.get_by_text("máy chủ sẽ chuyển sang JPEG").is_visible()
    for number, alt in enumerate(ALTS, 1):
        page.locator(f"#alt_{number}").press_sequentially(alt)


def on_the_board(browser, server) -> None:
    """The approver finds the story in the review column and opens it in Decap."""
    board, refused = sign_in(browser, server, "duyet-a")
    board.goto(f"{server.url}/admin/#/workflow")
    column_name = board.evaluate(
        "CMS.getLocale('vi').workflow.workflowList.inReviewHeader"
    )
    column = board.get_by_role("heading", name=column_name, exact=True).locator("..")
    column.get_by_text(TITLE).wait_for()
    shoot(board, "gui-tin-4-bang-duyet")
    # It opens in Decap's form, for the approver to finish and publish.
    column.get_by_text(TITLE).click()
    board.get_by_role("button", name=re.compile(r"Trạng thái: ")).wait_for()
    assert board.locator('[id^="title-field"]').first.input_value() == TITLE
    assert board.locator('[id^="image_alt-field"]').input_value() == ALTS[0]
    shoot(board, "gui-tin-5-mo-trong-decap")
    board.context.close()
    assert refused == []


def test_a_story_sent_from_a_throttled_phone_reaches_the_approver_s_board(
    browser, server, tmp_path
):
    large = tmp_path / "IMG_2041.JPG"
    large.write_bytes(encoded(smooth_photo((3600, 2400)), "JPEG", quality=85))
    heic = tmp_path / "IMG_2042.HEIC"
    heic.write_bytes(encoded(phone_photo((800, 600), seed=5), "HEIF", quality=50))

    page = phone(browser)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    signed_in_at_quick_page(page, server)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert fits_the_screen(page)
    shoot(page, "gui-tin-1-trong")

    write_story(page, large, heic)

    # Closing the tab or losing the connection loses nothing.
    page.reload()
    page.locator("#alt_2").wait_for()
    assert page.get_by_label("Tiêu đề").input_value() == TITLE
    assert page.get_by_label("Nội dung").input_value() == BODY
    assert page.locator("#alt_2").input_value() == ALTS[1]
    assert page.get_by_text(f"{len(SUMMARY)}/300 ký tự").is_visible()
    assert fits_the_screen(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert fits_the_screen(page)
    page.set_viewport_size(PHONE)
    page.locator("#gt-list").scroll_into_view_if_needed()
    shoot(page, "gui-tin-2-da-dien")

    cdp.send("Network.emulateNetworkConditions", {**SLOW_3G, "offline": True})
    page.get_by_role("button", name="Gửi").click()
    page.get_by_text("Mất kết nối. Tin vẫn được giữ trên máy này").wait_for()
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    page.get_by_role("button", name="Gửi lại").click()
    page.get_by_role("button", name="Đang gửi…").wait_for()
    page.get_by_text("Đã gửi tin").wait_for()
    assert page.evaluate("localStorage.getItem('gui-tin:viet-a')") is None
    assert page.get_by_label("Tiêu đề").input_value() == ""
    shoot(page, "gui-tin-3-da-gui")
    page.context.close()

    branch = branch_of(server, "thon-na-mo-lam-duong-be-tong")
    assert status_of(server, branch) == "decap-cms/pending_review"
    file_slug = branch.split("/")[2]
    folder = f"content/images/{file_slug[:4]}/{file_slug[5:7]}"
    lead = shown(server, branch, f"{folder}/{file_slug}-1.jpg")
    assert Image.open(io.BytesIO(lead)).size == (2400, 1600)
    second = Image.open(
        io.BytesIO(shown(server, branch, f"{folder}/{file_slug}-2.jpg"))
    )
    assert (second.format, second.size) == ("JPEG", (800, 600))  # the HEIC, converted

    on_the_board(browser, server)


def test_with_javascript_off_the_plain_form_sends_a_story(browser, server, tmp_path):
    photo = tmp_path / "IMG_3001.JPG"
    photo.write_bytes(encoded(smooth_photo((3000, 2000)), "JPEG", quality=85))
    page = phone(browser, java_script_enabled=False)
    signed_in_at_quick_page(page, server)
    page.get_by_label("Tiêu đề").press_sequentially("Chợ phiên Định Hóa đông vui")
    page.get_by_label("Tóm tắt").press_sequentially("Chợ phiên cuối năm đông người.")
    page.get_by_label("Nội dung").press_sequentially("Chợ họp từ sáng sớm.")
    page.get_by_label("Ảnh 1", exact=True).set_input_files(str(photo))
    page.get_by_label("Mô tả ảnh 1").press_sequentially("Người dân mua bán ở chợ")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Gửi").click()
    page.get_by_text("Đã gửi tin").wait_for()
    page.context.close()
    branch = branch_of(server, "cho-phien-dinh-hoa-dong-vui")
    file_slug = branch.split("/")[2]
    folder = f"content/images/{file_slug[:4]}/{file_slug[5:7]}"
    lead = shown(server, branch, f"{folder}/{file_slug}-1.jpg")
    assert Image.open(io.BytesIO(lead)).size == (2400, 1600)  # shrunk by the server
