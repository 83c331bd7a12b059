"""Corrections in the open: the ``Corrections`` field of a published story.

    Corrections: 27/11/2026 | Sửa tên xã: Phú Đình, không phải Phú Định.
        2026-11-28 09:00 | Bổ sung số hộ được hỗ trợ.

Each entry is a date (with or without the time) and what was corrected. An
entry starts wherever a date followed by "|" starts, so entries written on
one line by a form that joins lines still come apart.
"""

import datetime
import re
from dataclasses import dataclass

from tintuc.vn_text.dates import format_date_vi, parse_datetime_vi, to_vietnam_time

ENTRY_START = re.compile(
    r"(?:^|\s+)(?=(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})"
    r"(?:\s+\d{1,2}:\d{2})?\s*\|)"
)
FORMAT_HINT = "viết: ngày | điều đã sửa, ví dụ 27/11/2026 | Sửa tên xã"


@dataclass(frozen=True)
class Correction:
    """One dated note of what was corrected after publication."""

    moment: datetime.datetime
    note: str

    @property
    def label(self) -> str:
        """The words before the note: "Cập nhật 27/11/2026"."""
        return f"Cập nhật {format_date_vi(self.moment)}"


def correction_entries(value) -> list[str]:
    """The field's entries as written: one per date, however lines were joined.

    A line holding "|" starts an entry; a line without one continues the
    note above. Within a line, an entry starts at each "date |".
    """
    lines = value if isinstance(value, list) else str(value or "").split("\n")
    joined: list[str] = []
    for line in (str(line).strip() for line in lines):
        if not line:
            continue
        if "|" in line or not joined:
            joined.append(line)
        else:
            joined[-1] += " " + line
    return [
        entry.strip()
        for line in joined
        for entry in ENTRY_START.split(line)
        if entry.strip()
    ]


def parse_correction(entry: str) -> Correction:
    """``date | note``; ValueError with a Vietnamese message otherwise."""
    written, bar, note = entry.partition("|")
    if not bar or not note.strip():
        raise ValueError(f"cập nhật '{entry}' thiếu ngày hoặc nội dung; {FORMAT_HINT}")
    try:
        moment = to_vietnam_time(parse_datetime_vi(written.strip()))
    except ValueError:
        raise ValueError(
            f"ngày cập nhật '{written.strip()}' không hợp lệ; {FORMAT_HINT}"
        ) from None
    return Correction(moment, " ".join(note.split()))


def parse_corrections(value) -> list[Correction]:
    """Every valid entry, newest first (the gate refuses the others)."""
    found = []
    for entry in correction_entries(value):
        try:
            found.append(parse_correction(entry))
        except ValueError:
            continue
    return sorted(found, key=lambda correction: correction.moment, reverse=True)
