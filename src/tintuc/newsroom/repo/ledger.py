"""What each reader last saw of each file, so an edit on a stale copy is refused.

Decap's proxy backend sends no base revision with a save. The server
remembers instead: every time it serves a story to a reader (a browser
session, or an account), it notes the story's content hash; a save is
accepted only when the story is still as that reader last saw it. SQLite
in the state folder, so every worker process shares it.
"""

import sqlite3
import time
from contextlib import closing
from pathlib import Path

# Notes older than this are forgotten; a reader then has to open the story again.
KEEP_SECONDS = 60 * 60 * 24 * 30


class Ledger:
    """(reader, path) → the content hash the reader last received or saved."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self.connect()) as db, db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS seen (reader TEXT NOT NULL, "
                "path TEXT NOT NULL, hash TEXT NOT NULL, at REAL NOT NULL, "
                "PRIMARY KEY (reader, path))"
            )
            db.execute("DELETE FROM seen WHERE at < ?", (time.time() - KEEP_SECONDS,))

    def connect(self) -> sqlite3.Connection:
        """A connection that waits for another writer rather than failing."""
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def note(self, reader: str, hashes: dict[str, str]) -> None:
        """Remember that ``reader`` now has these paths' contents."""
        if not hashes:
            return
        now = time.time()
        rows = [(reader, path, digest, now) for path, digest in hashes.items()]
        with closing(self.connect()) as db, db:
            db.executemany(
                "INSERT INTO seen VALUES (?, ?, ?, ?) ON CONFLICT (reader, path) "
                "DO UPDATE SET hash = excluded.hash, at = excluded.at",
                rows,
            )

    def seen(self, reader: str, path: str) -> str | None:
        """The hash ``reader`` last had of ``path``, or None."""
        with closing(self.connect()) as db:
            row = db.execute(
                "SELECT hash FROM seen WHERE reader = ? AND path = ?", (reader, path)
            ).fetchone()
        return row[0] if row else None
