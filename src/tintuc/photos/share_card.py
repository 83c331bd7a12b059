"""Draw the 1200×630 share card of a story that has no photo."""

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

MARGIN = 72


@lru_cache(maxsize=8)
def load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """The card font at one size, loaded once per process."""
    return ImageFont.truetype(path, size)


def wrap_lines(text: str, font, max_width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` pixels."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= max_width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def fit_title(title: str, font_path: str, max_width: int, max_height: int):
    """The largest font size (and its lines) at which the title fits the card."""
    for size in range(72, 27, -4):
        font = load_font(font_path, size)
        lines = wrap_lines(title, font, max_width)
        if len(lines) * size * 1.25 <= max_height:
            return font, lines
    font = load_font(font_path, 28)
    lines = wrap_lines(title, font, max_width)
    keep = max(1, int(max_height // (28 * 1.25)))
    if len(lines) > keep:
        lines = [*lines[: keep - 1], lines[keep - 1] + " …"]
    return font, lines


def draw_document_card(
    lines: list[tuple[str, int]],
    subject: str,
    site_name: str,
    font_path: str,
    *,
    size: tuple[int, int] = (1200, 630),
    background: str = "#a4161a",
    text: str = "#ffffff",
) -> bytes:
    """A JPEG card of a document: its type, number and issuer, then its subject.

    ``lines`` are (text, font size) drawn in order under the site's name.
    """
    width, height = size
    card = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(card)
    draw.text((MARGIN, MARGIN), site_name, font=load_font(font_path, 30), fill=text)
    draw.rectangle((MARGIN, MARGIN + 50, MARGIN + 120, MARGIN + 56), fill=text)
    top = MARGIN + 84
    for line, font_size in lines:
        font = load_font(font_path, font_size)
        for part in wrap_lines(line, font, width - 2 * MARGIN)[:2]:
            draw.text((MARGIN, top), part, font=font, fill=text)
            top += int(font_size * 1.3)
    top += 16
    font, subject_lines = fit_title(
        subject, font_path, width - 2 * MARGIN, height - top - MARGIN // 2
    )
    for number, line in enumerate(subject_lines):
        draw.text((MARGIN, top + number * font.size * 1.25), line, font=font, fill=text)
    return jpeg_bytes(card)


def jpeg_bytes(card) -> bytes:
    """The card as a JPEG, the same bytes for the same drawing."""
    buffer = io.BytesIO()
    card.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def draw_share_card(
    title: str,
    site_name: str,
    font_path: str,
    *,
    size: tuple[int, int] = (1200, 630),
    background: str = "#a4161a",
    text: str = "#ffffff",
) -> bytes:
    """A JPEG card: the story's title over the site's colour and name."""
    width, height = size
    card = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(card)
    name_font = load_font(font_path, 34)
    draw.text((MARGIN, MARGIN), site_name, font=name_font, fill=text)
    draw.rectangle((MARGIN, MARGIN + 56, MARGIN + 120, MARGIN + 62), fill=text)
    top = MARGIN + 100
    font, lines = fit_title(title, font_path, width - 2 * MARGIN, height - top - MARGIN)
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * font.size * 1.25), line, font=font, fill=text)
    return jpeg_bytes(card)
