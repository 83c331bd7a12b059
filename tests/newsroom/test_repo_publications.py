"""What each publish did, as the board is told: a record per "Công bố"."""

import contextlib
import re
import shutil
import time

import pytest

from tests.newsroom.repo_support import (
    APPROVER,
    WRITER,
    key,
    make_newsroom,
    persist_params,
    story_text,
)
from tests.newsroom.test_repo_faults import refuse_pushes
from tintuc.build.wrapper import STOPPED
from tintuc.newsroom.repo import Refused, mainline
from tintuc.newsroom.repo.building import first_useful_line
from tintuc.newsroom.repo.publications import (
    INTERRUPTED,
    MESSAGES,
    PUSH_MESSAGES,
    SCHEDULED_MESSAGE,
    SENT_GITHUB,
    SENT_REMOTE,
    as_shown,
)
from tintuc.newsroom.repo.remote import PUSH_REFUSED, PUSH_UNREACHABLE

SLUG = "2026-12-01-khanh-thanh-nha-van-hoa"
# The story's Slug field, made into its address as the site makes it.
ADDRESS = "https://dinhhoa.example.vn/bai-viet/khanh-thanh-nha-van-hoa/"
TAKEN_ID = "0a3689e2-a294-58d8-acb1-cc3e07319910"  # a story on main has it


def publish(newsroom, raw=None, slug=SLUG) -> dict:
    """Save a story as the writer, publish it as the approver; its record."""
    newsroom.handle(WRITER, "persistEntry", persist_params(slug, raw or story_text()))
    with contextlib.suppress(Refused):  # the record says why
        newsroom.handle(APPROVER, "publishUnpublishedEntry", key(slug))
    return newsroom.publications_now()[0]


def test_a_pushed_publish_is_sent_with_the_story_s_public_address(newsroom):
    record = publish(newsroom)
    assert record["state"] == "sent"
    assert record["url"] == ADDRESS
    assert record["message"] == SENT_REMOTE  # a remote that is not GitHub
    assert record["title"] == "Xã Định Hóa khánh thành nhà văn hóa"
    assert record["unit"] == "ubnd-xa-dinh-hoa"
    assert record["author"] == WRITER.username
    assert record["pending"] is False
    assert record["finished"] >= record["started"]


def test_a_publish_being_checked_is_pending(newsroom, monkeypatch):
    while_checking = []
    check = newsroom.checks.check_site

    def watched(*commits):
        while_checking.append(newsroom.publications_now()[0])
        return check(*commits)

    monkeypatch.setattr(newsroom.checks, "check_site", watched)
    publish(newsroom)
    assert [one["state"] for one in while_checking] == ["checking"]
    assert while_checking[0]["pending"] is True
    assert while_checking[0]["message"].startswith("Đang cập nhật…")
    assert newsroom.publications_now()[0]["pending"] is False


def test_a_site_whose_address_cannot_be_told_still_publishes(newsroom, monkeypatch):
    def broken(*_):
        raise SyntaxError("publishconf.py")

    monkeypatch.setattr("tintuc.newsroom.repo.newsroom.site_settings", broken)
    record = publish(newsroom)
    assert record["state"] == "sent"
    assert record["url"] == ""


def test_a_gate_refusal_is_recorded_with_its_message_and_path_line(newsroom):
    record = publish(newsroom, story_text(Id=TAKEN_ID))
    assert record["state"] == "refused"
    assert record["message"] == MESSAGES["refused"]
    assert record["reason"] == "Không công bố được: sau khi gộp, trang sẽ có lỗi."
    assert any(TAKEN_ID in line for line in record["details"])
    assert any(
        re.match(rf"content/articles/thoi-su/{SLUG}\.md:\d+: ", line)
        for line in record["details"]
    ), record["details"]
    assert record["live"] is False


def test_a_refused_push_is_told_then_sent_once_it_goes_through(remote, tmp_path):
    newsroom = make_newsroom(
        remote, tmp_path, settings={"NEWSROOM_PUSH_RETRY_SECONDS": 0}
    )
    refuse_pushes(remote, refuse=True)
    record = publish(newsroom)
    assert record["state"] == "push_failed"
    assert record["push"] == PUSH_REFUSED
    assert record["message"] == PUSH_MESSAGES[PUSH_REFUSED]
    # git's own words (the remote's hook here) only where admins look.
    assert not any("bảo trì" in line for line in record["details"])
    assert any("bảo trì" in line for line in record["server_details"])
    refuse_pushes(remote, refuse=False)
    newsroom.retry_pushes()
    assert newsroom.publications_now()[0]["state"] == "sent"


def test_an_unreachable_remote_is_told_apart_from_a_refusal(remote, tmp_path):
    newsroom = make_newsroom(remote, tmp_path)
    shutil.move(remote, tmp_path / "moved.git")
    record = publish(newsroom)
    assert record["state"] == "push_failed"
    assert record["push"] == PUSH_UNREACHABLE
    assert record["message"] == PUSH_MESSAGES[PUSH_UNREACHABLE]


def test_a_github_remote_is_named():
    record = {"state": "sent", "updated": 0}
    shown = as_shown(record, {"pending": False}, "https://github.com/x/y.git", 1)
    assert shown["message"] == SENT_GITHUB


def test_a_story_dated_later_is_said_to_be_scheduled_not_live(newsroom):
    # Five years ahead (a typo for this year, perhaps): published, not shown.
    record = publish(newsroom, story_text(Date="2031-12-01 08:00"))
    assert record["state"] == "scheduled"
    assert record["message"] == SCHEDULED_MESSAGE.format(when="08:00 ngày 01/12/2031")
    assert record["url"] == ADDRESS


@pytest.mark.parametrize(
    ("state", "now", "built", "shown"),
    [
        ("live", 150.0, 100.0, "scheduled"),  # the server's build came before
        ("live", 250.0, 100.0, "scheduled"),  # the time passed, not yet built
        ("live", 250.0, 220.0, "live"),  # built since
        ("sent", 150.0, 0.0, "scheduled"),
        ("sent", 250.0, 0.0, "sent"),  # the remote's builds: as any sent story
    ],
)
def test_a_scheduled_story_is_live_once_built_after_its_time(state, now, built, shown):
    record = {"state": state, "updated": 0, "appears": 200.0}
    assert as_shown(record, {"pending": False}, "", now, built)["state"] == shown


@pytest.mark.parametrize(
    ("collection", "message", "what"),
    [
        ("thoi-su", "Trang đã cập nhật: bài đã có trên trang công khai.", "bài"),
        (
            "van-ban",
            "Trang đã cập nhật: văn bản đã có trên trang công khai.",
            "văn bản",
        ),
    ],
)
def test_a_document_s_publish_is_told_of_a_document(collection, message, what):
    record = {"state": "live", "updated": 0, "collection": collection}
    shown = as_shown(record, {"pending": False}, "", 1)
    assert (shown["message"], shown["what"]) == (message, what)


def test_a_scheduled_story_waits_for_a_build_that_began_after_it_and_succeeded(
    newsroom, tmp_path, monkeypatch
):
    outcomes = iter([True, False])

    def building(*_):
        return {"ok": next(outcomes), "at": time.time(), "output": str(tmp_path)}

    monkeypatch.setattr(mainline, "build_site", building)
    good = newsroom.build_site(tmp_path / "site")
    assert good["good_from"] <= good["at"]
    failed = newsroom.build_site(tmp_path / "site")
    # A failed build shows nothing new: the last good one still tells.
    assert failed["good_from"] == good["good_from"]
    assert newsroom.last_build()["good_from"] == good["good_from"]


def test_a_publish_left_half_way_by_a_dead_server_is_not_pending_for_ever():
    record = {"state": "building", "updated": 1000.0}
    assert as_shown(record, {}, "", 1010.0)["pending"] is True
    late = as_shown(record, {}, "", 1000.0 + 3601)
    assert late["pending"] is False
    assert late["state"] == "failed"
    assert late["reason"] == INTERRUPTED


def test_a_damaged_record_is_skipped(newsroom):
    publish(newsroom)
    (newsroom.state / "publications" / "9999-damaged.json").write_text("{tru")
    assert [record["state"] for record in newsroom.publications_now()] == ["sent"]


@pytest.mark.parametrize(
    ("log", "line"),
    [
        (
            "Đang dựng…\nTraceback (most recent call last):\n  File x\n"
            "NotADirectoryError: [Errno 20] Not a directory: '/x/.site.lock'\n",
            "NotADirectoryError: [Errno 20] Not a directory: '/x/.site.lock'",
        ),
        (
            "Đang dựng…\n[12:00] CRITICAL  theme/templates/base.html:3 lỗi mẫu\n"
            "Không dựng được trang; bản cũ vẫn giữ nguyên.\n",
            "[12:00] CRITICAL  theme/templates/base.html:3 lỗi mẫu",
        ),
        (  # the gate's warning and its summary say nothing of why it failed
            "content/a.md:4: cảnh báo: ngày ở xa (date ahead)\n"
            "0 lỗi, 1 cảnh báo (0 errors, 1 warnings)\n"
            "[12:00] CRITICAL  TemplateSyntaxError: base.html\n",
            "[12:00] CRITICAL  TemplateSyntaxError: base.html",
        ),
        (
            "content/a.md:4: cảnh báo: ngày ở xa (date ahead)\n"
            "0 lỗi, 1 cảnh báo (0 errors, 1 warnings)\n"
            + STOPPED.format(output="/srv/site")
            + "\n",
            STOPPED.format(output="/srv/site"),
        ),
        ("một dòng\ndòng cuối\n", "dòng cuối"),
        ("", ""),
    ],
)
def test_the_first_useful_line_of_a_failed_build(log, line):
    assert first_useful_line(log) == line
