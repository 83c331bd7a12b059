"""Write the sample documents' PDFs (content/documents/files/), written by us.

Usage: python tools/make_sample_pdfs.py content/documents

Each PDF takes the layout of a Vietnamese administrative document (the
national motto, issuer, number, date, title, body, signer) from the fields of
its Markdown file. They carry an author and a creator tool on purpose: the
build must publish them without. Needs fpdf2 (requirements-dev.txt).
"""

import datetime
import sys
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parent.parent

from tintuc.vn_text.front_matter import parse_front_matter  # noqa: E402

FONT = ROOT / "theme" / "fonts" / "BeVietnamPro-Bold.ttf"
MADE = datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)
# Text found only in the PDF, as an attachment's annex is: search must read it.
ANNEXES = {
    "227/KH-UBND": (
        "Phụ lục I. Phân công nhiệm vụ: tổ công nghệ số cộng đồng các thôn Bản Pẻo, "
        "Nà Mòn và Khuổi Chao hướng dẫn người dân cài ứng dụng thanh toán không "
        "dùng tiền mặt tại chợ phiên."
    ),
}


def document_pdf(front, body: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(MADE)
    pdf.set_author("Văn thư UBND (máy soạn thảo 07)")
    pdf.set_creator("Microsoft Word 2016")
    pdf.add_font("be", "", str(FONT))
    pdf.add_page()
    pdf.set_font("be", size=11)
    issuer = front.get("issuer").upper()
    pdf.multi_cell(80, 6, f"{issuer}\nSố: {front.get('number')}", align="C")
    pdf.set_xy(95, 10)
    pdf.multi_cell(
        105, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc",
        align="C",
    )  # fmt: skip
    pdf.ln(14)
    pdf.set_x(pdf.l_margin)
    pdf.set_font("be", size=14)
    pdf.multi_cell(0, 8, front.get("type").upper(), align="C", new_x="LMARGIN")
    pdf.set_font("be", size=12)
    pdf.multi_cell(0, 7, front.get("title"), align="C", new_x="LMARGIN")
    pdf.ln(6)
    pdf.set_font("be", size=11)
    for paragraph in filter(None, (p.strip() for p in body.split("\n\n"))):
        text = paragraph.replace("[[", "").replace("]]", "")
        pdf.multi_cell(0, 6, text, new_x="LMARGIN")
        pdf.ln(2)
    if front.get("number") in ANNEXES:
        pdf.multi_cell(0, 6, ANNEXES[front.get("number")], new_x="LMARGIN")
    pdf.ln(8)
    signer = f"{front.get('signer_title').upper()}\n\n\n{front.get('signer')}"
    pdf.set_x(110)
    pdf.multi_cell(90, 6, signer, align="C")
    return bytes(pdf.output())


def main(folder: str) -> int:
    for source in sorted(Path(folder).glob("*.md")):
        front = parse_front_matter(source.read_text(encoding="utf-8"))
        for line in front.fields.get("files").values if "files" in front.fields else []:
            target = source.parent / line.split("|")[0].strip()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(document_pdf(front, front.body))
            print(f"{target}: {target.stat().st_size:,} B")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
