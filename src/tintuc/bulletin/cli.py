"""``make bulletin``: write reports/ban-tin-<from>-<to>/ with the three files.

Usage: python -m tintuc.bulletin [--settings pelicanconf.py] [--from YYYY-MM-DD]
       [--to YYYY-MM-DD] [--sections slug,slug] [--commune slug]
       [--max-minutes N] [--reports reports]
"""

import argparse
import datetime
import sys
from pathlib import Path

from pelican.settings import read_settings

from tintuc.directory.model import DirectoryError
from tintuc.stats.outputs import write_report
from tintuc.vn_text.dates import VIETNAM_TIME

from .bulletin import BulletinError, Choice, duration_words, make_bulletin
from .outputs import bulletin_files

WEEK = 7


def day(text: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BulletinError(
            f"{name}={text!r} không phải một ngày dạng YYYY-MM-DD (ví dụ 2026-11-30)."
        ) from None


def period(start: str, end: str, today: datetime.date):
    """The days asked for; by default the last seven days, today included."""
    last = day(end, "TO") if end else today
    first = day(start, "FROM") if start else last - datetime.timedelta(days=WEEK - 1)
    return first, last


def minutes(text: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = 0
    if value <= 0:
        raise BulletinError(f"MAX_MINUTES={text!r} phải là một số phút lớn hơn 0.")
    return value


def main(argv=None, now: datetime.datetime | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tintuc.bulletin")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--from", dest="start", default="")
    parser.add_argument("--to", dest="end", default="")
    parser.add_argument("--sections", default="")
    parser.add_argument("--commune", default="")
    parser.add_argument("--max-minutes", default="")
    parser.add_argument("--reports", type=Path, default=Path("reports"))
    arguments = parser.parse_args(argv)
    now = now or datetime.datetime.now(VIETNAM_TIME)
    try:
        start, end = period(arguments.start, arguments.end, now.date())
        settings = read_settings(arguments.settings)
        choice = Choice(
            start,
            end,
            sections=tuple(
                s.strip() for s in arguments.sections.split(",") if s.strip()
            ),
            commune=arguments.commune.strip(),
            max_minutes=minutes(arguments.max_minutes),
        )
        bulletin = make_bulletin(settings, choice, now)
        folder = arguments.reports / f"ban-tin-{start.isoformat()}-{end.isoformat()}"
        write_report(folder, bulletin_files(bulletin, settings.get("SITENAME", "")))
    except (BulletinError, DirectoryError) as error:
        print(f"lỗi: {error}", file=sys.stderr)
        return 1
    count = sum(len(items) for _, items in bulletin.groups)
    print(
        f"Đã lập bản tin {start:%d/%m/%Y}–{end:%d/%m/%Y}: {count} tin, "
        f"khoảng {duration_words(bulletin.total_seconds())}: {folder}"
    )
    for item in bulletin.left_out:
        print(f"  Không đủ thời lượng, bỏ ra: {item.path}")
    if bulletin.sample:
        print("  Lưu ý: lời mở đầu và kết thúc vẫn là lời mẫu (bulletin.toml).")
    for problem in bulletin.problems:
        print(problem, file=sys.stderr)
    if bulletin.problems:
        print(
            "Bản tin đã lập, nhưng còn chỗ phát thanh viên khó đọc (trên): "
            "sửa bài hoặc abbreviations.toml rồi lập lại.",
            file=sys.stderr,
        )
        return 1
    return 0
