"""Post each story not yet in a channel's ledger, oldest first, a few per run."""

import datetime
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .channels import CHANNELS
from .channels.base import ChannelStopped, RetryLater, StoryRefused, Uncertain
from .ledger import Ledger, locked
from .settings import DEFAULTS
from .stories import read_stories


@dataclass
class Run:
    """What every channel of one run shares."""

    ledger: Ledger
    now: datetime.datetime
    settings: dict
    out: object


@dataclass
class Report:
    """What a run did, by channel."""

    posted: dict = field(default_factory=dict)  # channel -> [story ids]
    stopped: dict = field(default_factory=dict)  # channel -> message
    unposted: dict = field(default_factory=dict)  # channel -> [story ids]

    @property
    def exit_code(self) -> int:
        """1 when a channel stopped or a story needs a person, so CI shows it."""
        return 1 if self.stopped or self.unposted else 0


def say(out, text: str) -> None:
    """One line of the run's log."""
    print(text, file=out)


def due_stories(stories, ledger: Ledger, name: str, now) -> tuple[list, int]:
    """The stories to post now, oldest first, and how many wait out a retry."""
    due, waiting = [], 0
    for story in stories:
        if story.published > now or ledger.is_posted(name, story.story_id):
            continue
        if (ledger.retry_at(name, story.story_id) or now) > now:
            waiting += 1  # failed earlier, and its wait is not over
        else:
            due.append(story)
    return due, waiting


def post_one(channel, story, current: Run, report: Report) -> bool:
    """Post one story and write what came of it; False when the channel stops."""
    ledger, now, settings, out = (
        current.ledger,
        current.now,
        current.settings,
        current.out,
    )
    name = channel.name
    try:
        post_id = channel.post(story)
    except RetryLater as error:
        ledger.record_failure(
            name,
            story.story_id,
            str(error),
            now=now,
            base=settings["SHARE_RETRY_MINUTES"],
            cap=settings["SHARE_RETRY_MAX_MINUTES"],
        )
        ledger.save()
        say(out, f"{error}; bài {story.url} sẽ được thử lại ở lượt sau.")
        return True
    except (StoryRefused, Uncertain) as error:
        why = "refused" if isinstance(error, StoryRefused) else "uncertain"
        ledger.record_unposted(name, story.story_id, why, str(error), now)
        ledger.save()
        report.unposted.setdefault(name, []).append(story.story_id)
        advice = (
            "kiểm tra trên trang xem bài đã lên chưa"
            if why == "uncertain"
            else "sửa rồi xóa dòng của bài trong sổ để đăng lại"
        )
        say(out, f"{error}; bài {story.url} không tự thử lại ({advice}).")
        return True
    except ChannelStopped as error:
        report.stopped[name] = str(error)
        say(out, f"DỪNG {channel.label}: {error}")
        return False
    except Exception as error:  # one channel's fault stops only that channel
        # Its type only: an error's text may hold a URL, and a URL a token.
        report.stopped[name] = type(error).__name__
        say(
            out, f"DỪNG {channel.label}: lỗi không lường trước ({type(error).__name__})"
        )
        return False
    notes = getattr(channel, "notes", [])
    for note in notes:
        say(out, note)
    notes.clear()
    ledger.record_post(name, story.story_id, post_id, now)
    ledger.save()
    report.posted.setdefault(name, []).append(story.story_id)
    say(out, f"{channel.label}: đã đăng {story.url}")
    return True


def share_to(channel, stories, current: Run, report: Report) -> None:
    """Post the channel's due stories; a dry run when it has no token."""
    ledger, out = current.ledger, current.out
    name, dry = channel.name, not channel.configured
    mark = "[thử, không đăng] " if dry else ""
    if ledger.channel(name) is None:
        say(out, f"{mark}{channel.label}: lần đầu, ghi nhận {len(stories)} bài đã có "
                 "và không đăng lại bài cũ nào.")  # fmt: skip
        if not dry:
            ledger.start_channel(name, [s.story_id for s in stories], current.now)
            ledger.save()
        return
    due, waiting = due_stories(stories, ledger, name, current.now)
    chosen = due[: current.settings["SHARE_MAX_PER_RUN"]]
    for story in chosen:
        if dry:
            preview = f"{story.url}\n{channel.preview(story)}"
            say(out, f"{mark}{channel.label}: sẽ đăng {preview}")
        elif not post_one(channel, story, current, report):
            return
    later = len(due) - len(chosen) + waiting
    if later:
        say(out, f"{mark}{channel.label}: còn {later} bài chờ lượt sau.")


def run(settings, output, ledger_path, *, environment, now=None, out=None) -> Report:
    """One run over every channel, holding the ledger's lock throughout."""
    settings = {**DEFAULTS, **settings}
    now = now or datetime.datetime.now(datetime.UTC)
    out = out or sys.stdout
    stories = read_stories(
        Path(output), settings["SHARE_FEED"], settings["SHARE_ARCHIVE"]
    )
    report = Report()
    with locked(ledger_path):
        current = Run(Ledger.load(ledger_path), now, settings, out)
        for channel_class in CHANNELS:
            channel = channel_class(settings, environment)
            share_to(channel, stories, current, report)
    return report
