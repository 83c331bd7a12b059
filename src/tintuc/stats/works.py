"""What counts: every published story and document, read from the content files.

A draft, a story under review, a story dated after the moment of the report
and a file the gate refuses never count.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from tintuc.editorial.gate import load_site, run_checks
from tintuc.editorial.rules import (
    MARKDOWN_IMAGE,
    display_path,
    markdown_files,
)
from tintuc.editorial.rules import story_date as moment
from tintuc.editorial.schema import DEFAULT_STATUS
from tintuc.editorial.source import decode_source
from tintuc.photos.gallery import parse_gallery
from tintuc.vn_text.fields import split_list
from tintuc.vn_text.front_matter import FrontMatter, parse_front_matter
from tintuc.vn_text.normalise import source_text

HTML_IMAGE = re.compile(r"<img\b", re.IGNORECASE)
WORD = re.compile(r"\w+")


@dataclass
class Work:
    """One published story, as the statistics and the royalty sheet see it."""

    path: str
    title: str
    date: datetime.datetime
    type: object  # the types.toml entry
    section: object
    unit: object | None
    communes: list = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    pen_name: str = ""
    photos: int = 0
    video: bool = False
    words: int = 0
    coefficient: str = ""
    coefficient_line: int = 1


@dataclass
class Issued:
    """One published document, counted for the unit that issued it."""

    path: str
    number: str
    date: datetime.datetime
    issuer: object | None


@dataclass
class Contributions:
    works: list[Work]
    documents: list[Issued]
    refused: list[str]  # files the gate refuses: never counted
    site: object


def count_photos(front: FrontMatter) -> int:
    """The lead photo, a photo essay's photos and the body's photos."""
    lead = 1 if front.get("image") else 0
    gallery = len(parse_gallery(front.get("gallery")))
    body = len(MARKDOWN_IMAGE.findall(front.body)) + len(HTML_IMAGE.findall(front.body))
    return lead + gallery + body


def read_front(source: Path) -> FrontMatter | None:
    text, _, _ = decode_source(source.read_bytes())
    return parse_front_matter(source_text(text)) if text is not None else None


def line_of(front: FrontMatter, key: str) -> int:
    meta = front.fields.get(key)
    return meta.line if meta else 1


def story_type(front: FrontMatter, types):
    """The story's type (``types.toml``): its ``Type``, else the first one."""
    written_type = front.get("type")
    kind = types.find(written_type) if written_type else types.active()[0]
    return types.current(kind)


def story_work(path: str, front: FrontMatter, site) -> Work:
    directory = site.directory
    unit = directory["unit"].find(front.get("unit")) if front.get("unit") else None
    return Work(
        path=path,
        title=front.get("title"),
        date=moment(front),
        type=story_type(front, directory["type"]),
        section=directory["section"].find(front.get("section")),
        unit=unit,
        communes=[
            directory["commune"].find(name)
            for name in split_list(front.get("communes"))
            if directory["commune"].find(name)
        ],
        authors=split_list(front.get("authors")),
        pen_name=front.get("pen_name"),
        photos=count_photos(front),
        video=bool(front.get("video")),
        words=len(WORD.findall(front.body)),
        coefficient=front.get("coefficient"),
        coefficient_line=line_of(front, "coefficient"),
    )


def read_contributions(settings: dict, now: datetime.datetime) -> Contributions:
    """Every story and document that counts at ``now``."""
    site = load_site(settings, now)
    problems = run_checks(settings, now)
    refused = sorted({p.path for p in problems if p.is_error})
    works, documents = [], []
    article_dirs = settings.get("ARTICLE_PATHS", ["articles"])
    for source in markdown_files(site.content_dir, article_dirs):
        path = display_path(source)
        front = read_front(source)
        if path in refused or front is None:
            continue
        when = moment(front)
        status = (front.get("status") or DEFAULT_STATUS).lower()
        if status != "published" or when is None or when > now:
            continue
        works.append(story_work(path, front, site))
    folder = site.content_dir / settings.get("DOCUMENTS_PATH", "documents")
    for source in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        path = display_path(source)
        front = read_front(source)
        if path in refused or front is None:
            continue
        if (front.get("status") or DEFAULT_STATUS).lower() != "published":
            continue
        when = moment(front)
        if when is None or when > now:
            continue
        issuer = site.directory["unit"].find(front.get("issuer"))
        documents.append(Issued(path, front.get("number"), when, issuer))
    return Contributions(works, documents, refused, site)
