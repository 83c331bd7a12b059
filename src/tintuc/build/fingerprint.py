"""Decide whether a build can be skipped: nothing it reads has changed.

The fingerprint covers every input file by content hash (git resets file
times, so mtimes alone cannot be trusted), the build's options, and what the
clock decides: the last turn of the clock (``shared.clock``) that the inputs
hold and that has passed. Until the next one, every date rule gives the
answer it gave at the last build.

A content hash is kept from an earlier run only for the very same file left
untouched: the same inode, size, modification and change times. The change
time (``ctime``) moves with every write and no program can set it back; a
file changed less than ``SETTLED_NS`` before it was hashed is hashed again
next time, as a write in the same clock tick would leave its times as they
were (git's "racy" files).
"""

import datetime
import hashlib
import os
import time
from pathlib import Path

from tintuc.shared.cachefiles import entries_below
from tintuc.shared.clock import NEWS_DAYS, clock_dates, last_turn, turns

# A file changed this long (ns) before it was hashed keeps its hash after.
SETTLED_NS = 2_000_000_000


def input_files(root: str) -> list[str]:
    """``root`` if a file, else every file under it but ``__pycache__``'s, sorted.

    Sorted by their parts, as ``Path`` sorts; links to folders are not followed.
    """
    if os.path.isfile(root):
        return [root]
    if not os.path.isdir(root):
        return []
    found = [
        entry.path
        for _, entry in entries_below(root, skip={"__pycache__"})
        if entry.is_file()
    ]
    return sorted(found, key=lambda path: path.split("/"))


def file_key(stat: os.stat_result) -> tuple[int, ...]:
    """What tells that a file is the very one hashed before, untouched."""
    return (
        stat.st_dev,
        stat.st_ino,
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ctime_ns,
    )


def input_fingerprint(  # noqa: PLR0913 - the inputs, and what earlier runs knew
    roots,
    options: list[str],
    now: datetime.datetime,
    news_days: float = NEWS_DAYS,
    *,
    known_dates: dict | None = None,
    known_hashes: dict | None = None,
    found: dict | None = None,
) -> str:
    """A hash of every file under ``roots``, the options and the clock's say.

    ``news_days`` is the site's ``FEEDS_NEWS_DAYS``. ``known_dates``: the
    dates each story held at an earlier run, by its path and content hash
    (reading every story's dates is most of the time of a build with nothing to
    do); it is left holding this run's. ``known_hashes``: each file's
    ``file_key`` and content hash from an earlier run, by its path; it is
    left holding this run's, but for files changed just before. ``found``,
    if given, is left holding every file's hash (``files``, in order) and the
    clock's say (``clock``): see ``fingerprint_of``.
    """
    found_dates, found_hashes, every = {}, {}, {}
    settled = time.time_ns() - SETTLED_NS
    moments = []
    for root in roots:
        for path in input_files(os.fspath(Path(root))):
            stat = os.stat(path)
            key = file_key(stat)
            known = known_hashes.get(path) if known_hashes is not None else None
            data = None
            if isinstance(known, tuple) and len(known) == 2 and known[0] == key:
                content_hash = known[1]
            else:
                data = Path(path).read_bytes()
                content_hash = hashlib.sha256(data).digest()
            if stat.st_ctime_ns < settled:
                found_hashes[path] = (key, content_hash)
            every[path] = content_hash
            known = (path, content_hash)
            if known_dates is not None and known in known_dates:
                dates = known_dates[known]
            else:
                data = Path(path).read_bytes() if data is None else data
                dates = clock_dates(Path(path), data)
            if path.endswith(".md"):
                found_dates[known] = dates
            moments += turns(dates, news_days) if dates else []
    turn = str(last_turn(moments, now))
    for kept, made in ((known_dates, found_dates), (known_hashes, found_hashes)):
        if kept is not None:
            kept.clear()
            kept.update(made)
    if found is not None:
        found.clear()
        found.update(files={p: h.hex() for p, h in every.items()}, clock=turn)
    return fingerprint_of(options, every.items(), turn)


def fingerprint_of(options: list[str], files, turn: str) -> str:
    """What ``input_fingerprint`` returns, from what it found.

    ``files``: (path, content hash) in order; ``turn``: the clock's last turn.
    """
    digest = hashlib.sha256()
    for option in options:
        digest.update(option.encode() + b"\0")
    for path, content_hash in files:
        digest.update(path.encode() + b"\0" + content_hash)
    digest.update(f"clock:{turn}\0".encode())
    return digest.hexdigest()
