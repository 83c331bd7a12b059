"""Decode an editor's file, or say which encoding it seems to be in."""

CP1258 = "Windows-1258"
UTF16 = "UTF-16"


def guess_encoding(data: bytes) -> str:
    """Name the encoding a non-UTF-8 file most likely uses."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:400]:
        return UTF16
    try:
        data.decode("cp1258")
    except UnicodeDecodeError:
        return "không rõ (unknown)"
    return CP1258


def decode_source(data: bytes) -> tuple[str | None, int, str]:
    """Return ``(text, 0, "")``, or ``(None, line, encoding)`` when not UTF-8.

    ``line`` is where the first byte that is not UTF-8 stands.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, 1, UTF16
    try:
        return data.decode("utf-8-sig"), 0, ""
    except UnicodeDecodeError as error:
        return None, data[: error.start].count(b"\n") + 1, guess_encoding(data)
