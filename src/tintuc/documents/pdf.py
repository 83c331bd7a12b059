"""Check a document's PDF, read its text, and publish it without metadata."""

import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError


class PdfProblem(ValueError):
    """Why a PDF cannot be published, in Vietnamese."""


@dataclass(frozen=True)
class PdfFacts:
    """What a page shows of a PDF, and what search reads in it."""

    pages: int
    size: int
    text: str


def read_pdf(path: Path, limit: int) -> tuple[PdfReader, int]:
    """Open ``path`` as a PDF no larger than ``limit`` bytes, or say why not."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PdfProblem("không tìm thấy tệp") from error
    if size > limit:
        raise PdfProblem(f"tệp nặng {size:,} byte, quá giới hạn {limit:,} byte")
    return pdf_reader(path.read_bytes(), limit), size


def pdf_reader(data: bytes, limit: int) -> PdfReader:
    """``data`` opened as a PDF no larger than ``limit`` bytes, or say why not."""
    if len(data) > limit:
        raise PdfProblem(f"tệp nặng {len(data):,} byte, quá giới hạn {limit:,} byte")
    if not data.startswith(b"%PDF-"):
        raise PdfProblem("không phải tệp PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfProblem("tệp PDF có mật khẩu")
        if len(reader.pages) == 0:
            raise PdfProblem("tệp PDF không có trang nào")
    except PdfProblem:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise PdfProblem("tệp PDF bị hỏng, không đọc được") from error
    return reader


def pdf_facts(path: Path, limit: int) -> PdfFacts:
    """Page count, size and text of a PDF; ``PdfProblem`` if it cannot be used."""
    reader, size = read_pdf(path, limit)
    try:
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds
        raise PdfProblem("tệp PDF bị hỏng, không đọc được chữ") from error
    return PdfFacts(pages=len(reader.pages), size=size, text=text)


def cleaned_pdf(path: Path, limit: int) -> bytes:
    """The PDF without its metadata: no author, creator tool, dates or XMP."""
    reader, _ = read_pdf(path, limit)
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None
    for holder in (writer.root_object, *(page for page in writer.pages)):
        for key in ("/Metadata", "/PieceInfo"):
            if key in holder:
                del holder[key]
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
