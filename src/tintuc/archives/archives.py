"""Month archives: Pelican's ``period_archives["month"]``, grouped in one pass.

Pelican lists each month's stories by testing every story's membership in that
month's list (``ArticlesGenerator._build_period_archives``): the work grows
with the number of months times the site, 0.9 s of a build at 10,000 stories,
paid again by every build. So the site sets Pelican's MONTH_ARCHIVE_SAVE_AS to
"" and this plugin's ARCHIVES_MONTH_SAVE_AS instead: it puts the same entries,
in the same order, where Pelican would, and Pelican's own
``generate_period_archives`` writes the pages.
"""

import calendar
from itertools import groupby
from operator import attrgetter

from pelican import signals

from tintuc.shared.settings import apply_defaults

from .settings import DEFAULTS

# Pelican's granularities, in the order it fills ``period_archives``.
GRANULARITIES = ("year", "month", "day")


def month_archives(dates, articles, save_as: str, url: str) -> list[dict]:
    """One entry per run of ``dates`` in the same month, as Pelican makes it.

    ``dates``: the stories in archive order; ``articles``: in listing order,
    which each month's ``articles`` keeps. Content objects compare by identity.
    """
    archives = []
    month_of = {}
    for (year, month), group in groupby(
        dates, key=attrgetter("date.year", "date.month")
    ):
        stories = list(group)
        archive = {"dates": stories, "articles": []}
        first = stories[0].date
        archive["save_as"] = save_as.format(date=first)
        archive["url"] = url.format(date=first)
        archive["period"] = (year, calendar.month_name[month])
        archive["period_num"] = (year, month)
        archives.append(archive)
        month_of.update((id(story), archive) for story in stories)
    for story in articles:
        archive = month_of.get(id(story))
        if archive is not None:
            archive["articles"].append(story)
    return archives


def set_default_settings(pelican):
    """Copy each default into the site's settings; refuse two makers of a page."""
    settings = pelican.settings
    apply_defaults(settings, DEFAULTS)
    if settings["ARCHIVES_MONTH_SAVE_AS"] and settings.get("MONTH_ARCHIVE_SAVE_AS"):
        raise SystemExit(
            "Thiết lập: MONTH_ARCHIVE_SAVE_AS và ARCHIVES_MONTH_SAVE_AS cùng được"
            " đặt, nên trang lưu trữ tháng sẽ được làm hai lần. Chỉ đặt"
            ' ARCHIVES_MONTH_SAVE_AS, để MONTH_ARCHIVE_SAVE_AS = "".'
        )


def attach_month_archives(generator):
    """Put the month archives into the generator's (and the context's) archives."""
    save_as = generator.settings["ARCHIVES_MONTH_SAVE_AS"]
    if not save_as:
        return
    months = month_archives(
        generator.dates,
        generator.articles,
        save_as,
        generator.settings["MONTH_ARCHIVE_URL"],
    )
    # Pelican's order of granularities; the context holds this very dict.
    archives = generator.period_archives
    kept = dict(archives)
    archives.clear()
    for granularity in GRANULARITIES:
        if granularity == "month":
            if months:  # Pelican adds a granularity only with a period in it
                archives["month"] = months
        elif granularity in kept:
            archives[granularity] = kept[granularity]


def register():
    signals.initialized.connect(set_default_settings)
    signals.article_generator_finalized.connect(attach_month_archives)
