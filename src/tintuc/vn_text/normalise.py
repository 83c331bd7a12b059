"""Normalise text the way editors' machines save it into one canonical form."""

import unicodedata

BYTE_ORDER_MARK = "\ufeff"
# Python-Markdown's tab stop: the site's reader expands tabs to it.
TAB_LENGTH = 4


def normalise_text(text: str) -> str:
    """Return ``text`` in NFC with LF line endings and no byte-order mark.

    macOS and some Vietnamese keyboards (Unikey in NFD mode) save "ộ" as
    "o" plus two combining marks; NFC makes both spellings the same string.
    """
    text = text.removeprefix(BYTE_ORDER_MARK)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def source_text(text: str) -> str:
    """A story file's text exactly as the site reads it: normalised, tabs expanded.

    The build, the gate and the newsroom server all parse this text, so a
    header line none of them sees (a tab, a bare carriage return) cannot
    carry a field that another one acts on.
    """
    return normalise_text(text).expandtabs(TAB_LENGTH)


def normalise_value(value):
    """NFC-normalise a metadata value: a string, or a list of strings."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [normalise_value(item) for item in value]
    return value
