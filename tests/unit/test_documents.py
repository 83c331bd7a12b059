"""Document numbers, citations and PDFs: the pure pieces of the library."""

import io

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from tests.conftest import REPO
from tintuc.documents.citations import linked_citations
from tintuc.documents.model import attachment_folders
from tintuc.documents.numbers import (
    citations,
    number_slug,
    parse_number,
    search_words,
    symbol_issuer_code,
    symbol_type_code,
)
from tintuc.documents.pdf import PdfProblem, cleaned_pdf, pdf_facts
from tintuc.vn_text.front_matter import parse_front_matter

FONT = REPO / "theme" / "fonts" / "BeVietnamPro-Bold.ttf"


@pytest.mark.parametrize(
    "number",
    [
        "227/KH-UBND",
        "12/2026/QĐ-UBND",
        "45/UBND-VP",
        "830/STTTT-TTBCXB",
        "05/TTr-UBND",  # a tờ trình's code has a small letter
    ],
)
def test_usual_numbers_fit_the_pattern(number):
    assert parse_number(number) is not None


@pytest.mark.parametrize(
    "number", ["227-KH-UBND", "KH-UBND", "227/kh-ubnd", "227/KH", "227 / KH-UBND", ""]
)
def test_other_numbers_do_not(number):
    assert parse_number(number) is None


@pytest.mark.parametrize(
    ("number", "type_code", "issuer_code"),
    [
        ("227/KH-UBND", "KH", "UBND"),
        ("12/2026/QĐ-UBND", "QĐ", "UBND"),
        ("45/UBND-VP", "", "UBND"),  # a type without a code: the issuer first
        ("830/STTTT-TTBCXB", "", "STTTT"),
        ("5/KH-CAX-PV01", "KH", "CAX"),  # the drafting section after it
        ("05/TTr-UBND", "TTr", "UBND"),
        ("227/TB-UBND", "KH", ""),  # another type's code: no issuer part to read
        ("227-KH-UBND", "KH", ""),
    ],
)
def test_the_issuer_s_part_of_a_number(number, type_code, issuer_code):
    assert symbol_issuer_code(number, type_code) == issuer_code


def test_slug_symbol_and_the_ways_a_reader_types_a_number():
    assert number_slug("12/2026/QĐ-UBND") == "12-2026-qd-ubnd"
    assert symbol_type_code("12/2026/QĐ-UBND") == "QĐ"
    assert symbol_type_code("45/UBND-VP") == "UBND"
    words = search_words("227/KH-UBND", "Kế hoạch")
    for typed in ("227/kh-ubnd", "227 kh ubnd", "227khubnd", "ke hoach", "227"):
        assert typed in words


def test_citations_are_found_with_their_lines():
    text = (
        "Căn cứ [[12/2026/QĐ-UBND]];\n\nvà [[ 227/KH-UBND ]], lại [[12/2026/QĐ-UBND]]."
    )
    assert citations(text) == [
        ("12/2026/QĐ-UBND", 0),
        ("227/KH-UBND", 2),
        ("12/2026/QĐ-UBND", 2),
    ]


def test_citations_become_links_in_text_only():
    urls = {"227/KH-UBND": "/van-ban/227-kh-ubnd/"}
    html = (
        "<p>Theo [[227/KH-UBND]] và [[1/X-Y]].</p>"
        "<pre>[[227/KH-UBND]]</pre><p><a href='/x'>[[227/KH-UBND]]</a></p>"
    )
    linked = linked_citations(html, urls)
    assert (
        '<p>Theo <a href="/van-ban/227-kh-ubnd/">227/KH-UBND</a> và [[1/X-Y]].</p>'
        in (linked)
    )
    assert "<pre>[[227/KH-UBND]]</pre>" in linked
    assert '<a href="/x">[[227/KH-UBND]]</a>' in linked
    assert (
        linked_citations("<p>Không trích dẫn.</p>", urls) == "<p>Không trích dẫn.</p>"
    )


def a_pdf(path, text="Kế hoạch số 227/KH-UBND", pages=1):
    pdf = FPDF()
    pdf.set_author("Văn thư bí mật")
    pdf.set_creator("Word 2016")
    pdf.add_font("be", "", str(FONT))
    pdf.set_font("be", size=12)
    for _ in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    path.write_bytes(bytes(pdf.output()))
    return path


def test_a_pdf_s_pages_size_and_text_are_read(tmp_path):
    facts = pdf_facts(a_pdf(tmp_path / "a.pdf", pages=2), 10**6)
    assert facts.pages == 2 and facts.size > 1000
    assert "227/KH-UBND" in facts.text and "Kế hoạch" in facts.text


def test_a_published_pdf_has_no_metadata_and_is_the_same_every_time(tmp_path):
    source = a_pdf(tmp_path / "a.pdf")
    assert PdfReader(source).metadata["/Author"] == "Văn thư bí mật"
    cleaned = cleaned_pdf(source, 10**6)
    reader = PdfReader(io.BytesIO(cleaned))
    assert reader.metadata is None and reader.xmp_metadata is None
    assert b"Word 2016" not in cleaned and b"Author" not in cleaned
    assert "227/KH-UBND" in reader.pages[0].extract_text()
    assert cleaned_pdf(source, 10**6) == cleaned


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_text("Đây là tệp Word đổi đuôi"), "không phải tệp PDF"),
        (lambda p: p.write_bytes(a_pdf(p).read_bytes()[:300]), "bị hỏng"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n%%EOF\n"), "bị hỏng"),
        (lambda p: None, "không tìm thấy tệp"),
    ],
    ids=["fake", "truncated", "empty", "missing"],
)
def test_a_pdf_that_cannot_be_used_is_refused_with_a_reason(tmp_path, make, reason):
    path = tmp_path / "x.pdf"
    make(path)
    with pytest.raises(PdfProblem, match=reason):
        pdf_facts(path, 10**6)


def test_an_oversize_pdf_is_refused(tmp_path):
    path = a_pdf(tmp_path / "big.pdf")
    with pytest.raises(PdfProblem, match="quá giới hạn"):
        pdf_facts(path, 100)


def test_a_document_not_yet_in_force_says_so():
    import datetime
    from types import SimpleNamespace

    from tintuc.documents.documents import legal_status

    decision = SimpleNamespace(legal_effect=True)
    document = SimpleNamespace(
        metadata={"in_force": "01/01/2027"}, replaced_by=None, document_type=decision
    )
    assert legal_status(document, datetime.date(2026, 12, 2)) == "Chưa có hiệu lực"
    assert legal_status(document, datetime.date(2027, 1, 1)) == "Còn hiệu lực"
    # A plan or a report has no legal effect: no status word at all.
    document.document_type = SimpleNamespace(legal_effect=False)
    assert legal_status(document, datetime.date(2027, 1, 1)) == ""


@pytest.mark.parametrize(
    ("files", "folders"),
    [
        ("files/227.pdf | Kế hoạch", {"content/documents/files"}),
        ("../tep-pdf/227.pdf | Bản gốc", {"content/tep-pdf"}),
        ("227.pdf", {"content/documents"}),
        ("../../../etc/hostname", {"../etc"}),  # out: the caller keeps content/'s
    ],
)
def test_the_folders_a_document_names_files_in(files, folders):
    front = parse_front_matter(f"Title: Kế hoạch\nFiles: {files}\n\nNội dung.\n")
    assert attachment_folders("content/documents/227.md", front) == folders
