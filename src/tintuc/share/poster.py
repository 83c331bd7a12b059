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
    found: dict = field(default_factory=dict)  # channel -> [story ids] seen there

    @property
    def exit_code(self) -> int:
        """1 when a channel stopped or a story needs a person, so CI shows it."""
        return 1 if self.stopped or self.unposted else 0


# A post's time on the channel is the channel's clock, not ours: look back further.
LOOKBACK = datetime.timedelta(hours=1)


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


def stop(channel, error: Exception, report: Report, out) -> bool:
    """Stop the channel for this run, saying why; always False."""
    if isinstance(error, ChannelStopped):
        report.stopped[channel.name] = str(error)
        say(out, f"DỪNG {channel.label}: {error}")
    else:  # Its type only: an error's text may hold a URL, and a URL a token.
        report.stopped[channel.name] = type(error).__name__
        say(out, f"DỪNG {channel.label}: lỗi không lường trước "
                 f"({type(error).__name__})")  # fmt: skip
    return False


def hand_to_person(
    channel, story_id: str, current: Run, report: Report, cause: str = ""
) -> None:
    """A post nobody can settle by asking: set it aside and fail the job.

    ``cause``: why the channel cannot tell (by default, it has no list to ask).
    """
    entry = current.ledger.sending(channel.name)[story_id]
    why = entry.get("error") or "lượt trước bị dừng giữa lúc đang đăng"
    cause = cause or f"{channel.label} không cho hỏi danh sách bài đã đăng"
    message = (
        f"{channel.label}: không rõ bài «{entry['title']}» ({entry['link']}) đã lên "
        f"chưa ({why}); {cause}"
    )
    current.ledger.record_unposted(
        channel.name, story_id, "uncertain", message, current.now
    )
    report.unposted.setdefault(channel.name, []).append(story_id)
    advice = "nếu chưa, xóa dòng của bài trong sổ để đăng lại"
    say(current.out, f"CẦN NGƯỜI XEM: {message}. Mở {channel.label} xem; {advice}.")


def settle_uncertain(channel, current: Run, report: Report) -> bool:
    """Ask the channel about stories sent with no answer; False when it stops.

    Found there: posted. Not there once ``SHARE_SETTLE_SECONDS`` have passed
    since the request: due again. A channel that cannot be asked: a person.
    """
    ledger, now, out, name = current.ledger, current.now, current.out, channel.name
    pending = dict(ledger.sending(name))
    if not pending:
        return True
    if not hasattr(channel, "find_posts"):
        for story_id in pending:
            hand_to_person(channel, story_id, current, report)
        ledger.save()
        return True
    sent = {key: datetime.datetime.fromisoformat(e["at"]) for key, e in pending.items()}
    since = min(sent.values()) - LOOKBACK
    try:
        found = channel.find_posts(list(pending.values()), since)
    except (RetryLater, Uncertain) as error:
        say(out, f"{error}; chưa biết {len(pending)} bài đã lên {channel.label} chưa, "
                 "sẽ hỏi lại ở lượt sau.")  # fmt: skip
        # Asked in vain for as long as a failed post may wait: a person looks.
        patience = datetime.timedelta(
            minutes=current.settings["SHARE_RETRY_MAX_MINUTES"]
        )
        for story_id in pending:
            if now - sent[story_id] > patience:
                cause = f"hỏi {channel.label} mãi không được ({error})"
                hand_to_person(channel, story_id, current, report, cause)
        ledger.save()
        return True
    except Exception as error:  # one channel's fault stops only that channel
        return stop(channel, error, report, out)
    seconds = current.settings["SHARE_SETTLE_SECONDS"]
    for story_id, entry in pending.items():
        link = entry["link"]
        if link in found:
            ledger.record_post(name, story_id, found[link], now, found=True)
            report.found.setdefault(name, []).append(story_id)
            say(out, f"{channel.label}: bài {link} đã lên (mã {found[link]}), "
                     "không đăng lại.")  # fmt: skip
        elif now - sent[story_id] >= datetime.timedelta(seconds=seconds):
            ledger.forget_sending(name, story_id)
            say(out, f"{channel.label}: {seconds} giây sau khi gửi vẫn không có bài "
                     f"{link}; bài sẽ được đăng lại.")  # fmt: skip
        else:
            say(out, f"{channel.label}: chưa thấy bài {link}; đợi đủ "
                     f"{seconds} giây rồi hỏi lại ở lượt sau.")  # fmt: skip
    ledger.save()
    return True


def post_one(channel, story, current: Run, report: Report) -> bool:
    """Post one story and write what came of it; False when the channel stops."""
    ledger, now, settings, out = (
        current.ledger,
        current.now,
        current.settings,
        current.out,
    )
    name = channel.name
    ledger.mark_sending(name, story, now)
    ledger.save()  # on disk before the request leaves
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
    except StoryRefused as error:
        ledger.record_unposted(name, story.story_id, "refused", str(error), now)
        ledger.save()
        report.unposted.setdefault(name, []).append(story.story_id)
        say(out, f"{error}; bài {story.url} không tự thử lại "
                 "(sửa rồi xóa dòng của bài trong sổ để đăng lại).")  # fmt: skip
        return True
    except Uncertain as error:
        ledger.note_lost_answer(name, story.story_id, str(error))
        if hasattr(channel, "find_posts"):
            say(out, f"{error}; lượt sau sẽ hỏi {channel.label} xem bài {story.url} "
                     "đã lên chưa, chưa có mới đăng lại.")  # fmt: skip
        else:
            hand_to_person(channel, story.story_id, current, report)
        ledger.save()
        return True
    except ChannelStopped as error:
        ledger.forget_sending(name, story.story_id)  # an answer, and it was no
        ledger.save()
        return stop(channel, error, report, out)
    except Exception as error:  # one channel's fault stops only that channel
        # An answer may have come and been misread: as uncertain as none at all.
        ledger.note_lost_answer(name, story.story_id, type(error).__name__)
        ledger.save()
        return stop(channel, error, report, out)
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
    if not dry and not settle_uncertain(channel, current, report):
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
