"""Place names inside a sentence: "xã", "thị trấn", "thôn" are common nouns."""

# Administrative words written lower-case after the start of a sentence.
ADMIN_WORDS = ("xã", "thị trấn", "thôn", "phường", "bản", "tổ dân phố")


def mid_sentence(name: str) -> str:
    """``name`` as written mid-sentence: "Thị trấn Chợ Chu" → "thị trấn Chợ Chu".

    Only a leading administrative word changes; the proper name keeps its
    capitals, and a name that does not start with one is returned as is.
    """
    text = str(name)
    folded = text.casefold()
    for word in ADMIN_WORDS:
        if folded.startswith(word) and text[len(word) : len(word) + 1] in (" ", ""):
            return word + text[len(word) :]
    return text
