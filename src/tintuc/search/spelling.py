"""One spelling per word for search: NFC, lowercase, one tone placement, i/y.

The pairs are data (``spellings.toml`` beside this file, or the site's
``SEARCH_SPELLINGS_FILE``); theme/static/js/search.js applies the same data,
given to it by the search page, with the same rule: each word (a run of
letters and digits) is lowercased, its ending replaced by ``endings``, then the
whole word by ``words``.
"""

import re
import tomllib
import unicodedata
from pathlib import Path

from tintuc.vn_text.slug import fold_diacritics

PACKAGED = Path(__file__).with_name("spellings.toml")
WORD = re.compile(r"\w+")


class SpellingsError(ValueError):
    """The spellings file cannot be read or holds something not a pair."""


def load_spellings(path: Path | str | None = None) -> dict[str, dict[str, str]]:
    """The ``endings`` and ``words`` pairs, NFC and lowercase."""
    path = Path(path or PACKAGED)
    try:
        with path.open("rb") as data:
            document = tomllib.load(data)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SpellingsError(
            f"{path}: không đọc được tệp cách viết: {error}"
        ) from error
    spellings = {}
    for table in ("endings", "words"):
        pairs = document.get(table, {})
        if not isinstance(pairs, dict) or not all(
            isinstance(value, str) for value in pairs.values()
        ):
            raise SpellingsError(f'{path}: [{table}] phải là các cặp "cũ" = "mới"')
        spellings[table] = {
            nfc_lower(old): nfc_lower(new) for old, new in sorted(pairs.items())
        }
    return spellings


def nfc_lower(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def normal_word(word: str, spellings: dict) -> str:
    """One lowercase NFC word in its single spelling."""
    for old, new in spellings["endings"].items():
        if word.endswith(old):
            word = word[: -len(old)] + new
            break
    return spellings["words"].get(word, word)


def normal_text(text: str, spellings: dict) -> str:
    """``text`` lowercased, NFC, every word in its single spelling."""
    return WORD.sub(
        lambda match: normal_word(match.group(), spellings), nfc_lower(text)
    )


def folded_text(text: str, spellings: dict) -> str:
    """``normal_text`` without marks, as the index holds it: "dinh hoa"."""
    return fold_diacritics(normal_text(text, spellings))


def marked_words(text: str, spellings: dict, known: str = "") -> list[str]:
    """The distinct words of ``text`` that carry marks, in their one spelling.

    The index is folded; these let the search page tell "chè" from "chế" in a
    story's text. Words of ``known`` (its title and summary, which the page has
    as written) are left out. Sorted, so records are byte-identical.
    """
    seen = set(WORD.findall(normal_text(known, spellings)))
    return sorted(
        word
        for word in set(WORD.findall(normal_text(text, spellings))) - seen
        if fold_diacritics(word) != word
    )
