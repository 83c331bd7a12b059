"""A photo essay (phóng sự ảnh): the ``Gallery`` field, one photo per line.

    Gallery: images/2026/a.jpg | mô tả ảnh | chú thích | tác giả ảnh
        images/2026/b.jpg | mô tả ảnh | chú thích | tác giả ảnh

Alt text is required; caption and credit may be left out.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class GalleryPhoto:
    """One photo of a photo essay, as the editor wrote it."""

    source: str
    alt: str
    caption: str = ""
    credit: str = ""


def gallery_lines(value) -> list[str]:
    """The field's lines: Pelican gives one string, or a list for several lines."""
    if not value:
        return []
    lines = value if isinstance(value, list) else str(value).split("\n")
    return [str(line).strip() for line in lines if str(line).strip()]


def parse_gallery_line(line: str) -> GalleryPhoto:
    """``photo | alt | caption | credit`` (the last two optional)."""
    parts = [part.strip() for part in line.split("|")]
    parts += [""] * (4 - len(parts))
    source, alt, caption, credit = parts[:4]
    return GalleryPhoto(source, alt, caption, credit)


def parse_gallery(value) -> list[GalleryPhoto]:
    """Every photo of the field, in order."""
    return [parse_gallery_line(line) for line in gallery_lines(value)]


# A caption ending in one of these needs no full stop before "Ảnh: …".
SENTENCE_ENDS = ".!?…:;\"'”’)»"


def caption_sentence(caption: str) -> str:
    """A caption as a sentence, so the credit after it reads apart from it.

    "Cô Lan trong giờ tập đọc" → "Cô Lan trong giờ tập đọc." (then " Ảnh: …").
    """
    text = (caption or "").strip()
    return text if not text or text.endswith(tuple(SENTENCE_ENDS)) else text + "."
