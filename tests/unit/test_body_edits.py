"""What decides that a build may apply body-only edits (``build.body_edits``)."""

import datetime

import pytest

from tintuc.build.body_edits import (
    BODY_OPEN,
    body_stands_alone,
    edited_bodies,
    header_digest,
    story_headers,
    with_body,
)
from tintuc.build.fingerprint import input_fingerprint
from tintuc.vn_text.dates import VIETNAM_TIME

NOW = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=VIETNAM_TIME)
HEADER = "Title: Tin\nDate: 2026-11-27 08:30\nSummary: Tóm tắt.\n"


def test_the_header_is_every_line_up_to_the_first_blank_one():
    one = header_digest(f"{HEADER}\nThân bài.\n".encode())
    assert one == header_digest(f"{HEADER}\nThân bài khác.\n\nĐoạn hai.\n".encode())
    windows = f"{HEADER}\nThân bài.\n".replace("\n", "\r\n").encode()
    assert header_digest(windows) is not None
    assert header_digest(windows) == header_digest(windows + "Thêm.\r\n".encode())
    assert one != header_digest(f"{HEADER}Tags: chè\n\nThân bài.\n".encode())
    assert header_digest(HEADER.encode()) is None  # no blank line: no header known


@pytest.mark.parametrize(
    ("old", "new", "alone"),
    [
        ("<p>Chè.</p>", "<p>Chè <em>búp</em>.</p>", True),
        ("<p>Chè.</p>", '<p><img src="/anh/che.jpg" alt=""></p>', False),
        ('<p><picture><img src="a.jpg"></picture></p>', "<p>Chè.</p>", False),
        ("<p>Chè.</p>", "<p>Theo [[227/KH-UBND]].</p>", False),
        ("<p>Chè.</p>", '<p><a href="{filename}/tin.md">tin</a></p>', False),
        ("<p>Chè.</p>", '<p><a href="/chuyen-muc/kinh-te/">mục</a></p>', True),
    ],
)
def test_a_body_bound_to_the_rest_of_the_site_does_not_stand_alone(old, new, alone):
    assert body_stands_alone(old, new) is alone


def test_the_new_body_takes_the_old_one_s_place_only_where_it_stands_once():
    page = f"<main>{BODY_OPEN}<p>Cũ.</p></div><p>Cũ.</p></main>".encode()
    assert with_body(page, "<p>Cũ.</p>", "<p>Mới.</p>") == (
        f"<main>{BODY_OPEN}<p>Mới.</p></div><p>Cũ.</p></main>".encode()
    )
    assert with_body(page, "<p>Khác.</p>", "<p>Mới.</p>") is None
    twice = page + f"{BODY_OPEN}<p>Cũ.</p></div>".encode()
    assert with_body(twice, "<p>Cũ.</p>", "<p>Mới.</p>") is None


class Inputs:
    """A content folder and a file beside it, fingerprinted as the wrapper does."""

    def __init__(self, root):
        self.content = root / "content"
        self.content.mkdir()
        self.story = self.content / "tin.md"
        self.story.write_text(f"{HEADER}\nThân bài.\n", encoding="utf-8")
        self.data = self.content / "data.toml"
        self.data.write_text('name = "Xã"\n', encoding="utf-8")
        self.settings = root / "conf.py"
        self.settings.write_text("A = 1\n", encoding="utf-8")

    def state(self, options=("a",), now=NOW) -> dict:
        """What the state of a build of these inputs keeps for the next."""
        found = {}
        inputs = input_fingerprint(self.roots(), list(options), now, found=found)
        files = found["files"]
        return {
            "inputs": inputs,
            "files": files,
            "headers": story_headers(files, str(self.content), None),
        }

    def found(self, options=("a",), now=NOW) -> dict:
        found = {}
        input_fingerprint(self.roots(), list(options), now, found=found)
        return found

    def roots(self):
        return [self.settings, self.content]


def test_a_body_edit_is_found(tmp_path):
    inputs = Inputs(tmp_path)
    state = inputs.state()
    inputs.story.write_text(f"{HEADER}\nThân bài sửa.\n", encoding="utf-8")
    found = inputs.found()
    assert edited_bodies(state, found, ["a"], str(inputs.content)) == [
        str(inputs.story)
    ]


@pytest.mark.parametrize(
    "change",
    [
        "header",
        "data",
        "settings",
        "options",
        "clock",
        "new-file",
        "nothing",
        "no-record",
    ],
)
def test_anything_else_changed_is_no_body_edit(tmp_path, change):
    inputs = Inputs(tmp_path)
    state = inputs.state()
    options, now = ["a"], NOW
    inputs.story.write_text(f"{HEADER}\nThân bài sửa.\n", encoding="utf-8")
    if change == "header":
        inputs.story.write_text(
            HEADER.replace("Tin", "Tin mới") + "\nThân bài sửa.\n", encoding="utf-8"
        )
    elif change == "data":
        inputs.data.write_text('name = "Xã mới"\n', encoding="utf-8")
    elif change == "settings":
        inputs.settings.write_text("A = 2\n", encoding="utf-8")
    elif change == "options":
        options = ["b"]
    elif change == "clock":
        now = NOW + datetime.timedelta(days=3)  # the story leaves the news window
    elif change == "new-file":
        (inputs.content / "tin-2.md").write_text(f"{HEADER}\nKhác.\n", "utf-8")
    elif change == "nothing":
        inputs.story.write_text(f"{HEADER}\nThân bài.\n", encoding="utf-8")
    elif change == "no-record":
        del state["headers"]
    found = inputs.found(options, now)
    assert edited_bodies(state, found, options, str(inputs.content)) is None


def test_headers_are_read_only_for_files_that_changed(tmp_path):
    inputs = Inputs(tmp_path)
    state = inputs.state()
    state["headers"][str(inputs.story)] = "kept"
    found = inputs.found()
    assert story_headers(found["files"], str(inputs.content), state) == {
        str(inputs.story): "kept"
    }
    inputs.story.write_text(f"{HEADER}\nThân bài sửa.\n", encoding="utf-8")
    found = inputs.found()
    assert story_headers(found["files"], str(inputs.content), state) == {
        str(inputs.story): header_digest(inputs.story.read_bytes())
    }
