"""What decides that a build may apply body-only edits (``build.body_edits``)."""

import datetime

import pytest
from jinja2 import Environment, nodes

from tests.conftest import REPO
from tests.unit.test_page_memo import reads_a_body
from tintuc.build.body_edits import (
    BODY_CLOSE,
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


def test_the_header_is_the_fields_as_the_reader_splits_them():
    one = header_digest(f"{HEADER}\nThân bài.\n".encode())
    assert one == header_digest(f"{HEADER}\nThân bài khác.\n\nĐoạn hai.\n".encode())
    # A blank line holding spaces, a tab, Windows or old Mac line ends.
    assert one == header_digest(f"{HEADER} \t\nThân bài.\n".encode())
    assert one == header_digest(f"{HEADER}\nThân.\n".replace("\n", "\r\n").encode())
    assert one == header_digest(f"{HEADER}\nThân.\n".replace("\n", "\r").encode())
    assert one == header_digest(HEADER.encode())  # no body at all
    # Any field changed, added or repeated changes it.
    assert one != header_digest(HEADER.replace("Tin", "Tin mới").encode())
    assert one != header_digest(f"{HEADER}Tags: chè\n\nThân bài.\n".encode())
    assert one != header_digest(f"{HEADER}Title: Tin\n\nThân bài.\n".encode())
    # No header, or not UTF-8: none known.
    assert header_digest("Thân bài.\n".encode()) is None
    assert header_digest(b"Title: Tin\xff\n\nTh\xe2n b\xe0i.\n") is None


def test_a_body_line_that_looks_like_a_field_is_not_the_header():
    with_blank = header_digest(f"{HEADER}\nStatus: draft\n".encode())
    assert with_blank == header_digest(f"{HEADER}\nStatus: published\n".encode())
    # Without the blank line it is a field: the header changed.
    assert header_digest(f"{HEADER}Status: draft\n".encode()) != header_digest(
        f"{HEADER}Status: published\n".encode()
    )


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
    assert edited_bodies(state, found, ["a"], str(inputs.content)) == {
        str(inputs.story): inputs.story.read_bytes()
    }


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


def own_body_reads(tree, own: str) -> tuple[list[bool], int]:
    """Each read of the page's own story's body in ``{{ … }}``: whether it
    stands alone in the body's element, as ``with_body`` finds it; and the
    number of reads anywhere."""
    reads = []
    for output in tree.find_all(nodes.Output):
        items = output.nodes
        for index, item in enumerate(items):
            for node in [item, *item.find_all(nodes.Node)]:
                if reads_own_body(node, own):
                    before = items[index - 1] if index else None
                    after = items[index + 1] if index + 1 < len(items) else None
                    reads.append(
                        isinstance(before, nodes.TemplateData)
                        and before.data.endswith(BODY_OPEN)
                        and isinstance(after, nodes.TemplateData)
                        and after.data.startswith(BODY_CLOSE)
                    )
    everywhere = sum(reads_own_body(node, own) for node in tree.find_all(nodes.Node))
    return reads, everywhere


def reads_own_body(node, own: str) -> bool:
    target = reads_a_body(node)
    return isinstance(target, nodes.Name) and target.name == own


def parsed(source: str):
    return Environment(extensions=["jinja2.ext.do"]).parse(source)


@pytest.mark.parametrize(("template", "own"), [("article.html", "article")])
def test_a_story_s_page_shows_its_body_once_in_its_element(template, own):
    """What ``with_body`` replaces is all the page makes of the body.

    Other templates cannot read it at all (``test_page_memo``).
    """
    source = (REPO / "theme" / "templates" / template).read_text(encoding="utf-8")
    assert own_body_reads(parsed(source), own) == ([True], 1)


@pytest.mark.parametrize(
    "source",
    [
        '<div class="dh-article__body">{{ article.content }}</div>'
        "{{ article.content|striptags|wordcount }}",
        '<div class="dh-article__body">{{ article.content }} </div>',
        "{% set words = article.content|wordcount %}"
        '<div class="dh-article__body">{{ article.content }}</div>',
    ],
)
def test_a_template_reading_the_body_elsewhere_is_found(source):
    assert own_body_reads(parsed(source), "article") != ([True], 1)
