"""The ledger of what was posted where: story Id → channel → post id and time.

A story is posted to a channel when its Id is not in that channel's part of
the ledger, and on no other ground. Before a post request goes out the story
is written under ``sending``; the answer moves it to ``posted`` (or refused),
or to ``retry``. A story still under ``sending`` when a run looks has no
known answer: it may be on the channel. The file is replaced whole (write,
fsync, rename), so a run killed midway leaves the old ledger or the new one,
and a lock keeps a second run out while one is posting.
"""

import datetime
import json
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tintuc.shared.cachefiles import write_atomic
from tintuc.shared.locks import exclusive

VERSION = 1


class LedgerError(SystemExit):
    """The ledger cannot be read or is held by another run: post nothing."""


class Ledger:
    """Posted stories, baselines and retries, by channel."""

    def __init__(self, path: Path, data: dict | None = None):
        self.path = Path(path)
        self.data = data or {"version": VERSION, "channels": {}}

    @classmethod
    def load(cls, path: Path) -> "Ledger":
        """The ledger at ``path``; an empty one when there is none yet."""
        path = Path(path)
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != VERSION or not isinstance(data["channels"], dict):
                raise ValueError("unknown ledger version")
        except (OSError, ValueError, KeyError, AttributeError) as error:
            raise LedgerError(
                f"Sổ chia sẻ {path} hỏng ({error}); không đăng gì để khỏi đăng trùng. "
                "Khôi phục bản trước từ nhánh share-ledger. (The ledger is damaged.)"
            ) from error
        return cls(path, data)

    def save(self) -> None:
        """Replace the file whole and on disk, so it is never half written."""
        text = json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True)
        write_atomic(self.path, (text + "\n").encode(), durable=True)

    def channel(self, name: str) -> dict | None:
        """A channel's part of the ledger; None before its first run."""
        return self.data["channels"].get(name)

    def start_channel(self, name: str, story_ids, now: datetime.datetime) -> None:
        """First run: record every story there is as already seen."""
        self.data["channels"][name] = {
            "started": now.isoformat(),
            "posted": {
                story_id: {"post_id": None, "at": now.isoformat(), "baseline": True}
                for story_id in story_ids
            },
            "retry": {},
        }

    def is_posted(self, name: str, story_id: str) -> bool:
        """True when the story is in the channel's ledger, posted or perhaps so."""
        channel = self.data["channels"][name]
        return story_id in channel["posted"] or story_id in self.sending(name)

    def sending(self, name: str) -> dict:
        """Stories whose post went out with no answer recorded: story Id → entry."""
        return self.data["channels"][name].setdefault("sending", {})

    def mark_sending(self, name: str, story, now) -> None:
        """The story's post is about to go out (save before sending it)."""
        self.sending(name)[story.story_id] = {
            "at": now.isoformat(),
            "link": story.url,
            "title": story.title,
        }

    def note_lost_answer(self, name: str, story_id: str, message: str) -> None:
        """The post went out and no answer came: why it is uncertain."""
        self.sending(name)[story_id]["error"] = message

    def forget_sending(self, name: str, story_id: str) -> None:
        """Not posted, for certain: the channel answered no, or did not list it."""
        self.sending(name).pop(story_id, None)

    def record_post(self, name, story_id, post_id: str, now, *, found=False) -> None:
        """The story is on the channel: never post it there again.

        ``found``: the channel's own list showed it after an answer was lost.
        """
        channel = self.data["channels"][name]
        channel["posted"][story_id] = {"post_id": post_id, "at": now.isoformat()}
        if found:
            channel["posted"][story_id]["found"] = True
        channel["retry"].pop(story_id, None)
        self.forget_sending(name, story_id)

    def record_unposted(self, name, story_id, why: str, message: str, now) -> None:
        """A story never to try again by itself: refused, or perhaps posted.

        ``why`` is "refused" (the API said no for good) or "uncertain" (no
        answer after the request went out). Delete its entry to try again.
        """
        channel = self.data["channels"][name]
        channel["posted"][story_id] = {
            "post_id": None,
            "at": now.isoformat(),
            why: message,
        }
        channel["retry"].pop(story_id, None)
        self.forget_sending(name, story_id)

    def retry_at(self, name: str, story_id: str) -> datetime.datetime | None:
        """When a failed story may be tried again, or None."""
        retry = self.data["channels"][name]["retry"].get(story_id)
        return datetime.datetime.fromisoformat(retry["next"]) if retry else None

    def record_failure(self, name, story_id, error: str, *, now, base, cap) -> None:
        """A failure to try again later, waiting twice as long each time."""
        retry = self.data["channels"][name]["retry"]
        attempts = retry.get(story_id, {}).get("attempts", 0) + 1
        wait = min(base * 2 ** (attempts - 1), cap)
        retry[story_id] = {
            "attempts": attempts,
            "next": (now + datetime.timedelta(minutes=wait)).isoformat(),
            "error": error,
        }
        self.forget_sending(name, story_id)


@contextmanager
def locked(path: Path):
    """Hold the ledger's lock, or stop at once if another run holds it."""
    with ExitStack() as held:
        try:
            held.enter_context(
                exclusive(Path(path).with_name(Path(path).name + ".lock"))
            )
        except BlockingIOError as error:
            raise LedgerError(
                "Một lượt chia sẻ khác đang chạy; lượt này không đăng gì. "
                "(Another share run holds the ledger.)"
            ) from error
        yield
