"""The public statistics page, ``/thong-ke/``: counts only, never money.

Per commune and per unit, for the twelve months ending with the month of the
newest published story (not the build's clock: the same content builds the
same page), with SVG charts and a table for screen readers.
"""

from pelican import signals
from pelican.generators import Generator

from tintuc.shared.settings import apply_defaults

from .charts import bar_chart
from .periods import Period, add_months
from .tables import counts_by, entry_label, listed_entries

DEFAULTS = {
    "STATS_PUBLIC_PAGE": True,
    "STATS_PAGE_URL": "thong-ke/",
    "STATS_PAGE_SAVE_AS": "thong-ke/index.html",
}


def set_default_settings(pelican):
    apply_defaults(pelican.settings, DEFAULTS)


def public_rows(articles, registry, key, period: Period) -> list[dict]:
    """One row per entry: its name, the count of each month, and the total."""
    inside = [a for a in articles if period.holds(a.date)]
    monthly = {
        month: counts_by(
            [a for a in inside if (a.date.year, a.date.month) == month], key
        )
        for month in period.months
    }
    rows = []
    for entry in listed_entries(registry, articles, key):
        months = [
            monthly[m].get(entry.slug, {}).get("stories", 0) for m in period.months
        ]
        rows.append(
            {
                "name": entry_label(registry, entry),
                "months": months,
                "total": sum(months),
            }
        )
    return rows


def months_with_stories(rows: list[dict], labels: list[str]):
    """Drop the months no row has a story in: (rows, labels) of the rest.

    A phone then opens on months that say something, not on empty columns.
    """
    kept = [i for i in range(len(labels)) if any(row["months"][i] for row in rows)]
    return (
        [{**row, "months": [row["months"][i] for i in kept]} for row in rows],
        [labels[i] for i in kept],
    )


class StatsGenerator(Generator):
    """Writes ``/thong-ke/``."""

    def generate_output(self, writer):
        settings = self.settings
        articles = self.context["articles"]
        if not settings["STATS_PUBLIC_PAGE"] or not articles:
            return
        newest = max(article.date for article in articles)
        last = (newest.year, newest.month)
        period = Period(add_months(last, -11), last)
        directory = self.context["NEWSROOM"]
        labels = [f"T{m}/{y}" for y, m in period.months]
        tables = []
        for kind, title, key in (
            (
                "commune",
                "Theo xã",
                lambda a: [c.slug for c in getattr(a, "communes", None) or []],
            ),
            (
                "unit",
                "Theo đơn vị",
                lambda a: [a.unit.slug] if getattr(a, "unit", None) else [],
            ),
        ):
            rows, months = months_with_stories(
                public_rows(articles, directory[kind], key, period), labels
            )
            tables.append(
                {
                    "title": title,
                    "rows": rows,
                    "months": months,
                    "chart": bar_chart(
                        f"Tin, bài {title.lower()}, 12 tháng",
                        [(row["name"], row["total"]) for row in rows],
                        f"chart-{kind}",
                    ),
                }
            )
        writer.write_file(
            settings["STATS_PAGE_SAVE_AS"],
            self.get_template("stats"),
            self.context,
            settings["RELATIVE_URLS"],
            url=settings["STATS_PAGE_URL"],
            stats_tables=tables,
            stats_period=period,
        )


def add_stats_generator(pelican):
    return StatsGenerator


def register():
    signals.initialized.connect(set_default_settings)
    signals.get_generators.connect(add_stats_generator)
