"""Dates in Vietnam's time zone, formatted by Babel rather than the system locale.

CI machines have no vi_VN locale, so ``strftime("%A")`` would print English
or fail; Babel carries the CLDR data itself.
"""

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

VIETNAM_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def to_vietnam_time(moment: datetime.datetime) -> datetime.datetime:
    """Return ``moment`` in Asia/Ho_Chi_Minh; a naive time is taken as local."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VIETNAM_TIME)
    return moment.astimezone(VIETNAM_TIME)


@lru_cache(maxsize=65536)  # listings format the same dates again and again
def format_datetime_vi(moment: datetime.datetime) -> str:
    """Return e.g. "Thứ Sáu, 27/11/2026, 08:30"."""
    return format_datetime(
        to_vietnam_time(moment), "EEEE, dd/MM/yyyy, HH:mm", locale="vi"
    )


def format_date_vi(moment: datetime.datetime) -> str:
    """Return e.g. "27/11/2026"."""
    return to_vietnam_time(moment).strftime("%d/%m/%Y")


def year_vi(moment: datetime.datetime) -> str:
    """The year in Vietnam, e.g. "2026" (23:30 UTC on 31/12 is already next year)."""
    return str(to_vietnam_time(moment).year)


def format_month_vi(moment: datetime.datetime) -> str:
    """Return e.g. "Tháng 11/2026", the heading of a monthly archive."""
    return to_vietnam_time(moment).strftime("Tháng %m/%Y")


@lru_cache(maxsize=65536)
def format_iso(moment: datetime.datetime) -> str:
    """Return ISO 8601 with the +07:00 offset, for <time datetime> and feeds."""
    return to_vietnam_time(moment).isoformat(timespec="seconds")


# Formats editors may type: ISO as Pelican writes it, or day-first as
# Vietnamese people write dates. Day-first is never guessed from ambiguity.
ACCEPTED_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)


def parse_datetime_vi(text: str) -> datetime.datetime:
    """Parse a story date written as ``YYYY-MM-DD HH:MM`` or ``dd/mm/yyyy HH:MM``.

    Raises ValueError for anything else, including impossible dates such as
    31/02/2024, rather than guessing month-first as dateutil would.
    """
    cleaned = " ".join(text.split())
    for date_format in ACCEPTED_FORMATS:
        try:
            return datetime.datetime.strptime(cleaned, date_format)
        except ValueError:
            continue
    raise ValueError(
        f"Ngày '{text}' không hợp lệ; viết YYYY-MM-DD HH:MM hoặc dd/mm/yyyy HH:MM"
    )
