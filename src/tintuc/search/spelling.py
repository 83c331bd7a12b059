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
from collections import OrderedDict
from pathlib import Path

from tintuc.vn_text.slug import fold_diacritics

PACKAGED = Path(__file__).with_name("spellings.toml")
WORD = re.compile(r"\w+")
# Words already put in their one spelling, for the last few spellings loaded:
# a site's stories repeat a few thousand words millions of times.
MEMO_SPELLINGS = 4
MEMO_WORDS = 200_000
_memos: OrderedDict[int, tuple[dict, dict[str, str]]] = OrderedDict()


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
    memo = words_done(spellings)

    def one(match: re.Match) -> str:
        word = match.group()
        normal = memo.get(word)
        if normal is None:
            if len(memo) >= MEMO_WORDS:
                memo.clear()
            normal = memo[word] = normal_word(word, spellings)
        return normal

    return WORD.sub(one, nfc_lower(text))


def words_done(spellings: dict) -> dict[str, str]:
    """The words ``normal_word`` already gave for ``spellings``.

    Spellings are never changed once loaded. The memo holds ``spellings``
    itself, so its ``id`` names no other while kept.
    """
    kept = _memos.get(id(spellings))
    if kept is None:
        kept = _memos[id(spellings)] = (spellings, {})
        while len(_memos) > MEMO_SPELLINGS:
            _memos.popitem(last=False)
    else:
        _memos.move_to_end(id(spellings))
    return kept[1]


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
