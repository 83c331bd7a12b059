"""``make report``: the monthly or quarterly statistics and royalty sheet.

Usage: python -m stats [--settings pelicanconf.py] [--from 2026-09] [--to 2026-11]
       [--quarter 2026-Q4] [--reports reports]
"""

import argparse
import datetime
import sys
from pathlib import Path

from pelican.settings import read_settings

from tintuc.directory.model import DirectoryError
from tintuc.vn_text.dates import VIETNAM_TIME

from .charts import bar_chart
from .outputs import (
    ROYALTY_HEADERS,
    csv_bytes,
    report_html,
    royalty_rows,
    table_csv,
    workbook_bytes,
    write_report,
)
from .periods import PeriodError, parse_period
from .scale import SCALE_FILE, ScaleError, load_scale
from .tables import (
    author_table,
    coefficient_problems,
    place_table,
    royalties,
    royalty_total_words,
    simple_table,
)
from .works import read_contributions


def build_tables(contributions, period):
    directory = contributions.site.directory
    works = contributions.works
    return [
        place_table(
            "don-vi", "Theo đơn vị", label="Đơn vị", registry=directory["unit"],
            contributions=contributions, period=period,
            key=lambda w: [w.unit.slug] if w.unit else [],
            documents=contributions.documents,
        ),
        place_table(
            "xa", "Theo xã", label="Xã", registry=directory["commune"],
            contributions=contributions, period=period,
            key=lambda w: [c.slug for c in w.communes],
        ),
        simple_table(
            "chuyen-muc", "Theo chuyên mục", label="Chuyên mục", works=works,
            period=period, key=lambda w: [w.section.name] if w.section else [],
        ),
        simple_table(
            "the-loai", "Theo thể loại", label="Thể loại", works=works,
            period=period, key=lambda w: [w.type.name],
        ),
    ]  # fmt: skip


def chart(title: str, table, column: int, chart_id: str) -> dict:
    bars = [(row[0], row[column]) for row in table.rows]
    return {"title": title, "svg": bar_chart(title, bars, chart_id)}


def make_report(settings: dict, period, now, reports: Path) -> Path:
    """Write the report of ``period``; ``ReportRefused`` writes nothing."""
    contributions = read_contributions(settings, now)
    data_dir = Path(settings["PATH"], settings.get("DIRECTORY_DATA_DIR", "data"))
    scale = load_scale(data_dir / SCALE_FILE, contributions.site.directory["type"])
    problems = coefficient_problems(contributions.works, scale, period)
    if problems:
        raise ReportRefused(problems)
    tables = build_tables(contributions, period)
    lines = royalties(contributions.works, scale, period)
    tables.insert(2, author_table(contributions.works, lines, period))
    words = royalty_total_words(lines)
    label = period.label
    units, communes = tables[0], tables[1]
    months = [
        (header, sum(row[i + 1] for row in units.rows))
        for i, header in enumerate(units.headers[1 : len(period.months) + 1])
    ]
    total = len(period.months) + 1  # the column of the period's stories
    charts = [
        chart(f"Tin, bài theo đơn vị, {period.title}", units, total, "chart-units"),
        chart(f"Tin, bài theo xã, {period.title}", communes, total, "chart-communes"),
        {
            "title": "Tin, bài theo tháng",
            "svg": bar_chart("Tin, bài theo tháng", months, "chart-months"),
        },
    ]
    files = {f"{t.name}-{label}.csv": table_csv(t) for t in tables}
    files[f"nhuan-but-{label}.csv"] = csv_bytes(ROYALTY_HEADERS, royalty_rows(lines))
    files[f"thong-ke-{label}.xlsx"] = workbook_bytes(
        tables, lines, scale, words, period, made=now
    )
    files[f"bao-cao-{label}.html"] = report_html(
        {
            "site": settings.get("SITENAME", ""),
            "period": period,
            "previous": period.previous(),
            "year_before": period.year_before(),
            "made": now.strftime("%d/%m/%Y"),
            "tables": tables,
            "charts": charts,
            "scale": scale,
            "royalty_headers": ROYALTY_HEADERS,
            "royalty_rows": royalty_rows(lines),
            "royalty_total": sum(line.amount for line in lines),
            "royalty_words": words,
        }
    ).encode("utf-8")
    return write_report(reports / label, files)


class ReportRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stats")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--from", dest="start", default="")
    parser.add_argument("--to", dest="end", default="")
    parser.add_argument("--quarter", default="")
    parser.add_argument("--reports", type=Path, default=Path("reports"))
    arguments = parser.parse_args(argv)
    now = datetime.datetime.now(VIETNAM_TIME)
    try:
        period = parse_period(
            arguments.start, arguments.end, arguments.quarter, now.date()
        )
        settings = read_settings(arguments.settings)
        folder = make_report(settings, period, now, arguments.reports)
    except (PeriodError, DirectoryError) as error:
        print(f"lỗi: {error}", file=sys.stderr)
        return 1
    except ScaleError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(
            "Không lập báo cáo: sửa khung nhuận bút. (Report refused.)", file=sys.stderr
        )
        return 1
    except ReportRefused as refused:
        print("\n".join(refused.problems), file=sys.stderr)
        print(
            "Không lập báo cáo: sửa các hệ số trên. (Report refused.)", file=sys.stderr
        )
        return 1
    print(f"Đã lập báo cáo {period.title}: {folder}")
    for path in sorted(folder.iterdir()):
        print(f"  {path.name}")
    return 0
