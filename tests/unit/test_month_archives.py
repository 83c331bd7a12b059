"""The archives plugin makes Pelican's own month archives, in one pass."""

import calendar
import datetime
from collections import defaultdict
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG

from tintuc.archives.archives import (
    attach_month_archives,
    month_archives,
    set_default_settings,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SAVE_AS = "luu-tru/{date:%Y}/{date:%m}/index.html"
URL = "luu-tru/{date:%Y}/{date:%m}/"


class Story:
    """Compares by identity, as Pelican's content objects do."""

    def __init__(self, title, *when, zone=VIETNAM):
        self.title = title
        self.date = datetime.datetime(*when, tzinfo=zone)

    def __repr__(self):
        return self.title


# Stories across several months and years, some a minute either side of
# midnight on the last day of a month in Vietnam (still the previous month in
# UTC), and one dated in UTC whose instant falls among Vietnam's 1 November:
# its month (October, in its own zone) comes twice in the archive order.
STORIES = [
    Story("đầu năm", 2026, 1, 1, 0, 0),
    Story("cuối năm trước", 2025, 12, 31, 23, 59),
    Story("giữa tháng mười", 2026, 10, 15, 9, 0),
    Story("cuối tháng mười", 2026, 10, 31, 23, 59),
    Story("nửa đêm tháng mười một", 2026, 11, 1, 0, 0),
    Story("giờ quốc tế", 2026, 10, 31, 17, 30, zone=datetime.UTC),
    Story("đầu tháng mười một", 2026, 11, 1, 0, 45),
    Story("tháng hai", 2026, 2, 28, 12, 0),
    Story("cùng giờ", 2026, 2, 28, 12, 0),
]


def pelican_months(dates, articles):
    settings = {
        **DEFAULT_CONFIG,
        "MONTH_ARCHIVE_SAVE_AS": SAVE_AS,
        "MONTH_ARCHIVE_URL": URL,
    }
    found = ArticlesGenerator._build_period_archives(None, dates, articles, settings)
    return found["month"]


def orders():
    by_title = sorted(STORIES, key=lambda story: story.title)
    for newest_first in (True, False):
        dates = sorted(STORIES, key=lambda story: story.date, reverse=newest_first)
        for articles in (dates, list(reversed(dates)), by_title):
            yield dates, articles


def test_the_months_are_pelican_s_own_in_every_order():
    for dates, articles in orders():
        ours = month_archives(dates, articles, SAVE_AS, URL)
        assert ours == pelican_months(dates, articles)
        assert [list(archive) for archive in ours] == [
            ["dates", "articles", "save_as", "url", "period", "period_num"]
        ] * len(ours)


def test_a_month_is_the_month_in_the_story_s_own_zone():
    dates = sorted(STORIES, key=lambda story: story.date, reverse=True)
    ours = month_archives(dates, dates, SAVE_AS, URL)
    periods = [archive["period_num"] for archive in ours]
    assert periods == [(2026, 11), (2026, 10), (2026, 11), (2026, 10), (2026, 2),
                       (2026, 1), (2025, 12)]  # fmt: skip
    assert [[story.title for story in archive["articles"]] for archive in ours[:4]] == [
        ["đầu tháng mười một"],
        ["giờ quốc tế"],
        ["nửa đêm tháng mười một"],
        ["cuối tháng mười", "giữa tháng mười"],
    ]
    first = ours[0]
    assert first["save_as"] == "luu-tru/2026/11/index.html"
    assert first["url"] == "luu-tru/2026/11/"
    assert first["period"] == (2026, calendar.month_name[11])
    assert ours[-1]["url"] == "luu-tru/2025/12/"
    assert sum(len(archive["articles"]) for archive in ours) == len(STORIES)


def test_no_stories_no_month_entry():
    assert month_archives([], [], SAVE_AS, URL) == []
    generator = archives_generator([], period_archives=defaultdict(list))
    attach_month_archives(generator)
    assert dict(generator.period_archives) == {}


def archives_generator(stories, period_archives, save_as=SAVE_AS):
    settings = {"ARCHIVES_MONTH_SAVE_AS": save_as, "MONTH_ARCHIVE_URL": URL}
    return SimpleNamespace(
        settings=settings,
        dates=stories,
        articles=stories,
        period_archives=period_archives,
    )


def test_the_months_go_into_the_context_s_dict_in_pelican_s_place():
    dates = sorted(STORIES, key=lambda story: story.date, reverse=True)
    archives = defaultdict(list, {"year": ["năm"], "day": ["ngày"]})
    generator = archives_generator(dates, archives)
    attach_month_archives(generator)
    assert generator.period_archives is archives
    assert list(archives) == ["year", "month", "day"]
    assert archives["month"] == pelican_months(dates, dates)
    assert archives["year"] == ["năm"] and archives["day"] == ["ngày"]


def test_no_pattern_no_month_pages():
    archives = defaultdict(list)
    attach_month_archives(archives_generator(STORIES, archives, save_as=""))
    assert dict(archives) == {}


def test_both_makers_of_the_month_pages_set_is_refused_in_vietnamese():
    settings = {"MONTH_ARCHIVE_SAVE_AS": SAVE_AS, "ARCHIVES_MONTH_SAVE_AS": SAVE_AS}
    with pytest.raises(SystemExit) as refused:
        set_default_settings(SimpleNamespace(settings=settings))
    assert 'MONTH_ARCHIVE_SAVE_AS = ""' in str(refused.value)
    assert "hai lần" in str(refused.value)
    settings["MONTH_ARCHIVE_SAVE_AS"] = ""
    set_default_settings(SimpleNamespace(settings=settings))
