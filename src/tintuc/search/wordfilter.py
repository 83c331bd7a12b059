"""A small Bloom filter of a story's words with marks, kept in its record.

The search page reads it to tell whether a story says "chè" or only "chế":
about a quarter of the bytes of the words themselves, for about 6% of words
wrongly taken as present. theme/static/js/search.js (``mayHold``) hashes the
same way: FNV-1a of the word's UTF-8 bytes, two seeds, three probes.

Written with punctuation only (``DIGITS``, two a byte): Pagefind 1.5 indexes
metadata too, and letters or digits would put every filter in the index as a
word of its own (a fifth more index for a reader to fetch).
"""

import functools
import math

BITS_PER_WORD = 6
PROBES = 3
SECOND_SEED = 0x9E3779B9
_MASK = 0xFFFFFFFF
DIGITS = "!#$%()*+,-./:;=?"  # 16 signs that are never part of a word


def fnv1a(data: bytes, seed: int = 0) -> int:
    """32-bit FNV-1a of ``data``, its offset basis mixed with ``seed``."""
    value = 0x811C9DC5 ^ seed
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & _MASK
    return value


@functools.lru_cache(maxsize=1 << 17)  # words repeat across a site's stories
def _hashes(word: str) -> tuple[int, int]:
    data = word.encode("utf-8")
    return fnv1a(data), fnv1a(data, SECOND_SEED) | 1


def _probes(word: str, bits: int) -> list[int]:
    first, step = _hashes(word)
    return [((first + n * step) & _MASK) % bits for n in range(PROBES)]


def word_filter(words) -> str:
    """``words`` as a Bloom filter, "" for none: the same words, the same text."""
    words = sorted(set(words))
    if not words:
        return ""
    size = math.ceil(len(words) * BITS_PER_WORD / 8)  # bytes
    table = bytearray(size)
    for word in words:
        for bit in _probes(word, size * 8):
            table[bit // 8] |= 1 << (bit % 8)
    return "".join(DIGITS[byte >> 4] + DIGITS[byte & 15] for byte in table)


def may_hold(encoded: str, word: str) -> bool:
    """Whether ``word`` may be in the filter (never False for a word put in)."""
    if not encoded:
        return False
    table = [
        DIGITS.index(high) << 4 | DIGITS.index(low)
        for high, low in zip(encoded[::2], encoded[1::2], strict=True)
    ]
    return all(
        table[bit // 8] & (1 << (bit % 8)) for bit in _probes(word, len(table) * 8)
    )
