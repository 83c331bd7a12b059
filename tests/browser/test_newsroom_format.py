"""newsroom.js reads and writes stories exactly as the gate and Pelican read them.

Runs the script itself in Chromium on every sample story: what the CMS would
write back after opening a story is the same story.
"""

import unicodedata
import uuid

import pytest

from tests.conftest import FIXTURE_CONTENT, REPO, SAMPLE
from tests.unit.test_cms_config import site_settings
from tintuc.cms.config import cms_config, document_format, story_format
from tintuc.editorial.gate import load_site
from tintuc.editorial.invisible import without_invisible
from tintuc.photos.gallery import caption_sentence
from tintuc.vn_text.dates import parse_datetime_vi
from tintuc.vn_text.fields import split_list
from tintuc.vn_text.front_matter import parse_front_matter
from tintuc.vn_text.slug import slugify_vi

SCRIPT = REPO / "src" / "tintuc" / "cms" / "static" / "newsroom.js"
STORIES = sorted((SAMPLE / "articles").rglob("*.md")) + sorted(
    (FIXTURE_CONTENT / "articles").rglob("*.md")
)


@pytest.fixture(scope="module")
def newsroom_js(browser):
    settings = site_settings()
    site = load_site(settings)
    story = story_format(settings, site.directory, site.approvers)
    paper = document_format(settings, site.directory, site.approvers)
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.set_content("<!DOCTYPE html><title>t</title>")
    page.add_script_tag(path=str(SCRIPT))
    page.evaluate(
        """([story, paper, cms]) => {
          window.story = story;
          window.format = Newsroom.makeFormat(story);
          window.paper = paper;
          window.paperFormat = Newsroom.makeFormat(paper);
          window.cms = cms;
        }""",
        [story, paper, cms_config(settings, site.directory, site.approvers)],
    )
    yield page
    context.close()


def round_trip(page, text: str) -> str:
    return page.evaluate("text => format.toFile(format.fromFile(text))", text)


def fields(text: str) -> dict[str, str]:
    """A story's fields; dates as moments, since dd/mm/yyyy is written ISO."""
    front = parse_front_matter(text)
    found = {key: meta.text for key, meta in front.fields.items() if meta.text}
    for key in ("date", "modified"):
        if key in found:
            found[key] = parse_datetime_vi(found[key]).isoformat()
    return found


@pytest.mark.parametrize("path", STORIES, ids=lambda path: path.name)
def test_a_story_opened_and_saved_is_the_same_story(newsroom_js, path):
    original = path.read_text(encoding="utf-8")
    written = round_trip(newsroom_js, original)
    assert fields(written) == fields(original)
    assert parse_front_matter(written).body.strip() == (
        parse_front_matter(original).body.strip()
    )
    assert round_trip(newsroom_js, written) == written


def test_dates_are_written_in_vietnam_time_whatever_the_browsers_zone(newsroom_js):
    # The browser here is in New York; 11:30 UTC is 18:30 in Vietnam.
    story = {"title": "T", "date": "2026-12-02T11:30:00Z", "body": "Nội dung."}
    written = newsroom_js.evaluate("data => format.toFile(data)", story)
    assert "Date: 2026-12-02 18:30\n" in written
    read = newsroom_js.evaluate("text => format.fromFile(text)", written)
    assert read["date"] == "2026-12-02T18:30:00"
    assert newsroom_js.evaluate("Newsroom.dateFromFile('05/11/2026 16:20')") == (
        "2026-11-05T16:20:00"
    )


def test_the_date_widget_keeps_vietnam_wall_time_for_decaps_file_names(newsroom_js):
    # Decap's date('YYYY-MM-DD') filter reads an offset-less value as the same
    # wall time in any zone: 05:30 on 1 December stays 1 December in New York.
    value = newsroom_js.evaluate("Newsroom.dateFromPeople('01/12/2026 05:30')")
    assert value == "2026-12-01T05:30:00"
    local_day = newsroom_js.evaluate(
        "v => { const d = new Date(v); return [d.getFullYear(), d.getMonth() + 1,"
        " d.getDate()]; }",
        value,
    )
    assert local_day == [2026, 12, 1]
    assert newsroom_js.evaluate("v => Newsroom.dateToFile(v)", value) == (
        "2026-12-01 05:30"
    )
    assert newsroom_js.evaluate("v => Newsroom.dateForPeople(v)", value) == (
        "01/12/2026 05:30"
    )
    # A moment with its offset (a draft kept before this form) still reads right.
    assert newsroom_js.evaluate("Newsroom.dateToFile('2026-12-01T05:30:00+07:00')") == (
        "2026-12-01 05:30"
    )


def test_lists_flags_and_text_are_written_as_the_gate_reads_them(newsroom_js):
    decomposed = unicodedata.normalize("NFD", "Xã Phú Đình")
    story = {
        "title": "Tiêu đề\ncó xuống dòng",
        "communes": ["Xã Định Hóa", decomposed],
        "featured": True,
        "summary": "  Hai   dòng\n tóm tắt ",
        "body": "Thân bài.",
    }
    written = newsroom_js.evaluate("data => format.toFile(data)", story)
    assert fields(written) == {
        "title": "Tiêu đề có xuống dòng",
        "communes": "Xã Định Hóa, Xã Phú Đình",
        "featured": "có",
        "summary": "Hai dòng tóm tắt",
    }
    assert unicodedata.is_normalized("NFC", written)
    read = newsroom_js.evaluate("text => format.fromFile(text)", written)
    assert read["communes"] == ["Xã Định Hóa", "Xã Phú Đình"]
    assert read["featured"] is True


TITLES = [
    "Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc",
    "<script>alert(1)</script> Tiêu đề \"độc hại\" & 'nháy'",
    "ĐỊNH HOÁ: 100% hộ dân có điện!",
    unicodedata.normalize("NFD", "Người tốt việc tốt năm 2026"),
    "Ứng dụng VNeID – mức độ 2",
]


@pytest.mark.parametrize("title", TITLES)
def test_the_newsrooms_slug_is_the_sites_slug(newsroom_js, title):
    assert newsroom_js.evaluate("t => Newsroom.slugify(t)", title) == slugify_vi(title)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"body": "![](images/a.jpg)"},
            ["Ảnh images/a.jpg trong nội dung chưa có mô tả ảnh."],
        ),
        ({"body": "![Cầu mới](images/a.jpg)"}, []),
        (
            {"gallery": [{"photo": "images/b.jpg", "alt": ""}]},
            ["Ảnh images/b.jpg của phóng sự ảnh chưa có mô tả."],
        ),
        (
            {"image": "images/a.jpg", "image_alt": " "},
            ["Ảnh đại diện chưa có mô tả: hãy điền “Mô tả ảnh”."],
        ),
        (
            {"image": "images/bao-cao.pdf", "image_alt": "Báo cáo"},
            ["Tệp images/bao-cao.pdf không phải ảnh"],
        ),
        (
            {"approver": "Nguyễn Thị Thu", "unit": "UBND xã Phú Đình"},
            ["Người duyệt Nguyễn Thị Thu không duyệt bài của UBND xã Phú Đình."],
        ),
        (
            {
                "approver": "Lê Văn Thành",
                "unit": "UBND xã Phú Đình",
                "authors": ["Le Van Thanh"],
            },
            ["Người duyệt Lê Văn Thành là tác giả bài: hãy chọn người khác."],
        ),
        (
            {
                "approver": "Lê Văn Thành",
                "unit": "UBND xã Phú Đình",
                "authors": ["Hà Văn A"],
            },
            [],
        ),
    ],
)
def test_what_the_form_cannot_see_is_refused_before_saving(newsroom_js, data, expected):
    problems = newsroom_js.evaluate(
        "([data, story]) => Newsroom.problemsOf(data, story)",
        [data, newsroom_js.evaluate("() => window.story")],
    )
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


def test_seconds_in_a_date_are_kept(newsroom_js):
    text = "Title: T\nDate: 2026-11-05 16:20:30\nSection: Thời sự\n\nThân bài.\n"
    written = round_trip(newsroom_js, text)
    assert "Date: 2026-11-05 16:20:30\n" in written


FAKE_ENTRY = """([data, isNew, story]) => {
  const map = (values) => ({
    get: (key) => values[key],
    set: (key, value) => map({ ...values, [key]: value }),
    toJS: () => values,
  });
  const entry = { get: (key) => (key === "data" ? map(data) : key === "newRecord" ? isNew : undefined) };
  return Newsroom.fillOnSave(entry, story).toJS();
}"""


def test_a_copy_of_a_story_gets_its_own_id_and_slug(newsroom_js):
    story = newsroom_js.evaluate("() => window.story")
    original = {
        "title": "Bản sao của tin",
        "id": "0a3689e2-a294-58d8-acb1-cc3e07319910",
        "slug": "tin-goc",
    }
    copied = newsroom_js.evaluate(FAKE_ENTRY, [original, True, story])
    assert copied["id"] != original["id"]
    assert uuid.UUID(copied["id"]).version == 4
    assert copied["slug"] == "ban-sao-cua-tin"
    assert copied["status"] == "published"
    edited = newsroom_js.evaluate(FAKE_ENTRY, [original, False, story])
    assert (edited["id"], edited["slug"]) == (original["id"], "tin-goc")


# --- One rule, one place: the script agrees with the Python it mirrors.

NAMES = [
    "Hoàng Văn Bình, Đặng Thị Lụa",
    "Hà Thị Nga; Nguyễn Văn A, con",
    " Ma Văn Khánh ,, ",
    "",
]


@pytest.mark.parametrize("text", NAMES)
def test_names_are_split_as_the_site_splits_them(newsroom_js, text):
    script = newsroom_js.evaluate("t => Newsroom.splitNames(t)", text)
    assert script == split_list(text)


@pytest.mark.parametrize(
    "caption", ["Cô Lan trong giờ tập đọc", "Mùa lúa chín!", "Ông Thắng (trái)", ""]
)
def test_captions_end_as_the_site_ends_them(newsroom_js, caption):
    script = newsroom_js.evaluate(
        "c => Newsroom.captionSentence(c, window.story.sentence_ends)", caption
    )
    assert script == caption_sentence(caption)


def test_invisible_characters_are_replaced_as_the_gate_names_them(newsroom_js):
    text = "Mùa\u00a0chè\u200b khở\u00adi\u202f!\ufeff"
    script = newsroom_js.evaluate(
        "t => Newsroom.withoutInvisible(t, window.story.invisible)", text
    )
    assert script == without_invisible(text) == "Mùa chè khởi !"


def test_dates_are_shown_and_read_as_dd_mm_yyyy_in_vietnam_time(newsroom_js):
    # The browser is in New York; the writer reads and types Vietnam time.
    shown = newsroom_js.evaluate("Newsroom.dateForPeople('2026-12-02T11:30:00Z')")
    assert shown == "02/12/2026 18:30"
    day = newsroom_js.evaluate("Newsroom.dateForPeople('2026-12-02T18:30:00Z', false)")
    assert day == "03/12/2026"
    read = newsroom_js.evaluate("Newsroom.dateFromPeople(' 5/11/2026  16:20 ')")
    assert read == "2026-11-05T16:20:00"
    for wrong in ("31/02/2026 10:00", "12/06/2026, 12:06 PM", "hôm qua", "2026-13-01"):
        assert newsroom_js.evaluate("t => Newsroom.dateFromPeople(t)", wrong) is None


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("05/11/2026 16:20", ""),
        (
            "31/02/2026 08:00",
            "Ngày đăng “31/02/2026 08:00” không có trên lịch (như ngày 31/02): "
            "xem lại ngày, tháng, giờ.",
        ),
        (
            "hôm qua",
            "Ngày đăng “hôm qua” chưa đúng: viết ngày/tháng/năm giờ:phút, "
            "ví dụ 05/11/2026 16:20.",
        ),
    ],
)
def test_a_date_that_is_no_date_is_told_why(newsroom_js, typed, said):
    problem = newsroom_js.evaluate("t => Newsroom.dateProblem('Ngày đăng', t)", typed)
    assert problem == said


@pytest.mark.parametrize(
    ("shown", "vietnam"),
    [
        (
            "06/12/2026 11:34 -05:00 bởi Trần Thị Viết",
            "06/12/2026 23:34 bởi Trần Thị Viết",
        ),
        ("06/12/2026 20:10 -05:00", "07/12/2026 08:10"),  # the next day in Vietnam
        ("31/12/2026 23:50 +07:00", "31/12/2026 23:50"),
        ("01/01/2027 00:15 +05:30", "01/01/2027 01:45"),
        ("Không có giờ", "Không có giờ"),
    ],
)
def test_the_board_s_times_become_vietnam_time(newsroom_js, shown, vietnam):
    # Decap writes the board's times in the browser's zone, offset included.
    assert newsroom_js.evaluate("t => Newsroom.inVietnamTime(t)", shown) == vietnam


@pytest.mark.parametrize(
    ("shown", "read"),
    [
        (
            "![Đoạn đường mới](images/2026/12/duong.jpg) Đoạn đường dài 2 km.",
            "Đoạn đường dài 2 km.",
        ),
        ("Trước ![](images/a.jpg)sau ![b](c.png)", "Trước sau "),
        ("Giá 5 [đồng] (tạm tính)", "Giá 5 [đồng] (tạm tính)"),
    ],
)
def test_a_board_card_shows_no_photo_markdown(newsroom_js, shown, read):
    assert newsroom_js.evaluate("t => Newsroom.onCard(t)", shown) == read


@pytest.mark.parametrize(
    ("toast", "read"),
    [
        (
            "Chưa lưu được: API_ERROR: Anh/chị không phụ trách bài của đơn vị X.",
            "Chưa lưu được: Anh/chị không phụ trách bài của đơn vị X.",
        ),
        ("Chưa lưu được: Error: Mất kết nối.", "Chưa lưu được: Mất kết nối."),
        (
            "TypeError: Failed to fetch",
            "mất kết nối tới máy chủ; hãy kiểm tra mạng rồi thử lại",
        ),
        (
            "Chưa lưu được: SyntaxError: Unexpected end of JSON input",
            "Chưa lưu được: máy chủ không trả lời được (xem khung ở đầu biểu mẫu)",
        ),
        (
            "Chưa lưu được: Failed to execute 'json' on 'Response': Unexpected end "
            "of JSON input",
            "Chưa lưu được: máy chủ không trả lời được (xem khung ở đầu biểu mẫu)",
        ),
        ("Đã lưu: lỗi chính tả đã sửa", "Đã lưu: lỗi chính tả đã sửa"),
    ],
)
def test_a_toast_shows_the_message_without_its_error_name(newsroom_js, toast, read):
    assert newsroom_js.evaluate("t => Newsroom.plainError(t)", toast) == read


def unit_field(page, account: dict) -> dict:
    """The story form's unit field for this account (as /vai-tro/ answers)."""
    return page.evaluate(
        """account => {
          const form = Newsroom.forAccount(cms, story.approver_only, account);
          const stories = form.collections.find((c) => c.name === story.collections[0]);
          return stories.fields.find((f) => f.name === "unit");
        }""",
        account,
    )


def test_a_new_story_s_unit_is_the_account_s_only_unit(newsroom_js):
    units = unit_field(newsroom_js, {"role": "writer", "units": []})["options"]
    one = unit_field(newsroom_js, {"role": "writer", "units": [units[1]]})
    assert one["default"] == units[1]
    assert one["widget"] == "select"  # still a choice
    several = unit_field(newsroom_js, {"role": "approver", "units": units[:2]})
    assert "default" not in several
    # A unit the form does not offer (retired) is not forced on the form.
    unknown = unit_field(newsroom_js, {"role": "writer", "units": ["Đơn vị cũ"]})
    assert "default" not in unknown


def test_only_an_approver_is_given_decap_s_publishing_controls(newsroom_js):
    publish = """account => Newsroom.forAccount(cms, story.approver_only, account)
        .collections.map((collection) => collection.publish)"""
    writer = newsroom_js.evaluate(publish, {"role": "writer", "units": []})
    approver = newsroom_js.evaluate(publish, {"role": "approver", "units": []})
    assert writer and set(writer) == {False}
    assert False not in approver


DOCUMENTS = sorted((SAMPLE / "documents").glob("*.md"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_a_document_opened_and_saved_is_the_same_document(newsroom_js, path):
    original = path.read_text(encoding="utf-8")
    written = newsroom_js.evaluate(
        "text => paperFormat.toFile(paperFormat.fromFile(text))", original
    )
    assert fields(written) == fields(original)
    assert parse_front_matter(written).body.strip() == (
        parse_front_matter(original).body.strip()
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"number": "227/KH-UBND", "type": "Kế hoạch"}, []),
        (
            {"number": "227 KH UBND"},
            ["Số, ký hiệu “227 KH UBND” không đúng mẫu “số/LOẠI-CƠ QUAN”"],
        ),
        (
            {"number": "12/2026/QĐ-UBND", "type": "Kế hoạch"},
            ["Ký hiệu “QĐ” không khớp loại “Kế hoạch” (phải là KH)."],
        ),
        ({"number": "45/UBND-VP", "type": "Công văn"}, []),
        (
            {"date": "2026-10-15T00:00:00", "expires": "01/10/2026"},
            ["Ngày hết hiệu lực trước ngày ban hành."],
        ),
        (
            {"files": [{"file": "files/ke-hoach.docx", "label": "Kế hoạch"}]},
            ["Tệp “files/ke-hoach.docx”: chỉ nhận tệp PDF."],
        ),
        (
            {"signer": "Lê Văn Thành", "approver": "Le Van Thanh"},
            ["Người duyệt Le Van Thanh cũng là người ký"],
        ),
    ],
)
def test_what_the_document_form_cannot_see_is_refused(newsroom_js, data, expected):
    problems = newsroom_js.evaluate(
        "data => Newsroom.documentProblemsOf(data, window.paper)", data
    )
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


PASTE = REPO / "tests" / "fixtures" / "paste"


def test_words_bullets_become_a_list_and_invisible_characters_go(newsroom_js):
    html = newsroom_js.evaluate(
        "h => Newsroom.Paste.cleanHtml(h, window.story.invisible)",
        (PASTE / "word.html").read_text("utf-8"),
    )
    assert "<ul><li>Chè xanh Tân Cương</li><li>Chè búp khô</li></ul>" in html
    assert "<h2>Kết quả thu hoạch chè</h2>" in html
    assert "<strong>1.200 tấn</strong>" in html
    assert "<em>báo cáo của UBND xã</em>" in html
    assert "·" not in html and "style" not in html and "Mso" not in html
    assert not any(char in html for char in ("\u00a0", "\u200b", "\u00ad", "&nbsp;"))
    plain = newsroom_js.evaluate(
        "t => Newsroom.Paste.cleanPlain(t, window.story.invisible)",
        (PASTE / "word.txt").read_text("utf-8"),
    )
    assert "- Chè xanh Tân Cương\n- Chè búp khô" in plain


def test_google_docs_bold_wrapper_is_not_bold(newsroom_js):
    html = newsroom_js.evaluate(
        "h => Newsroom.Paste.cleanHtml(h, window.story.invisible)",
        (PASTE / "gdocs.html").read_text("utf-8"),
    )
    assert html.startswith("<h2>Lịch tiêm vắc-xin</h2>")
    assert "<strong>miễn phí</strong>" in html
    assert "<em>mang theo sổ tiêm</em>" in html
    assert "<ol><li>Sáng thứ Hai</li><li>Chiều thứ Tư</li></ol>" in html
    assert '<a href="https://vnvc.vn/lich-tiem">lịch chi tiết</a>' in html
    assert html.endswith("</ol>")  # Google's trailing <br> is gone


# What react-select says to a screen reader, word for word as its defaults make
# it (react-select 5's defaultAriaLiveMessages and screenReaderStatus).
SPOKEN = [
    ("option UBND xã Định Hóa, selected.", "Đã chọn UBND xã Định Hóa."),
    ("options Xã Định Hóa,Xã Phú Đình, selected.", "Đã chọn Xã Định Hóa,Xã Phú Đình."),
    ("option Xã Phú Đình, deselected.", "Đã bỏ Xã Phú Đình."),
    ("All selected options have been cleared.", "Đã bỏ mọi mục đã chọn."),
    (
        "option Tin cũ is disabled. Select another option.",
        "Không chọn được Tin cũ. Hãy chọn mục khác.",
    ),
    ("value Xã Phú Đình focused, 2 of 3.", "Mục đã chọn Xã Phú Đình, 2 trên 3."),
    ("Xã Phú Đình selected, 2 of 9.", "Xã Phú Đình, đã chọn, 2 trên 9."),
    ("1 result available for search term phu.", "Có 1 mục khớp “phu”."),
    ("12 results available.", "Có 12 mục."),
    (
        "Use Up and Down to choose options, press Enter to select the currently "
        "focused option, press Escape to exit the menu, press Tab to select the "
        "option and exit the menu.",
        "Phím mũi tên lên, xuống để di chuyển giữa các mục; Enter để chọn; Esc để "
        "đóng danh sách; Tab để chọn và rời danh sách.",
    ),
    (
        "Select is focused ,type to refine list, press Down to open the menu, ",
        "Ô chọn: gõ để lọc danh sách, phím mũi tên xuống để mở danh sách.",
    ),
    (
        "Select is focused ,type to refine list, press Down to open the menu, "
        " press left to focus selected values",
        "Ô chọn: gõ để lọc danh sách, phím mũi tên xuống để mở danh sách, phím trái "
        "để tới các mục đã chọn.",
    ),
    (
        "Use left and right to toggle between focused values, press Backspace to "
        "remove the currently focused value",
        "Phím trái, phải để chuyển giữa các mục đã chọn; Backspace để bỏ mục đang "
        "trỏ tới.",
    ),
    ("", ""),
]


@pytest.mark.parametrize(("english", "vietnamese"), SPOKEN)
def test_a_choice_list_speaks_vietnamese_to_a_screen_reader(
    newsroom_js, english, vietnamese
):
    assert newsroom_js.evaluate("t => Newsroom.spoken(t)", english) == vietnamese
