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
    roots, options: list[str], now: datetime.datetime, news_days: float = NEWS_DAYS
) -> str:
    """A hash of every file under ``roots``, the options and the clock's say.

    ``news_days`` is the site's ``FEEDS_NEWS_DAYS``.
    """
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
            digest.update(str(path).encode() + b"\0" + hashlib.sha256(data).digest())
            dates = clock_dates(path, data)
            moments += turns(dates, news_days) if dates else []
    digest.update(f"clock:{last_turn(moments, now)}\0".encode())
    return digest.hexdigest()
