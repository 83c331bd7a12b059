"""``make html``/``make publish`` rebuild when a date passes, though no file changed.

The wrapper runs as make runs it (``main``), with the clock moved by hand
(``shared.clock.now``) and Pelican replaced by a stand-in that only notes that
it ran: what is under test is the wrapper's decision to skip.
"""

import datetime
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tintuc.build import wrapper
from tintuc.shared import clock
from tintuc.vn_text.dates import VIETNAM_TIME

NOW = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=VIETNAM_TIME)
HOUR, DAY = datetime.timedelta(hours=1), datetime.timedelta(days=1)
STORY = "Title: Tin\nDate: {date:%Y-%m-%d %H:%M}\n\nThân bài.\n"
DOCUMENT = (
    "Title: Lịch\nNumber: 18/TB-UBND\nDate: 01/11/2026\n{field}: 28/11/2026\n\nA\n"
)
APPROVERS = '[[approver]]\nname = "A"\nunits = ["*"]\nuntil = 2026-11-27\n'


def builds_at(tmp_path, monkeypatch, moments, *settings) -> list[bool]:
    """Whether the wrapper ran Pelican at each of ``moments``, in turn."""
    ran = []

    def pelican(command, **_):
        staging = Path(command[command.index("-o") + 1])
        staging.mkdir(parents=True, exist_ok=True)
        (staging / "index.html").write_text("trang", encoding="utf-8")
        ran[-1] = True
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(wrapper.subprocess, "run", pelican)
    for moment in moments:
        monkeypatch.setattr(clock, "now", lambda moment=moment: moment)
        ran.append(False)
        options = ["-e", f'PATH="{tmp_path / "content"}"', *settings]
        options += [f'CACHE_PATH="{tmp_path / "cache"}"']  # the state goes there
        arguments = ["--settings", str(REPO / "pelicanconf.py"), "build"]
        arguments += ["--output", str(tmp_path / "output"), "--", *options]
        assert wrapper.main(arguments) == 0
    return ran


@pytest.mark.parametrize(
    "case",
    [
        ("due.md", STORY.format(date=NOW + HOUR), [], NOW + HOUR / 2, NOW + 2 * HOUR),
        (
            "news.md",
            STORY.format(date=NOW - HOUR),
            ["FEEDS_NEWS_DAYS=5"],  # not the default two days
            NOW + 4 * DAY,
            NOW + 5 * DAY,
        ),
        (
            "in-force.md",
            DOCUMENT.format(field="In_force"),
            [],
            NOW + 14 * HOUR,
            NOW + DAY,
        ),
        (
            "expires.md",
            DOCUMENT.format(field="Expires"),
            [],
            NOW + 14 * HOUR,
            NOW + DAY,
        ),
        ("data/approvers.toml", APPROVERS, [], NOW + 14 * HOUR, NOW + DAY),
    ],
    ids=["scheduled", "news-window", "in-force", "expires", "approver-until"],
)
def test_the_build_is_not_skipped_once_a_date_passes(tmp_path, monkeypatch, case):
    # A file, the build's settings, a moment before its turn, one after it.
    name, text, settings, quiet, turned = case
    path = tmp_path / "content" / name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    ran = builds_at(tmp_path, monkeypatch, [NOW, quiet, turned], *settings)
    assert ran == [True, False, True]
