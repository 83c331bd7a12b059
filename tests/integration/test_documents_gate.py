"""One broken document per rule, refused by the gate at the exact file and line."""

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CONTENT, SAMPLE
from tests.unit.test_documents import a_pdf
from tintuc.editorial.gate import run_checks

GOOD = {
    "Title": "Triển khai phong trào thi đua chuyển đổi số",
    "Id": "ff156fe2-0242-52a3-8cf8-6ce2cc10c443",
    "Number": "227/KH-UBND",
    "Type": "Kế hoạch",
    "Issuer": "UBND xã Định Hóa",
    "Date": "15/10/2026",
    "Signer": "Nguyễn Văn Minh",
    "Signer_title": "Chủ tịch",
    "Files": "files/227.pdf | Kế hoạch",
    "Approver": "Lê Văn Thành",
    "Status": "published",
}


def document_text(fields: dict, body: str = "Nội dung.") -> str:
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "\n".join(lines) + "\n\n" + body + "\n"


def problems(tmp_path: Path, *documents, story_body=None, **settings) -> list[str]:
    """The gate's report on the fixture site with these documents added."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT / "data", content / "data")
    for name in ("document_types.toml", "fields.toml"):
        shutil.copy(SAMPLE / "data" / name, content / "data" / name)
    folder = content / "documents"
    (folder / "files").mkdir(parents=True, exist_ok=True)
    a_pdf(folder / "files" / "227.pdf")
    for number, (fields, body) in enumerate(documents):
        (folder / f"{number}.md").write_text(document_text(fields, body), "utf-8")
    stories = content / "articles" / "thoi-su"
    stories.mkdir(parents=True)
    if story_body is not None:
        story = FIXTURE_CONTENT / "articles/nguoi-tot-viec-tot/2026-11-20-le-hoi.md"
        (stories / "trich-dan.md").write_text(
            story.read_text("utf-8").rstrip() + "\n\n" + story_body + "\n", "utf-8"
        )
    site = {"PATH": str(content), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": []}
    report = run_checks(site | settings)
    return [str(p).replace(str(content) + "/", "") for p in report if p.is_error]


def test_a_good_document_passes(tmp_path):
    assert problems(tmp_path, (GOOD, "Nội dung.")) == []


def test_a_submission_s_number_with_its_small_letter_passes(tmp_path):
    submission = {**GOOD, "Number": "05/TTr-UBND", "Type": "Tờ trình"}
    assert problems(tmp_path, (submission, "Nội dung.")) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"Number": "227-KH-UBND"},
            "documents/0.md:3: lỗi: số, ký hiệu '227-KH-UBND' không đúng mẫu "
            "'số/LOẠI-CƠ QUAN', ví dụ 227/KH-UBND hoặc 12/2026/QĐ-UBND",
        ),
        (
            {"Number": "227/TB-UBND"},
            "documents/0.md:3: lỗi: ký hiệu 'TB' không khớp loại 'Kế hoạch' (phải là KH)",
        ),
        (
            {"Number": "227/KH-HĐND"},
            "documents/0.md:3: lỗi: ký hiệu cơ quan 'HĐND' không khớp cơ quan ban "
            "hành 'UBND xã Định Hóa' (phải là UBND)",
        ),
        (
            {"Number": "45/VP-UBND", "Type": "Công văn"},
            "documents/0.md:3: lỗi: ký hiệu cơ quan 'VP' không khớp cơ quan ban "
            "hành 'UBND xã Định Hóa' (phải là UBND)",
        ),
        ({"Type": "Nghị quyết"}, "documents/0.md:4: lỗi: loại văn bản 'Nghị quyết'"),
        (
            {"Issuer": "UBND huyện Định Hóa"},
            "documents/0.md:5: lỗi: cơ quan ban hành 'UBND huyện Định Hóa' không có",
        ),
        ({"Signer": None}, "documents/0.md:1: lỗi: thiếu trường bắt buộc 'Signer'"),
        ({"Date": "ngày rằm"}, "documents/0.md:6: lỗi: ngày ban hành 'ngày rằm'"),
        (
            {"Files": "files/khong-co.pdf"},
            "documents/0.md:9: lỗi: tệp 'files/khong-co.pdf': không tìm thấy tệp",
        ),
        (
            {"Files": "files/ke-hoach.docx"},
            "documents/0.md:9: lỗi: tệp 'files/ke-hoach.docx': chỉ nhận tệp PDF",
        ),
        (
            {"Approver": "Nguyễn Văn Minh"},
            "documents/0.md:10: lỗi: người duyệt 'Nguyễn Văn Minh' không có",
        ),
        (
            {"Approver": None},
            "documents/0.md:1: lỗi: văn bản đã công bố phải có người duyệt",
        ),
        (
            {"Related": "99/KH-UBND"},
            "documents/0.md:12: lỗi: văn bản số '99/KH-UBND' không có trong thư viện",
        ),
    ],
    ids=lambda value: str(value)[:30],
)
def test_each_broken_field_is_named_at_its_line(tmp_path, changes, expected):
    fields = {**GOOD, **changes}
    found = problems(tmp_path, (fields, "Nội dung."))
    assert any(problem.startswith(expected) for problem in found), found


@pytest.mark.parametrize(
    ("write", "reason"),
    [
        (lambda path: path.write_text("Không phải PDF"), "không phải tệp PDF"),
        (lambda path: path.write_bytes(path.read_bytes()[:400]), "bị hỏng"),
    ],
    ids=["fake", "damaged"],
)
def test_a_fake_or_damaged_pdf_is_refused(tmp_path, write, reason):
    good = problems(tmp_path / "a", (GOOD, ""))
    assert good == []
    pdf = tmp_path / "a" / "content" / "documents" / "files" / "227.pdf"
    write(pdf)
    site = tmp_path / "a" / "content"
    report = run_checks(
        {"PATH": str(site), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": []}
    )
    assert [p.line for p in report] == [9]
    assert report[0].message.startswith("tệp 'files/227.pdf': ")
    assert reason in report[0].message


def test_an_oversize_pdf_is_refused(tmp_path):
    found = problems(tmp_path, (GOOD, ""), DOCUMENTS_MAX_PDF_BYTES=1000)
    assert found and "quá giới hạn 1,000 byte" in found[0]


def test_an_unknown_citation_in_a_story_or_a_document_is_refused(tmp_path):
    found = problems(
        tmp_path,
        (GOOD, "Căn cứ [[227/KH-UBND]] và\n\n[[5/QĐ-UBND]]."),
        story_body="Theo [[227/KH-UBND]] và [[88/TB-UBND]].",
    )
    message = "không có văn bản số này trong thư viện văn bản (unknown document number)"
    story, document = found
    assert story.startswith("articles/thoi-su/trich-dan.md:")
    assert story.endswith(f"lỗi: trích dẫn [[88/TB-UBND]]: {message}")
    # The body starts on line 13; the citation stands two lines further down.
    assert document == f"documents/0.md:15: lỗi: trích dẫn [[5/QĐ-UBND]]: {message}"


def test_a_cycle_of_replaced_documents_is_refused(tmp_path):
    one = {**GOOD, "Replaces": "228/KH-UBND"}
    other = {
        **GOOD,
        "Id": "aa156fe2-0242-52a3-8cf8-6ce2cc10c443",
        "Number": "228/KH-UBND",
        "Replaces": "227/KH-UBND",
    }
    found = problems(tmp_path, (one, ""), (other, ""))
    assert sum("vòng thay thế" in problem for problem in found) == 2


def test_two_documents_with_one_number_are_refused(tmp_path):
    other = {**GOOD, "Id": "aa156fe2-0242-52a3-8cf8-6ce2cc10c443"}
    found = problems(tmp_path, (GOOD, ""), (other, ""))
    twice = f"số '227/KH-UBND' trùng với văn bản “{GOOD['Title']}” (documents/"
    assert any(twice in p for p in found), found


def test_two_numbers_with_one_web_address_are_refused(tmp_path):
    other = {
        **GOOD,
        "Id": "aa156fe2-0242-52a3-8cf8-6ce2cc10c443",
        "Number": "227/KH-ÚBND",
    }
    found = problems(tmp_path, (GOOD, ""), (other, ""))
    shared = (
        f"có cùng địa chỉ /227-kh-ubnd/ với văn bản '227/KH-UBND' “{GOOD['Title']}”"
    )
    assert any(shared in p for p in found), found


def test_a_draft_document_warns_and_cannot_be_cited_or_related(tmp_path):
    draft = {
        **GOOD, "Id": "aa156fe2-0242-52a3-8cf8-6ce2cc10c443", "Number": "21/KH-UBND",
        "Status": "draft", "Signer": None, "Files": None,
    }  # fmt: skip
    citing = {**GOOD, "Related": "21/KH-UBND"}
    found = problems(
        tmp_path, (citing, ""), (draft, ""), story_body="Theo [[21/KH-UBND]]."
    )
    assert any("văn bản số '21/KH-UBND' chưa được công bố" in p for p in found), found
    assert any("trích dẫn [[21/KH-UBND]]" in p for p in found), found
    assert not any("'Signer'" in p for p in found)  # the draft's own gaps only warn


OUTSIDE = "phải nằm trong thư mục nội dung (content/)"


@pytest.mark.parametrize(
    "written",
    [
        "/dev/zero",  # read whole, it never ends: refused before any read
        "files/../../../../../../../../dev/zero",
        "../../outside.pdf",  # a real PDF beside the site, not in it
        "files/link.pdf",  # a link in the content leading out of it
    ],
    ids=["device", "dot-dot", "beside", "link"],
)
def test_an_attachment_outside_the_content_is_refused_unread(tmp_path, written):
    a_pdf(tmp_path / "outside.pdf")
    files = tmp_path / "content" / "documents" / "files"
    files.mkdir(parents=True)
    (files / "link.pdf").symlink_to(tmp_path / "outside.pdf")
    found = problems(tmp_path, ({**GOOD, "Files": f"{written} | Bản gốc"}, ""))
    assert found == [f"documents/0.md:9: lỗi: tệp '{written}': {OUTSIDE}, "
                     "ví dụ files/227-kh-ubnd.pdf (an attachment must be inside "
                     "the content folder)"]  # fmt: skip


def test_a_document_replaces_only_its_own_issuer_s_documents(tmp_path):
    police = {
        **GOOD,
        "Id": "aa156fe2-0242-52a3-8cf8-6ce2cc10c443",
        "Number": "5/KH-CAX",
        "Issuer": "Công an xã Định Hóa",
        "Replaces": "227/KH-UBND",
    }
    found = problems(tmp_path, (GOOD, ""), (police, ""))
    assert found == [
        "documents/1.md:12: lỗi: văn bản '227/KH-UBND' do cơ quan khác ban hành; "
        "chỉ cơ quan ban hành mới thay thế được văn bản của mình (a document "
        "replaces only its own issuer's documents)"
    ]
    own = {**police, "Issuer": "UBND xã Định Hóa", "Number": "228/KH-UBND"}
    assert problems(tmp_path / "own", (GOOD, ""), (own, "")) == []
