"""Pure helpers: what each story gives the index, and how stories are sliced."""

import hashlib
import json
from typing import NamedTuple

from lxml.html import builder as E
from lxml.html import tostring
from markupsafe import Markup

from .spelling import folded_text, marked_words
from .wordfilter import word_filter

# What a result shows and the search page filters on. Kept as metadata, not
# Pagefind filters: Pagefind 1.5 writes its filter index in a different order
# on every run, and builds must be byte-identical.
# The year filter reads the date ("dd/mm/yyyy"): a year field would be bytes
# in every card a reader downloads.
CARD_FIELDS = ("summary", "section", "date", "marks")


def record_html(
    title: str,
    text: str,
    card: dict | None = None,
    indexed_title: str | None = None,
    places: str = "",
) -> bytes:
    """The tiny page Pagefind indexes for one story: its title and text.

    ``indexed_title``, ``text`` and ``places`` (the story's communes, old and
    new names) are indexed, folded; the title as written and ``card``, what a
    result shows, is ranked and filtered on (``CARD_FIELDS`` and ``image``),
    are kept as metadata only.
    """
    card = card or {}
    shown = [E.P(title, **{"data-pagefind-meta": "title"})]
    shown += [
        E.P(card[name], **{"data-pagefind-meta": name})
        for name in CARD_FIELDS
        if card.get(name)
    ]
    if card.get("image"):
        shown.append(
            E.IMG(src=card["image"], alt="", **{"data-pagefind-meta": "image[src]"})
        )
    page = E.HTML(
        E.BODY(
            E.DIV(
                E.H1(title if indexed_title is None else indexed_title),
                E.P(text),
                *([E.P(places)] if places else []),
                **{"data-pagefind-body": ""},
            ),
            E.DIV(*shown, hidden=""),
        ),
        lang="vi",
    )
    return tostring(page, encoding="utf-8", doctype="<!DOCTYPE html>")


def shards(records: list, size: int) -> list[list]:
    """Cut records, already oldest first, into slices of ``size``."""
    size = max(1, size)
    return [records[start : start + size] for start in range(0, len(records), size)]


def bundle_dirs(count: int, base: str) -> list[str]:
    """Output folders of ``count`` slices: pagefind/, pagefind-2/ and so on."""
    return [base + "/" if n == 1 else f"{base}-{n}/" for n in range(1, count + 1)]


def shard_key(shard: list, version: str) -> str:
    """A hash of everything a slice's index is built from."""
    payload = json.dumps([version, shard], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


class Source(NamedTuple):
    """What one story or document gives the index; its record is made from it."""

    path: str  # the page's path in the output
    title: str
    summary: str
    body: str  # HTML or text, folded into the record
    section: str  # a story's section, a document's type
    date: str  # as the result shows it
    year: str
    image: str  # the thumbnail's URL, or ""
    order: str  # ISO date: the index is sliced oldest first
    places: str = ""  # its communes' names, old and new, found as its words


def story_record(source: Source, spellings: dict) -> bytes:
    """The page Pagefind indexes for one story or document."""
    card = {
        "summary": source.summary,
        "section": source.section,
        "date": source.date,
        "image": source.image,
    }
    body = Markup(source.body).striptags()
    shown = f"{source.title} {source.summary}"
    marked = marked_words(f"{body} {source.places}", spellings, shown)
    card["marks"] = word_filter(marked)
    title = folded_text(source.title, spellings)
    text = folded_text(f"{source.summary} {body}", spellings)
    # A commune's name the story already says costs the index nothing more.
    places = [
        name
        for name in (
            folded_text(place, spellings) for place in source.places.split(", ")
        )
        if name and name not in f"{title} {text}"
    ]
    return record_html(
        source.title, text, card, indexed_title=title, places=", ".join(places)
    )
