"""A small Bloom filter of a story's words with marks, kept in its record.

The search page reads it to tell whether a story says "chè" or only "chế":
about a third of the bytes of the words themselves, for about 3% of words
wrongly taken as present. theme/static/js/search.js (``mayHold``) hashes the
same way: FNV-1a of the word's UTF-8 bytes, two seeds, three probes.
"""

import base64
import math

BITS_PER_WORD = 8
PROBES = 3
SECOND_SEED = 0x9E3779B9
_MASK = 0xFFFFFFFF


def fnv1a(data: bytes, seed: int = 0) -> int:
    """32-bit FNV-1a of ``data``, its offset basis mixed with ``seed``."""
    value = 0x811C9DC5 ^ seed
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & _MASK
    return value


def _probes(word: str, bits: int) -> list[int]:
    data = word.encode("utf-8")
    first, step = fnv1a(data), fnv1a(data, SECOND_SEED) | 1
    return [((first + n * step) & _MASK) % bits for n in range(PROBES)]


def word_filter(words) -> str:
    """``words`` as a Bloom filter in base64, "" for none: same words, same text."""
    words = sorted(set(words))
    if not words:
        return ""
    size = 3 * math.ceil(len(words) * BITS_PER_WORD / 24)  # bytes, whole base64
    table = bytearray(size)
    for word in words:
        for bit in _probes(word, size * 8):
            table[bit // 8] |= 1 << (bit % 8)
    return base64.b64encode(bytes(table)).decode("ascii")


def may_hold(encoded: str, word: str) -> bool:
    """Whether ``word`` may be in the filter (never False for a word put in)."""
    if not encoded:
        return False
    table = base64.b64decode(encoded)
    return all(
        table[bit // 8] & (1 << (bit % 8)) for bit in _probes(word, len(table) * 8)
    )
