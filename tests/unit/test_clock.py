"""Each date rule changes its answer exactly at the turn the clock module names."""

import datetime
from pathlib import Path

import pytest

from tintuc.shared.clock import (
    INSTANT,
    ClockDates,
    approves_on,
    clock_dates,
    in_news_window,
    is_expired,
    is_in_force,
    is_published,
    last_turn,
    next_turn,
    start_of,
    turns,
)
from tintuc.vn_text.dates import VIETNAM_TIME

DATE = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=VIETNAM_TIME)
DAY = datetime.date(2026, 12, 1)


def answers(moment):
    """Every rule's answer about DATE and DAY at ``moment``."""
    today = moment.astimezone(VIETNAM_TIME).date()
    return (
        is_published(DATE, moment),
        in_news_window(DATE, moment, 2),
        is_in_force(DAY, today),
        is_expired(DAY, today),
        approves_on(DAY, today),
    )


def test_each_rule_changes_at_a_turn_and_only_there():
    dates = ClockDates(date=DATE, in_force=DAY, expires=DAY, until=(DAY,))
    found = sorted(turns(dates, 2))
    assert found == [
        DATE,  # published
        DATE + datetime.timedelta(days=2) + INSTANT,  # out of the news
        start_of(DAY),  # in force, and expired
        start_of(DAY),
        start_of(DAY + datetime.timedelta(days=1)),  # the approver stops
    ]
    for turn in found:
        assert answers(turn - INSTANT) != answers(turn), turn
    # Between two turns every rule keeps its answer.
    for before, after in zip(found, found[1:], strict=False):
        if after - before > INSTANT:
            assert answers(before) == answers(after - INSTANT)


def test_the_news_window_follows_the_setting():
    assert turns(ClockDates(date=DATE), 5)[1] == DATE + datetime.timedelta(
        days=5, microseconds=1
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "a.md",
            "Title: A\nDate: 27/11/2026 09:00\nIn_force: 01/12/2026\nExpires: 2027-01-01\n\nDate: 2000-01-01",
            ClockDates(DATE, DAY, datetime.date(2027, 1, 1)),
        ),
        ("b.md", "Title: B\n\nDate: 2026-11-27", ClockDates()),
        ("c.md", "Date: 31/02/2024\n", ClockDates()),
        (
            "approvers.toml",
            '[[approver]]\nname = "A"\nuntil = 2026-12-01\n[[approver]]\nname = "B"\n',
            ClockDates(until=(DAY,)),
        ),
    ],
)
def test_the_dates_each_kind_of_file_holds(name, text, expected):
    assert clock_dates(Path(name), text.encode()) == expected


def test_files_that_do_not_read_hold_no_dates():
    assert clock_dates(Path("a.md"), b"\xff\xfe") is None
    assert clock_dates(Path("approvers.toml"), b"[[approver") is None
    assert clock_dates(Path("units.toml"), b"") is None


def test_the_next_and_the_last_turn():
    moments = [DATE, DATE + datetime.timedelta(days=1)]
    assert next_turn(moments, DATE - INSTANT) == DATE
    assert next_turn(moments, DATE) == moments[1]
    assert next_turn(moments, moments[1]) is None
    assert last_turn(moments, DATE - INSTANT) is None
    assert last_turn(moments, DATE) == DATE
