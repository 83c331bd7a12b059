"""One broken story per rule: the exact message, at the exact file and line."""

import datetime
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import BROKEN, FIXTURE_CONTENT, make_photo
from tintuc.editorial.gate import load_site, run_checks
from tintuc.editorial.rules import check_content

NOW = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)


def site_with(tmp_path: Path, *stories: str, raw: dict[str, bytes] | None = None):
    """A content folder holding the fixture data and only the given stories."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT / "data", content / "data")
    folder = content / "articles" / "thoi-su"
    folder.mkdir(parents=True)
    make_photo(content / "images" / "co-that.jpg")
    for name in stories:
        shutil.copy(BROKEN / name, folder / name)
    for name, data in (raw or {}).items():
        (folder / name).write_bytes(data)
    return content


def problems_for(tmp_path, *stories, raw=None):
    content = site_with(tmp_path, *stories, raw=raw)
    settings = {"PATH": str(content), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": []}
    return [str(problem) for problem in run_checks(settings, now=NOW)], content


def story_path(content: Path, name: str) -> str:
    return str(content / "articles" / "thoi-su" / name)


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (
            "missing-unit.md",
            [
                "1: lỗi: thiếu trường bắt buộc 'Unit' (đơn vị gửi bài) "
                "(required field 'Unit' is missing)"
            ],
        ),
        (
            "unknown-section.md",
            [
                "5: lỗi: chuyên mục 'Thoi suu' không có trong danh sách – có phải "
                "'Thời sự'? (unknown section; did you mean 'thoi-su'?)"
            ],
        ),
        (
            "unknown-commune.md",
            [
                "8: lỗi: xã 'Xa Dinh Hao' không có trong danh sách – có phải "
                "'Xã Định Hóa'? (unknown commune; did you mean 'dinh-hoa'?)"
            ],
        ),
        (
            "unknown-unit.md",
            [
                "6: lỗi: đơn vị 'UBND xã Không Có' không có trong danh sách – có phải "
                "'UBND xã Định Hóa'? (unknown unit; did you mean 'ubnd-xa-dinh-hoa'?)"
            ],
        ),
        (
            "invalid-date.md",
            [
                "4: lỗi: ngày '31/02/2024 08:00' không hợp lệ; viết YYYY-MM-DD HH:MM "
                "hoặc dd/mm/yyyy HH:MM (invalid date)"
            ],
        ),
        (
            "missing-photo.md",
            [
                "10: lỗi: không tìm thấy ảnh 'images/khong-co.jpg' (photo file not found)"
            ],
        ),
        (
            "photo-without-alt.md",
            [
                "10: lỗi: ảnh 'images/co-that.jpg' chưa có mô tả (Image_alt) "
                "(photo has no alt text)"
            ],
        ),
        (
            "inline-photo-without-alt.md",
            [
                "14: lỗi: ảnh 'images/co-that.jpg' chưa có mô tả trong ![mô tả](…) "
                "(photo has no alt text)"
            ],
        ),
        (
            "published-without-approver.md",
            [
                "10: lỗi: bài đăng (published) phải có người duyệt (Approver) "
                "(a published story needs an approver)"
            ],
        ),
        (
            "gallery-without-alt.md",
            [
                "11: lỗi: ảnh 'images/co-that.jpg' của phóng sự ảnh chưa có mô tả; "
                "viết: ảnh | mô tả | chú thích | tác giả ảnh (gallery photo has no alt "
                "text)",
                "12: lỗi: không tìm thấy ảnh 'images/khong-co.jpg' (photo file not found)",
            ],
        ),
        (
            "unknown-type.md",
            [
                "6: lỗi: thể loại 'Phong su anhh' không có trong danh sách – có phải "
                "'Phóng sự ảnh'? (unknown type; did you mean 'anh'?)"
            ],
        ),
        (
            "bad-video.md",
            [
                "10: lỗi: video 'https://vimeo.com/123456' không phải địa chỉ video "
                "YouTube, Facebook hoặc TikTok (video must be a YouTube, Facebook or "
                "TikTok clip)",
                "11: lỗi: thời lượng '3 phút' viết dạng phút:giây, ví dụ 3:25 "
                "(duration must be m:ss)",
            ],
        ),
        (
            "approver-not-on-list.md",
            [
                "10: lỗi: người duyệt 'Trần Văn Lạ' không có trong danh sách người "
                "duyệt ({data}/approvers.toml) (approver is not on the approvers list)"
            ],
        ),
        (
            "approver-is-author.md",
            [
                "10: lỗi: người duyệt 'Nguyễn Thị Thu' cũng là tác giả bài; bài phải "
                "do một người khác duyệt (an author cannot approve their own story)"
            ],
        ),
        (
            "approver-wrong-unit.md",
            [
                "10: lỗi: người duyệt 'Nguyễn Thị Thu' không được duyệt bài của đơn vị "
                "'Công an xã Định Hóa' (approver is not allowed for the story's unit)"
            ],
        ),
        (
            "approver-retired.md",
            [
                "10: lỗi: người duyệt 'Hoàng Văn Bình' đã thôi duyệt từ 31/01/2026, "
                "trước ngày ghi ở trường Date (20/11/2026) (approver had stopped "
                "approving by the file's date)"
            ],
        ),
        (
            "unknown-status.md",
            [
                "11: lỗi: trạng thái 'da dang' không hợp lệ; dùng draft, review hoặc "
                "published (status must be draft, review or published)"
            ],
        ),
        (
            "no-metadata.md",
            [
                "1: lỗi: tệp không có phần thông tin bài (Title:, Date:… ở đầu tệp) "
                "(no metadata block at the top of the file)"
            ],
        ),
        ("empty.md", ["1: lỗi: tệp rỗng (empty file)"]),
        (
            "missing-id.md",
            [
                "1: lỗi: thiếu trường bắt buộc 'Id' (mã bài); thêm dòng: Id: "
                "c9f81179-74d2-58bd-88e9-d8c0c5c49382 (required field 'Id' is missing)"
            ],
        ),
        (
            "bad-id.md",
            [
                "2: lỗi: Id 'bai-so-1' không đúng dạng; dùng mã do 'make new' tạo "
                "(dạng 8-4-4-4-12 chữ số hex) (Id must be a UUID)"
            ],
        ),
        (
            "long-title.md",
            [
                "1: lỗi: tiêu đề dài 159 ký tự, tối đa 150 (title is over 150 characters)"
            ],
        ),
        (
            "long-summary.md",
            [
                "9: lỗi: tóm tắt dài 339 ký tự, tối đa 300 "
                "(summary is over 300 characters)"
            ],
        ),
        (
            "raw-html.md",
            [
                "14: lỗi: mã HTML không được phép: thẻ <script>; chỉ nhúng video "
                "YouTube, Facebook, TikTok (HTML outside the allow-list)",
                "16: lỗi: mã HTML không được phép: thuộc tính onclick= trong <p>; "
                "chỉ nhúng video YouTube, Facebook, TikTok (HTML outside the allow-list)",
                "18: lỗi: mã HTML không được phép: liên kết javascript:; chỉ nhúng "
                "video YouTube, Facebook, TikTok (HTML outside the allow-list)",
                "20: lỗi: mã HTML không được phép: nhúng từ 'evil.example'; chỉ nhúng "
                "video YouTube, Facebook, TikTok (HTML outside the allow-list)",
            ],
        ),
        # Warnings: printed, but the build goes on.
        (
            "draft-without-summary.md",
            [
                "1: cảnh báo: thiếu trường bắt buộc 'Summary' (tóm tắt), cần có trước "
                "khi gửi duyệt (required field 'Summary' is missing)"
            ],
        ),
        (
            "far-future.md",
            [
                "4: cảnh báo: ngày '2099-01-01 06:00' ở xa hơn một năm tới, có nhầm năm "
                "không? (date is more than a year ahead)"
            ],
        ),
        (
            "unknown-field.md",
            [
                "11: cảnh báo: trường 'tittle' không có trong mẫu bài, sẽ bị bỏ qua "
                "(unknown field, ignored)"
            ],
        ),
        ("allowed-embed.md", []),
    ],
)
def test_each_rule_reports_its_exact_message(tmp_path, story, expected):
    problems, content = problems_for(tmp_path, story)
    prefix = story_path(content, story) + ":"
    data = content / "data"
    assert problems == [prefix + line.format(data=data) for line in expected]


def test_duplicate_slug_names_the_first_story(tmp_path):
    problems, content = problems_for(
        tmp_path, "duplicate-slug-a.md", "duplicate-slug-b.md"
    )
    first = os.path.join("articles", "thoi-su", "duplicate-slug-a.md")
    assert problems == [
        f"{story_path(content, 'duplicate-slug-b.md')}:3: lỗi: slug 'trung-slug' trùng "
        f"với bài {story_path(content, 'duplicate-slug-a.md')} (duplicate slug)"
    ]
    assert first in problems[0]


def test_huge_and_wide_photos_are_warned_about(tmp_path):
    content = site_with(tmp_path, "huge-photo.md", "wide-photo.md")
    noise = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    noise.save(content / "images" / "rat-lon.png")
    make_photo(content / "images" / "rat-rong.jpg", size=(4200, 20))
    settings = {"PATH": str(content), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": []}
    problems = [str(problem) for problem in run_checks(settings, now=NOW)]
    assert problems == [
        f"{story_path(content, 'huge-photo.md')}:10: cảnh báo: ảnh 'images/rat-lon.png' "
        "nặng hơn 5 MB (photo file is very large)",
        f"{story_path(content, 'wide-photo.md')}:10: cảnh báo: ảnh "
        "'images/rat-rong.jpg' rộng 4200×20 px, quá 4000 px "
        "(photo is over 4000 px on a side)",
    ]


VALID = (BROKEN / "allowed-embed.md").read_text(encoding="utf-8")
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters precomposed, tone marks combining."""
    encoded = b""
    for char in text:
        try:
            encoded += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            letter = unicodedata.normalize(
                "NFC", "".join(part for part in parts if part not in TONE_MARKS)
            )
            tones = "".join(part for part in parts if part in TONE_MARKS)
            encoded += (letter + tones).encode("cp1258")
    return encoded


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            to_windows_1258(VALID),
            "1: lỗi: tệp không phải UTF-8, có vẻ là Windows-1258; hãy mở và lưu lại "
            "với bảng mã UTF-8 (file is not UTF-8, looks like Windows-1258)",
        ),
        (
            VALID.encode("utf-16"),
            "1: lỗi: tệp không phải UTF-8, có vẻ là UTF-16; hãy mở và lưu lại với "
            "bảng mã UTF-8 (file is not UTF-8, looks like UTF-16)",
        ),
    ],
    ids=["windows-1258", "utf-16"],
)
def test_a_file_not_in_utf8_is_named_with_its_likely_encoding(tmp_path, data, expected):
    problems, content = problems_for(tmp_path, raw={"sai-ma.md": data})
    assert problems == [f"{story_path(content, 'sai-ma.md')}:{expected}"]


def test_windows_1258_error_points_at_the_first_bad_line(tmp_path):
    data = VALID.replace("Nguyễn Thị Hằng", "Nguyen Thi Hang").encode("utf-8")
    data = data.replace("Video của xã".encode(), to_windows_1258("Video của xã"))
    problems, content = problems_for(tmp_path, raw={"sai-ma.md": data})
    assert problems[0].startswith(f"{story_path(content, 'sai-ma.md')}:12: lỗi:")


def test_bom_crlf_and_nfd_are_accepted_silently(tmp_path):
    messy = unicodedata.normalize("NFD", VALID).replace("\n", "\r\n")
    problems, _ = problems_for(
        tmp_path, raw={"ban-mac.md": b"\xef\xbb\xbf" + messy.encode()}
    )
    assert problems == []


def test_the_gate_finds_the_same_problems_on_every_core(tmp_path):
    broken = sorted(path.name for path in BROKEN.glob("*.md"))
    content = site_with(tmp_path, *broken)
    folder = content / "articles" / "thoi-su"
    for copy_number in range(120 // len(broken) + 1):
        for name in broken:
            shutil.copy(BROKEN / name, folder / f"ban-{copy_number}-{name}")
    settings = {"PATH": str(content), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": []}
    site = load_site(settings, now=NOW)
    serial = check_content(site, ["articles"], [], workers=1)
    parallel = check_content(site, ["articles"], [], workers=3)
    assert len(list(folder.glob("*.md"))) >= 100
    assert any("trùng" in str(problem) for problem in serial)
    assert parallel == serial


@pytest.mark.parametrize(
    ("approvers", "expected"),
    [
        (None, "không tìm thấy tệp dữ liệu"),
        (
            '[[approver]]\nname = "A"\nunits = ["khong-co"]\n',
            "đơn vị 'khong-co' của 'A'",
        ),
        ('[[approver]]\nname = "A"\n', "'A' cần 'units = [\"slug đơn vị\", …]'"),
        ('[[approver]]\nname = "A"\nunits = ["*"]\nuntil = "sớm"\n', "phải là ngày"),
        ("[[approver]\n", "tệp dữ liệu sai cú pháp"),
    ],
)
def test_a_broken_approvers_file_is_named_with_its_problem(
    tmp_path, approvers, expected
):
    content = site_with(tmp_path, "approver-not-on-list.md")
    path = content / "data" / "approvers.toml"
    if approvers is None:
        path.unlink()
    else:
        path.write_text(approvers, encoding="utf-8")
    settings = {"PATH": str(content), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": []}
    (problem,) = run_checks(settings, now=NOW)
    assert (problem.path, problem.line, problem.is_error) == (str(path), 1, True)
    assert expected in problem.message


def test_an_approver_leaving_later_is_still_offered_today():
    import datetime as dt

    from tintuc.editorial.approvers import Approver, Approvers

    leaving = Approver("A", ("*",), until=dt.date(2026, 12, 31))
    gone = Approver("B", ("*",), until=dt.date(2026, 1, 31))
    people = Approvers("approvers.toml", [leaving, gone, Approver("C", ("*",))])
    assert [p.name for p in people.active(dt.date(2026, 12, 2))] == ["A", "C"]
