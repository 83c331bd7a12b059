"""The bulletin as the office uses it: plain text, a printable page, a Word file."""

import io
from pathlib import Path

from docx import Document
from docx.shared import Pt
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .bulletin import Bulletin, duration_words

HERE = Path(__file__).parent


def script_text(bulletin: Bulletin) -> bytes:
    """ban-tin.txt: the script, one paragraph a line, UTF-8, NFC."""
    return ("\n".join(bulletin.lines()).strip() + "\n").encode("utf-8")


def timed_items(bulletin: Bulletin) -> list[dict]:
    """Each item with its reading time and the running total, in order."""
    running = bulletin.seconds("\n".join(bulletin.opening))
    rows = []
    for intro, items in bulletin.groups:
        running += bulletin.seconds(intro)
        for item in items:
            seconds = bulletin.seconds(item.text)
            running += seconds
            rows.append(
                {
                    "intro": intro if item is items[0] else "",
                    "item": item,
                    "duration": duration_words(seconds),
                    "running": duration_words(running),
                }
            )
    return rows


def page_context(bulletin: Bulletin, site: str) -> dict:
    return {
        "site": site,
        "bulletin": bulletin,
        "rows": timed_items(bulletin),
        "total": duration_words(bulletin.total_seconds()),
        "left_out": bulletin.left_out,
    }


def script_page(bulletin: Bulletin, site: str) -> bytes:
    """ban-tin.html: an A4 page for the announcer, with times."""
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    page = environment.get_template("ban-tin.html")
    return page.render(page_context(bulletin, site)).encode("utf-8")


def script_document(bulletin: Bulletin, site: str) -> bytes:
    """ban-tin.docx: the same page for offices that work in Word."""
    context = page_context(bulletin, site)
    document = Document()
    document.core_properties.title = title(bulletin)
    document.core_properties.author = site
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    document.add_heading(title(bulletin), level=1)
    document.add_paragraph(f"Thời lượng ước tính: {context['total']}")
    for line in bulletin.opening:
        document.add_paragraph(line)
    for row in context["rows"]:
        if row["intro"]:
            document.add_heading(row["intro"], level=2)
        item = row["item"]
        heading = document.add_paragraph()
        heading.add_run(item.title).bold = True
        heading.add_run(
            f"  ({row['duration']}; cộng dồn {row['running']})"
        ).italic = True
        for paragraph in item.paragraphs[1:]:
            document.add_paragraph(paragraph.text)
    for line in bulletin.closing:
        document.add_paragraph(line)
    if bulletin.left_out:
        document.add_heading("Tin không đủ thời lượng để đọc", level=2)
        for item in bulletin.left_out:
            document.add_paragraph(item.title, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def title(bulletin: Bulletin) -> str:
    return (
        f"Bản tin truyền thanh từ {bulletin.start:%d/%m/%Y} đến {bulletin.end:%d/%m/%Y}"
    )


def bulletin_files(bulletin: Bulletin, site: str) -> dict[str, bytes]:
    return {
        "ban-tin.txt": script_text(bulletin),
        "ban-tin.html": script_page(bulletin, site),
        "ban-tin.docx": script_document(bulletin, site),
    }
