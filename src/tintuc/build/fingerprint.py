"""Decide whether a build can be skipped: nothing it reads has changed.

The fingerprint covers every input file by content hash (git resets file
times, so mtimes cannot be trusted), the build's options, and what the clock
decides: the last turn of the clock (``shared.clock``) that the inputs hold
and that has passed. Until the next one, every date rule gives the answer it
gave at the last build.
"""

import datetime
import hashlib
from pathlib import Path

from tintuc.shared.clock import NEWS_DAYS, clock_dates, last_turn, turns


def input_fingerprint(
    roots,
    options: list[str],
    now: datetime.datetime,
    news_days: float = NEWS_DAYS,
    known_dates: dict | None = None,
) -> str:
    """A hash of every file under ``roots``, the options and the clock's say.

    ``news_days`` is the site's ``FEEDS_NEWS_DAYS``. ``known_dates``: the
    dates each story held at an earlier run, by its path and content hash
    (reading every story's dates is most of the time of a build with nothing to
    do); it is left holding this run's.
    """
    found_dates = {}
    digest = hashlib.sha256()
    for option in options:
        digest.update(option.encode() + b"\0")
    moments = []
    for root in map(Path, roots):
        files = (
            [root]
            if root.is_file()
            else sorted(p for p in root.rglob("*") if p.is_file())
        )
        for path in files:
            if "__pycache__" in path.parts:
                continue
            data = path.read_bytes()
            content_hash = hashlib.sha256(data).digest()
            digest.update(str(path).encode() + b"\0" + content_hash)
            known = (str(path), content_hash)
            if known_dates is not None and known in known_dates:
                dates = known_dates[known]
            else:
                dates = clock_dates(path, data)
            if path.suffix == ".md":
                found_dates[known] = dates
            moments += turns(dates, news_days) if dates else []
    digest.update(f"clock:{last_turn(moments, now)}\0".encode())
    if known_dates is not None:
        known_dates.clear()
        known_dates.update(found_dates)
    return digest.hexdigest()
