"""Every rule of the site that the clock decides, and when it next decides otherwise.

- A story or a document is published from its ``Date`` (a scheduled one waits).
- A story is in the Google News sitemap for ``FEEDS_NEWS_DAYS`` days from then.
- A document is "Chưa có hiệu lực" before its ``In_force`` day and "Hết hiệu
  lực" from its ``Expires`` day.
- An approver is offered to writers up to and including their ``until`` day.

The plugins apply these rules with the functions below. The build's
fingerprint and the devserver's site in memory ask the same module when the
clock next changes what a build shows (``turns``): a build is stale once a
turn has passed since it was made.
"""

import datetime
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tintuc.vn_text.dates import VIETNAM_TIME, parse_datetime_vi, to_vietnam_time
from tintuc.vn_text.front_matter import parse_front_matter
from tintuc.vn_text.normalise import source_text

APPROVERS_FILE = "approvers.toml"
# How many days a story stays in the news sitemap: FEEDS_NEWS_DAYS's default.
NEWS_DAYS = 2
# The smallest step of the clock: a rule that holds "until and including" a
# moment changes just after it.
INSTANT = datetime.timedelta(microseconds=1)


def now() -> datetime.datetime:
    """The current moment in Vietnam time (tests put another clock here)."""
    return datetime.datetime.now(VIETNAM_TIME)


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day``, Vietnam time."""
    return datetime.datetime.combine(day, datetime.time(), VIETNAM_TIME)


# The rules -----------------------------------------------------------------


def is_published(date: datetime.datetime, moment: datetime.datetime) -> bool:
    """A story or document dated ``date`` is public at ``moment``."""
    return date <= moment


def in_news_window(date: datetime.datetime, moment: datetime.datetime, days) -> bool:
    """A story dated ``date`` belongs in the news sitemap at ``moment``."""
    return moment - datetime.timedelta(days=days) <= date <= moment


def is_in_force(in_force: datetime.date | None, today: datetime.date) -> bool:
    """A document with this ``In_force`` day has taken effect ``today``."""
    return in_force is None or in_force <= today


def is_expired(expires: datetime.date | None, today: datetime.date) -> bool:
    """A document with this ``Expires`` day no longer holds ``today``."""
    return expires is not None and expires <= today


def approves_on(until: datetime.date | None, today: datetime.date) -> bool:
    """An approver with this ``until`` day still approves ``today``."""
    return until is None or until >= today


# When the rules change their answer ------------------------------------------


@dataclass(frozen=True)
class ClockDates:
    """The dates of one file that the rules above read."""

    date: datetime.datetime | None = None  # a story's or document's Date
    in_force: datetime.date | None = None
    expires: datetime.date | None = None
    until: tuple[datetime.date, ...] = ()  # each approver's, in approvers.toml


def turns(dates: ClockDates, news_days: float) -> list[datetime.datetime]:
    """The first moment of each new answer a rule gives about ``dates``."""
    found = []
    if dates.date is not None:
        found.append(dates.date)  # published
        found.append(dates.date + datetime.timedelta(days=news_days) + INSTANT)
    found += [start_of(day) for day in (dates.in_force, dates.expires) if day]
    found += [start_of(day + datetime.timedelta(days=1)) for day in dates.until]
    return found


def written_moment(text: str) -> datetime.datetime | None:
    """A date as editors write it, in Vietnam time; None when it is not one."""
    try:
        return to_vietnam_time(parse_datetime_vi(text)) if text else None
    except ValueError:
        return None


def clock_dates(path: Path, data: bytes) -> ClockDates | None:
    """The dates a story, document or approvers file holds; None for others.

    A file that does not read is left to the gate, which refuses it.
    """
    if path.suffix == ".md":
        try:
            front = parse_front_matter(source_text(data.decode("utf-8")))
        except UnicodeDecodeError:
            return None
        days = [written_moment(front.get(key)) for key in ("in_force", "expires")]
        return ClockDates(
            written_moment(front.get("date")),
            *(day.date() if day else None for day in days),
        )
    if path.name == APPROVERS_FILE:
        try:
            people = tomllib.loads(data.decode("utf-8")).get("approver", [])
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        until = [p.get("until") for p in people if isinstance(p, dict)]
        return ClockDates(until=tuple(d for d in until if isinstance(d, datetime.date)))
    return None


def site_turns(content: Path, news_days: float) -> list[datetime.datetime]:
    """Every turn of the clock the files under ``content`` hold."""
    found = []
    for path in sorted(content.rglob("*")):
        if path.suffix == ".md" or path.name == APPROVERS_FILE:
            dates = clock_dates(path, path.read_bytes())
            found += turns(dates, news_days) if dates else []
    return found


def next_turn(
    moments: Iterable[datetime.datetime], moment: datetime.datetime
) -> datetime.datetime | None:
    """The first turn after ``moment``: until then a build stays right."""
    return min((turn for turn in moments if turn > moment), default=None)


def last_turn(
    moments: Iterable[datetime.datetime], moment: datetime.datetime
) -> datetime.datetime | None:
    """The last turn at or before ``moment``.

    For the same files, two moments with the same last turn get the same
    answer from every rule: the fingerprint hashes it.
    """
    return max((turn for turn in moments if turn <= moment), default=None)
