"""Document numbers (số, ký hiệu) such as ``227/KH-UBND``: pure functions."""

import re

from tintuc.directory.model import CODE
from tintuc.vn_text.slug import fold_diacritics, slugify_vi

# number / [year /] SYMBOL-PARTS: 227/KH-UBND, 12/2024/QĐ-UBND, 830/STTTT-TTBCXB,
# 05/TTr-UBND (a tờ trình: each part starts with a capital, as Decree 30/2020
# writes the abbreviations)
SYMBOL = rf"{CODE}(?:-[A-ZĐ0-9][A-ZĐa-zđ0-9]*)+"
NUMBER = re.compile(
    rf"^(?P<serial>\d{{1,6}})/(?:(?P<year>\d{{4}})/)?(?P<symbol>{SYMBOL})$"
)
# The same, as found within a text (no anchors, no groups): the bulletin's.
NUMBER_IN_TEXT = rf"\d{{1,6}}/(?:\d{{4}}/)?{SYMBOL}"
# A citation in a story or a document body: [[227/KH-UBND]]
CITATION = re.compile(r"\[\[\s*([^\[\]\s][^\[\]]*?)\s*\]\]")


def parse_number(text: str) -> dict | None:
    """The parts of a document number, or None when it does not fit the pattern."""
    match = NUMBER.match(text.strip())
    return match.groupdict() if match else None


def symbol_type_code(text: str) -> str:
    """The first part of a number's symbol (``KH`` in ``227/KH-UBND``)."""
    parts = parse_number(text)
    return parts["symbol"].split("-", 1)[0] if parts else ""


def symbol_issuer_code(text: str, type_code: str) -> str:
    """The issuing body's part of a number's symbol, after the type's code.

    ``UBND`` in ``227/KH-UBND`` (type code ``KH``) and in ``45/UBND-VP`` (a
    type without a code, whose symbol starts with the issuer).
    """
    parts = parse_number(text)
    if parts is None:
        return ""
    segments = parts["symbol"].split("-")
    if type_code:
        segments = segments[1:] if segments[0] == type_code else []
    return segments[0] if segments else ""


def number_slug(text: str) -> str:
    """The URL slug of a number: ``227/KH-UBND`` → ``227-kh-ubnd``."""
    return slugify_vi(text.replace("/", "-"))


def cited_numbers(text: str) -> list[str]:
    """The numbers cited as ``[[…]]`` in ``text``, in order, once each."""
    return list(dict.fromkeys(number for number, _ in citations(text)))


def citations(text: str) -> list[tuple[str, int]]:
    """Each ``[[…]]`` citation in ``text``: its number and line (0 is the first)."""
    return [
        (match.group(1).strip(), text.count("\n", 0, match.start()))
        for match in CITATION.finditer(text)
    ]


def search_words(number: str, type_name: str) -> str:
    """Ways a reader types a number, folded: ``227 kh ubnd``, ``ke hoach 227``."""
    parts = parse_number(number) or {"serial": number, "symbol": ""}
    spaced = re.sub(r"[/\-]+", " ", number)
    joined = re.sub(r"[/\-]+", "", number)
    return fold_diacritics(f"{number} {spaced} {joined} {type_name} {parts['serial']}")
