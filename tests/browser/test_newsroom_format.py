"""newsroom.js reads and writes stories exactly as the gate and Pelican read them.

Runs the script itself in Chromium on every sample story: what the CMS would
write back after opening a story is the same story.
"""

import unicodedata
import uuid

import pytest

from tests.conftest import FIXTURE_CONTENT, REPO, SAMPLE
from tests.unit.test_cms_config import site_settings
from tintuc.cms.config import story_format
from tintuc.editorial.gate import load_site
from tintuc.vn_text.dates import parse_datetime_vi
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
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.set_content("<!DOCTYPE html><title>t</title>")
    page.add_script_tag(path=str(SCRIPT))
    page.evaluate(
        "story => { window.story = story; window.format = Newsroom.makeFormat(story); }",
        story,
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
    assert read["date"] == "2026-12-02T18:30:00+07:00"
    assert newsroom_js.evaluate("Newsroom.dateFromFile('05/11/2026 16:20')") == (
        "2026-11-05T16:20:00+07:00"
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
            ["Ảnh images/a.jpg trong nội dung chưa có mô tả (Alt)."],
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
