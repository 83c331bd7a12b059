"""A story's Markdown as paragraphs to read aloud, each with its source line.

Pure functions. Photos, their captions and credits, links' addresses, tables,
code and embedded players are left out: a listener cannot see them.
"""

import re
from dataclasses import dataclass

from tintuc.vn_text.front_matter import FrontMatter

from .speech import SpeechRules, leftovers, speak

IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK_TEXT = re.compile(r"\[([^\]]+)\]\([^)]*\)")
AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>]*>")
HTML_TAG = re.compile(r"<[^>]+>")
EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
LIST_ITEM = re.compile(r"^\s*(?:[-*+•·]|\d+[.)])\s+")
HEADING = re.compile(r"^\s*#{1,6}\s+")
QUOTE = re.compile(r"^\s*>\s?")
# Lines that only describe a photo: "Ảnh: Ban biên tập", "Nguồn ảnh: …".
PHOTO_LINE = re.compile(r"^\s*[*_]*(?:Ảnh|Nguồn ảnh|Ảnh minh họa)\s*:", re.IGNORECASE)
SKIPPED_BLOCKS = ("|", "<", "```", "~~~", "    ")
ENDS_SENTENCE = (".", "!", "?", "…", ":", ";", '"', "”", ")")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph to read, and the line of the story file it comes from."""

    text: str
    line: int


@dataclass(frozen=True)
class Item:
    """One story of the bulletin, ready to read."""

    path: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    date: object
    section: str

    @property
    def text(self) -> str:
        return "\n".join(paragraph.text for paragraph in self.paragraphs)


def plain(line: str) -> str:
    """Markdown inline markup taken away, the words kept."""
    line = IMAGE.sub("", line)
    line = LINK_TEXT.sub(r"\1", line)
    line = AUTOLINK.sub("", line)
    line = HTML_TAG.sub(" ", line)
    line = EMPHASIS.sub("", line)
    line = line.replace("\\", "")
    return line.strip()


def as_sentence(text: str) -> str:
    """A title or a list item read as a sentence: it ends with a full stop."""
    return text if not text or text.endswith(ENDS_SENTENCE) else text + "."


def body_blocks(body: str, first_line: int) -> list[Paragraph]:
    """The body's readable paragraphs and list items, with their lines."""
    paragraphs, block, start = [], [], first_line
    fenced = False
    for number, line in enumerate([*body.split("\n"), ""], start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        if line.strip() and LIST_ITEM.match(line):
            paragraphs += flush(block, start)
            block, start = [LIST_ITEM.sub("", line)], number
            paragraphs += flush(block, start, item=True)
            block = []
            continue
        if not line.strip():
            paragraphs += flush(block, start)
            block = []
            continue
        if not block:
            start = number
        block.append(line)
    return paragraphs


def flush(block: list[str], line: int, item: bool = False) -> list[Paragraph]:
    if not block or block[0].startswith(SKIPPED_BLOCKS) or PHOTO_LINE.match(block[0]):
        return []
    heading = bool(HEADING.match(block[0]))
    text = " ".join(plain(QUOTE.sub("", HEADING.sub("", part))) for part in block)
    text = re.sub(r"\s+", " ", text).strip()
    if not text or PHOTO_LINE.match(text):
        return []
    return [Paragraph(as_sentence(text) if heading or item else text, line)]


def story_paragraphs(front: FrontMatter) -> list[Paragraph]:
    """Title, summary and body of a story, as written, with their lines."""
    title = front.fields.get("title")
    summary = front.fields.get("summary")
    paragraphs = []
    if title:
        paragraphs.append(Paragraph(as_sentence(plain(title.text)), title.line))
    if summary and summary.text:
        paragraphs.append(Paragraph(as_sentence(plain(summary.text)), summary.line))
    return paragraphs + body_blocks(front.body, front.body_line)


def spoken_item(
    path: str, front: FrontMatter, rules: SpeechRules, date, section: str
) -> tuple[Item, list[str]]:
    """The story ready to read, and ``path:line: …`` for what is left to fix."""
    paragraphs, problems = [], []
    for paragraph in story_paragraphs(front):
        said = speak(paragraph.text, rules)
        if not said:
            continue
        paragraphs.append(Paragraph(said, paragraph.line))
        for left in leftovers(said, rules):
            problems.append(
                f"{path}:{paragraph.line}: bản tin còn “{left}”, phát thanh viên "
                "khó đọc: viết thành chữ, hoặc thêm vào abbreviations.toml."
            )
    title = paragraphs[0].text if paragraphs else ""
    return Item(path, title, tuple(paragraphs), date, section), problems
