"""How editors write a list and a yes/no in a story's or document's header.

One rule for the gate, the plugins and the templates:

- a list is written "a, b" or "a; b" (either separator, or one per line);
- a yes/no is "có"/"không", "yes"/"no", "true"/"false" or "1"/"0", in any
  case, with or without the marks ("Có", "co", "KHÔNG").
"""

import re

from .slug import fold_diacritics

LIST_SEPARATORS = re.compile(r"[,;]")
YES_WORDS = frozenset({"co", "yes", "true", "1"})
NO_WORDS = frozenset({"khong", "no", "false", "0"})


def split_list(value) -> list[str]:
    """``"a, b; c"`` (or a list of lines, each such) as ``["a", "b", "c"]``."""
    if value is None:
        return []
    lines = value if isinstance(value, (list, tuple)) else [value]
    return [
        part.strip()
        for line in lines
        for part in LIST_SEPARATORS.split(str(line))
        if part.strip()
    ]


def read_yes_no(value) -> bool | None:
    """True for a yes-word, False for a no-word, None for anything else.

    Booleans pass through; an empty value is None (not written).
    """
    if isinstance(value, bool):
        return value
    word = fold_diacritics(str(value if value is not None else "")).strip()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def is_yes(value) -> bool:
    """Whether ``value`` says yes (the Jinja test ``yes``: ``selectattr(…, "yes")``)."""
    return read_yes_no(value) is True
