import datetime
import os
import time

from tintuc.build import fingerprint
from tintuc.build.fingerprint import input_fingerprint
from tintuc.vn_text.dates import VIETNAM_TIME

NOW = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=VIETNAM_TIME)


def site(tmp_path, date="2026-11-27 08:30"):
    story = tmp_path / "content" / "tin.md"
    story.parent.mkdir(parents=True, exist_ok=True)
    story.write_text(f"Title: Tin\nDate: {date}\n\nThân bài.\n", encoding="utf-8")
    return [tmp_path / "content"]


def test_same_inputs_same_fingerprint(tmp_path):
    roots = site(tmp_path)
    assert input_fingerprint(roots, ["a"], NOW) == input_fingerprint(roots, ["a"], NOW)
    assert input_fingerprint(roots, ["a"], NOW) != input_fingerprint(roots, ["b"], NOW)


def test_any_edit_changes_the_fingerprint(tmp_path):
    roots = site(tmp_path)
    before = input_fingerprint(roots, [], NOW)
    (tmp_path / "content" / "tin.md").write_text(
        "Title: Tin\n\nSửa.\n", encoding="utf-8"
    )
    assert input_fingerprint(roots, [], NOW) != before


def test_a_scheduled_story_reaching_its_time_changes_the_fingerprint(tmp_path):
    roots = site(tmp_path, date="2026-11-27 10:00")
    early = input_fingerprint(roots, [], NOW)
    assert input_fingerprint(roots, [], NOW + datetime.timedelta(minutes=30)) == early
    assert input_fingerprint(roots, [], NOW + datetime.timedelta(hours=2)) != early


def test_leaving_the_news_window_changes_the_fingerprint(tmp_path):
    roots = site(tmp_path)
    fresh = input_fingerprint(roots, [], NOW)
    assert input_fingerprint(roots, [], NOW + datetime.timedelta(days=1)) == fresh
    assert input_fingerprint(roots, [], NOW + datetime.timedelta(days=3)) != fresh


def test_the_news_window_is_the_site_s_setting(tmp_path):
    roots = site(tmp_path)
    fresh = input_fingerprint(roots, [], NOW, news_days=5)
    later = NOW + datetime.timedelta(days=3)
    assert input_fingerprint(roots, [], later, news_days=5) == fresh
    assert input_fingerprint(roots, [], later + datetime.timedelta(days=3), 5) != fresh


def document_at(tmp_path, field, day):
    document = tmp_path / "18-tb-ubnd.md"
    document.write_text(
        f"Title: Lịch\nNumber: 18/TB-UBND\n{field}: {day}/11/2026\n\nNội dung.\n"
    )

    def at(day):
        moment = datetime.datetime(2026, 11, day, 12, tzinfo=datetime.UTC)
        return input_fingerprint([tmp_path], [], moment)

    return at


def test_the_day_a_document_expires_changes_the_fingerprint(tmp_path):
    at = document_at(tmp_path, "Expires", 30)
    assert at(28) == at(29)
    assert at(29) != at(30)


def test_the_day_a_document_comes_into_force_changes_the_fingerprint(tmp_path):
    at = document_at(tmp_path, "In_force", 30)
    assert at(28) == at(29)
    assert at(29) != at(30)


def test_the_day_after_an_approver_s_until_changes_the_fingerprint(tmp_path):
    (tmp_path / "approvers.toml").write_text(
        '[[approver]]\nname = "A"\nunits = ["*"]\nuntil = 2026-11-29\n'
    )

    def at(day):
        moment = datetime.datetime(2026, 11, day, 12, tzinfo=VIETNAM_TIME)
        return input_fingerprint([tmp_path], [], moment)

    assert at(28) == at(29)
    assert at(29) != at(30)


def test_dates_kept_from_an_earlier_run_give_the_same_fingerprint(tmp_path):
    roots = site(tmp_path, date="2026-11-27 08:30")
    known = {}
    first = input_fingerprint(roots, [], NOW, known_dates=known)
    assert first == input_fingerprint(roots, [], NOW)
    assert len(known) == 1
    # A new date is read anew, never taken from the kept ones.
    site(tmp_path, date="2026-11-28 08:30")
    later = NOW + datetime.timedelta(days=1, hours=2)
    edited = input_fingerprint(roots, [], later, known_dates=known)
    assert edited == input_fingerprint(roots, [], later)
    assert [dates.date for dates in known.values()] == [
        datetime.datetime(2026, 11, 28, 8, 30, tzinfo=VIETNAM_TIME)
    ]
    (tmp_path / "content" / "tin.md").unlink()
    input_fingerprint(roots, [], NOW, known_dates=known)
    assert known == {}


def test_a_file_left_untouched_is_not_read_again(tmp_path, monkeypatch):
    monkeypatch.setattr(fingerprint, "SETTLED_NS", 0)  # no wait for settled files
    roots = site(tmp_path)
    story = tmp_path / "content" / "tin.md"
    hashes, dates = {}, {}
    first = input_fingerprint(roots, [], NOW, known_dates=dates, known_hashes=hashes)
    assert list(hashes) == [str(story)]

    def unread(path):
        raise AssertionError(f"{path} read again")

    with monkeypatch.context() as patched:
        patched.setattr(fingerprint.Path, "read_bytes", unread)
        again = input_fingerprint(
            roots, [], NOW, known_dates=dates, known_hashes=hashes
        )
    assert again == first
    # The same size and modification time, other bytes: its change time tells.
    moment = story.stat().st_mtime_ns
    time.sleep(0.05)
    story.write_text(story.read_text("utf-8").replace("Thân", "Phần"), "utf-8")
    os.utime(story, ns=(moment, moment))
    edited = input_fingerprint(roots, [], NOW, known_dates=dates, known_hashes=hashes)
    assert edited != first
    assert edited == input_fingerprint(roots, [], NOW)


def test_a_file_changed_just_before_is_hashed_again_next_time(tmp_path):
    """A write in the same clock tick would leave its times as they were."""
    roots = site(tmp_path)
    hashes = {}
    input_fingerprint(roots, [], NOW, known_hashes=hashes)
    assert hashes == {}


def test_kept_hashes_of_another_shape_are_not_used(tmp_path):
    roots = site(tmp_path)
    story = str(tmp_path / "content" / "tin.md")
    fresh = input_fingerprint(roots, [], NOW)
    for kept in ("x", (1, 2, 3), [1, 2], None):
        assert input_fingerprint(roots, [], NOW, known_hashes={story: kept}) == fresh
