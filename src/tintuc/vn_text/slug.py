"""ASCII slugs, diacritic folding and Vietnamese alphabetical order."""

import re
import unicodedata
from functools import lru_cache

# Vietnamese letters that NFD does not decompose into a Latin base letter.
_STROKED_D = str.maketrans({"đ": "d", "Đ": "D"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

# Marks that make a new letter (ă, â, ê, ô, ơ, ư) versus tone marks.
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_TONE_ORDER = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# The Vietnamese alphabet, with f, j, w and z where Latin order puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k",
    "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w",
    "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}


def _bare(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char.translate(_STROKED_D))
    return "".join(part for part in decomposed if not unicodedata.combining(part))


# Latin letters with marks, and what they fold to: one str.translate pass is
# many times faster than decomposing long story texts character by character.
_FOLD_TABLE = {
    code: _bare(chr(code))
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if _bare(chr(code)) != chr(code)
}
_COMBINING = re.compile("[\u0300-\u036f]")


def fold_diacritics(text: str) -> str:
    """Lowercase ``text`` and drop every tone and letter mark (đ becomes d).

    "Định Hoá" and "định hóa" both fold to "dinh hoa", so search and
    matching work whether or not the reader typed the marks.
    """
    folded = unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)
    if _COMBINING.search(folded):  # a mark NFC could not attach to its letter
        folded = _COMBINING.sub("", unicodedata.normalize("NFD", folded))
    return folded.lower()


@lru_cache(maxsize=65536)  # the same names are looked up for every story
def slugify_vi(text: str) -> str:
    """Return an ASCII, lowercase, hyphenated slug for a Vietnamese title.

    >>> slugify_vi("Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc")
    'dong-chi-dang-xuan-truong-tham-xa-diem-mac'
    """
    return _NOT_SLUG.sub("-", fold_diacritics(text)).strip("-")


def sort_key_vi(text: str) -> tuple:
    """Sort key that orders strings as a Vietnamese dictionary does.

    Letters first (a < ă < â < b … d < đ), tones only to break ties
    (ngang < huyền < hỏi < ngã < sắc < nặng), so "Bảo Linh" sorts before
    "Bình Yên" and both sit among the other B names.
    """
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", text.lower()):
        mark_name = _LETTER_MARKS.get(char)
        if mark_name and letters:
            base = letters.pop()
            letters.append(unicodedata.normalize("NFC", base + char))
        elif char in _TONE_ORDER:
            tones[-1:] = [_TONE_ORDER[char]]
        else:
            letters.append(char)
            tones.append(0)
    primary = tuple(
        _LETTER_RANK.get(letter, 100 + ord(letter[0])) for letter in letters
    )
    return primary, tuple(tones), text


def sorted_vi(items, attribute: str = "name") -> list:
    """Sort objects (or strings) by ``attribute`` in Vietnamese order."""
    return sorted(
        items, key=lambda item: sort_key_vi(str(getattr(item, attribute, item)))
    )
