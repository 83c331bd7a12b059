"""The remote the public site is built from: fetch, push, and a push that waits.

A failed push is never lost: ``main`` in the clone keeps the commits, the
clone's ``refs/remotes/origin/main`` says what the remote has, and the
difference is the pending push. ``push.json`` keeps the last error and the
number of attempts for the board.
"""

import json
import logging
import re
import time
from pathlib import Path

from tintuc.shared.cachefiles import write_atomic

from .git import Git

logger = logging.getLogger(__name__)

# A push the remote answered "no" to, against one that never reached it.
PUSH_REFUSED = "refused"
PUSH_UNREACHABLE = "unreachable"
# What git prints when the remote said no, not when it could not be reached.
REFUSAL_WORDS = re.compile(r"rejected|declined|denied|protected|hook", re.IGNORECASE)


# What staff read of a failed push; git's own words go to admins.
PUSH_FAILED_SAID = "Chưa đẩy được bài đã công bố lên kho chính; máy chủ sẽ tự thử lại."


def push_failure_kind(said: str) -> str:
    """``PUSH_REFUSED`` when the remote answered no, else ``PUSH_UNREACHABLE``."""
    return PUSH_REFUSED if REFUSAL_WORDS.search(said or "") else PUSH_UNREACHABLE


class Remote:
    """The clone's ``origin`` and the pending push of ``main``."""

    def __init__(self, git: Git, state: Path, settings: dict):
        self.git = git
        self.state = Path(state)
        self.settings = settings
        self.main = settings["NEWSROOM_BRANCH"]

    @property
    def push_marker(self) -> Path:
        """The last failed push: what the board shows until a push succeeds."""
        return self.state / "push.json"

    @property
    def remote_ref(self) -> str:
        """Where the clone keeps what it last knew of the remote's ``main``."""
        return f"refs/remotes/origin/{self.main}"

    def fetch(self) -> bool:
        """Bring the remote's ``main`` in; False when the remote cannot be reached."""
        done = self.git.call(
            [
                "fetch",
                "--quiet",
                "origin",
                f"+refs/heads/{self.main}:{self.remote_ref}",
            ],
            timeout=self.settings["NEWSROOM_REMOTE_TIMEOUT"],
        )
        return done.returncode == 0

    def push_pending(self) -> bool:
        """True when ``main`` has commits the remote (as last known) lacks."""
        return self.git.resolve(f"refs/heads/{self.main}") != self.git.resolve(
            self.remote_ref
        )

    def push(self) -> bool:
        """Push ``main``; on failure, note it for the board and a later retry."""
        main = self.git.resolve(f"refs/heads/{self.main}")
        done = self.git.call(
            ["push", "--quiet", "origin", f"{main}:refs/heads/{self.main}"],
            timeout=self.settings["NEWSROOM_REMOTE_TIMEOUT"],
        )
        if done.returncode == 0:
            self.git.run("update-ref", self.remote_ref, main)
            self.push_marker.unlink(missing_ok=True)
            return True
        said = done.stderr.decode(errors="replace").strip()
        logger.error("push of %s failed: %s", main, said)
        # git's own words (English, with the server's paths) for admins only.
        self.note_failure(PUSH_FAILED_SAID, push_failure_kind(said), said[-500:])
        return False

    def note_failure(
        self, error: str, kind: str = PUSH_REFUSED, server_detail: str = ""
    ) -> None:
        """Keep a failed attempt for the board: error, kind, how many, since when.

        ``error`` is for everyone, in Vietnamese; ``server_detail`` for admins.
        """
        before = self.push_status()
        note = {
            "commit": self.git.resolve(f"refs/heads/{self.main}"),
            "error": error,
            "server_detail": server_detail,
            "kind": kind,
            "attempts": before.get("attempts", 0) + 1,
            "since": before.get("since") or time.time(),
            "last": time.time(),
        }
        write_atomic(self.push_marker, json.dumps(note, ensure_ascii=False).encode())

    def push_status(self) -> dict:
        """What the board shows about pushing: pending or not, and why."""
        try:
            note = json.loads(self.push_marker.read_text())
        except (OSError, ValueError):
            note = {}
        pending = self.push_pending()
        return {
            "pending": pending,
            "commit": note.get("commit") if pending else None,
            "error": note.get("error") if pending else None,
            "server_detail": note.get("server_detail") if pending else None,
            "kind": note.get("kind") if pending else None,
            "attempts": note.get("attempts", 0) if pending else 0,
            "since": note.get("since") if pending else None,
            "last": note.get("last") if pending else None,
        }

    def push_result(self) -> dict:
        """The push part of a result: ``pushed`` and ``push_error``."""
        status = self.push_status()
        return {"pushed": not status["pending"], "push_error": status["error"]}
