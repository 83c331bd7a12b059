"""Decide whether a build can be skipped: nothing it reads has changed.

The fingerprint covers every input file by content hash (git resets file
times, so mtimes cannot be trusted), the build's options, and what the clock
decides: which stories are past their publication time, which fall in the
two-day window of the Google News sitemap, and which documents have expired.
"""

import datetime
import hashlib
from pathlib import Path

from tintuc.vn_text.dates import VIETNAM_TIME, parse_datetime_vi, to_vietnam_time
from tintuc.vn_text.front_matter import parse_front_matter
from tintuc.vn_text.normalise import normalise_text

NEWS_WINDOW = datetime.timedelta(days=2)


def story_date(data: bytes, field: str = "date") -> datetime.datetime | None:
    """A date field of a story or document (``Date:`` unless told); None if absent."""
    try:
        text = normalise_text(data.decode("utf-8"))
        written = parse_front_matter(text).get(field)
        return to_vietnam_time(parse_datetime_vi(written)) if written else None
    except (UnicodeDecodeError, ValueError):
        return None


def input_fingerprint(roots, options: list[str], now: datetime.datetime) -> str:
    """A hash of every file under ``roots``, the options and the clock's say."""
    digest = hashlib.sha256()
    for option in options:
        digest.update(option.encode() + b"\0")
    moments, expiries = [], []
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
            if path.suffix == ".md":
                moment = story_date(data)
                if moment is not None:
                    moments.append((str(path), moment))
                expires = story_date(data, "expires") if b"xpires" in data else None
                if expires is not None:
                    expiries.append((str(path), expires))
    now = now.astimezone(VIETNAM_TIME)
    for path, moment in sorted(moments):
        published = moment <= now
        in_news = published and now - moment <= NEWS_WINDOW
        digest.update(f"{path}:{published}:{in_news}\0".encode())
    # A document's page says "Hết hiệu lực" from the day it expires.
    for path, moment in sorted(expiries):
        digest.update(f"{path}:expired:{moment.date() <= now.date()}\0".encode())
    return digest.hexdigest()
