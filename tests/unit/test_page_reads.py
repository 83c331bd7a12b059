"""Which stories a page reads while it renders, and the record kept of them."""

import contextlib
import json
import os

import pytest
from jinja2 import DictLoader, Environment, pass_context

from tests.conftest import REPO
from tests.unit.test_page_memo import story
from tintuc.buildspeed.memo import PageRead, PageReads
from tintuc.buildspeed.tracking import instrument
from tintuc.directory.directory import add_entry_url_filter
from tintuc.directory.model import load_directory
from tintuc.directory.settings import DEFAULTS as DIRECTORY_DEFAULTS
from tintuc.documents.jsonld import document_json_ld_filter
from tintuc.shared import reads

MACROS = (
    "{% macro card(s) %}<b>{{ s.title }}</b>{% endmacro %}"
    "{% macro site() %}{{ SITENAME }}{% endmacro %}"
)
TEMPLATES = {"macros": MACROS, "footer": "{{ SITE_OWNER }}"}


def stories(count: int) -> list:
    made = []
    for number in range(count):
        one = story(title=f"Tin {number}")
        one.source_path = f"/site/tin-{number}.md"
        made.append(one)
    return made


def render_read(source: str, *, functions=None, **context) -> reads.Read:
    """What the template ``source`` read, rendered once."""
    environment = Environment(loader=DictLoader({"page": source, **TEMPLATES}))
    environment.filters["titles"] = lambda items: ", ".join(i.title for i in items)
    environment.globals |= functions or {}
    instrument(environment)
    instrument(environment)  # twice changes nothing
    with reads.recording() as read:
        environment.get_template("page").render(context)
    return read


class Shelf:
    """An object of the context whose method reads the stories it holds."""

    def __init__(self, stories):
        self.stories = stories

    def first_title(self) -> str:
        return self.stories[0].title


def read_by(source: str, *, functions=None, **context) -> list[str]:
    """The titles of the stories the template ``source`` read, rendered once."""
    read = render_read(source, functions=functions, **context).contents
    if reads.UNKNOWN in read:
        return ["?"]
    return sorted(content.title for content in read.values())


@pytest.mark.parametrize(
    "source",
    [
        "{{ a.title }}",
        "{{ a['title'] }}",
        "{{ a|attr('title') }}",
        "{{ [a]|map(attribute='title')|join }}",
        "{{ [a]|sort(attribute='date')|length }}",
        "{{ [a]|selectattr('title')|list|length }}",
        "{% set b = a %}{{ b.url }}",
        "{% from 'macros' import card %}{{ card(a) }}",
        "{{ [a]|titles }}",
        "{{ ({'x': a}).values()|titles }}",
        "{{ pick(({'x': a})['x']) }}",
        "{{ keyed({'x': a}) }}",
        "{{ pick(a) }}",
        "{{ pick(one=a) }}",
        "{{ shelf.first_title() }}",
    ],
)
def test_every_way_a_template_reads_a_story_is_recorded(source):
    a, _ = stories(2)
    functions = {"pick": lambda one: one.title, "keyed": lambda d: d["x"].title}
    picked = read_by(source, a=a, shelf=Shelf([a]), functions=functions)
    assert picked == ["Tin 0"]


def test_the_fields_read_are_recorded_and_a_story_handed_to_python_is_read_whole():
    a, b = stories(2)
    source = "{{ a.title }}{{ a['date'] }}{{ a[0] }}{{ [b]|titles }}{{ b.url }}"
    read = render_read(source, a=a, b=b)
    assert read.fields == {id(a): {"title", "date", "*"}, id(b): {"*", "url"}}


def test_a_story_a_page_only_counts_or_passes_by_is_not_read():
    """Lists are keyed by the files in them: a page that reads no field of a
    story is not made again when that story's title changes."""
    everything = stories(3)
    source = "{{ items|length }} {{ items[0].title }}{% for s in items %}{% endfor %}"
    assert read_by(source, items=everything) == ["Tin 0"]


def test_a_function_given_the_context_or_an_iterator_keeps_its_page_out():
    a, _ = stories(2)

    @pass_context
    def anything(context):
        return context["a"].title

    assert read_by("{{ anything() }}", a=a, functions={"anything": anything}) == ["?"]
    assert read_by("{{ f(xs) }}", xs=iter([a]), functions={"f": list}) == ["?"]


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("{{ SITENAME }}", {"SITENAME"}),
        ("{% if MISSING is defined %}{% endif %}", {"MISSING"}),
        ("{% include 'footer' %}", {"SITE_OWNER"}),
        ("{% from 'macros' import site with context %}{{ site() }}", {"SITENAME"}),
        ("{% for x in [1] %}{{ x }}{% endfor %}", set()),
    ],
)
def test_every_name_a_page_reads_of_its_context_is_recorded(source, names):
    read = render_read(source, SITENAME="Định Hóa", SITE_OWNER="UBND")
    assert read.names == names


def test_nothing_is_recorded_between_pages():
    a, b = stories(2)
    reads.read(a, "title")
    reads.note([b])
    reads.resolved("SITENAME")
    with reads.recording() as read:
        assert read == reads.Read()
        with reads.recording() as inner:
            reads.read(b, "title")
            reads.resolved("SITEURL")
        assert list(inner.contents.values()) == [b] and inner.names == {"SITEURL"}
        assert inner.fields == {id(b): {"title"}}
        assert read == reads.Read()
    assert not reads.active()


def test_python_that_reads_stories_it_was_not_handed_says_so():
    """The citation links read every document: the page is keyed by them."""
    document = stories(1)[0]

    class Generator:
        context = {"DOCUMENTS_BY_NUMBER": {"05/2024/QĐ-UBND": document}}
        settings = {"SITEURL": ""}
        env = Environment()

    from tintuc.documents.documents import add_citations_filter

    add_citations_filter(Generator)
    with_documents = Generator.env.filters["with_documents"]
    with reads.recording() as read:
        with_documents("<p>Không trích dẫn văn bản nào.</p>")
    assert read.contents == {}
    with reads.recording() as read:
        with_documents("<p>Theo [[05/2024/QĐ-UBND]].</p>")
    assert list(read.contents.values()) == [document]
    assert read.names == {"DOCUMENTS_BY_NUMBER"}  # which numbers there are


def test_a_document_s_json_ld_reads_the_documents_it_replaces_and_cites():
    document, old, cited = stories(3)
    document.replaces, document.cites = [old], [cited]
    render = document_json_ld_filter({"SITEURL": ""})
    # Not a whole document: it reads its citations first, then fails.
    with reads.recording() as read, contextlib.suppress(AttributeError):
        render(document)
    assert {id(old), id(cited)} <= set(read.contents)


def test_a_commune_s_link_reads_the_directory_it_follows_merges_in():
    class Generator:
        settings = DIRECTORY_DEFAULTS
        context = {
            "NEWSROOM": load_directory(REPO / "tests" / "fixtures" / "sample" / "data")
        }
        env = Environment()

    add_entry_url_filter(Generator)
    commune = Generator.context["NEWSROOM"]["commune"].active()[0]
    with reads.recording() as read:
        url = Generator.env.filters["entry_url"](commune)
    assert url == f"xa/{commune.slug}/" and read.names == {"NEWSROOM"}


def test_the_record_keeps_what_this_build_s_pages_read(tmp_path):
    folder = tmp_path / "page-reads"
    first = PageReads(folder)
    assert first.get("k1") is None
    k1 = PageRead(["SITENAME", "articles"], [("/a.md", ["title"]), ("/b.md", ["*"])])
    first.note("k1", k1)
    first.note("k3", PageRead(["SITENAME", "articles"], []))
    first.write()
    first.keep({os.getpid()})
    second = PageReads(folder)
    assert (second.get("k1"), second.get("k3")) == (k1, PageRead(k1.names, []))
    k2 = PageRead(["SITENAME"], [("/b.md", ["date", "title"])])
    second.note("k2", k2)
    second.write()
    second.keep({os.getpid()})  # k1 was neither rendered nor taken: gone
    third = PageReads(folder)
    assert (third.get("k1"), third.get("k2")) == (None, k2)
    assert [p.name for p in folder.iterdir()] == [f"reads.{os.getpid()}.json"]


def test_each_worker_s_record_is_read_and_others_are_dropped(tmp_path):
    folder = tmp_path / "page-reads"
    folder.mkdir()
    for pid, key in ((101, "k1"), (102, "k2"), (103, "k3")):
        record = GOOD | {"pages": {key: "0;0:0"}}
        (folder / f"reads.{pid}.json").write_text(json.dumps(record), "utf-8")
    record = PageReads(folder)
    assert all(record.get(key) == READ for key in ("k1", "k2", "k3"))
    record.keep({101, 103})  # 102 was not one of this build's workers
    assert sorted(p.name for p in folder.iterdir()) == [
        "reads.101.json",
        "reads.103.json",
    ]


def test_a_record_half_written_by_a_killed_worker_is_dropped(tmp_path):
    folder = tmp_path / "page-reads"
    folder.mkdir()
    (folder / ".reads.102.json.102.tmp").write_text('{"namesets": [', "utf-8")
    record = PageReads(folder)
    record.note("k1", READ)
    record.write()
    record.keep({os.getpid()})
    assert [p.name for p in folder.iterdir()] == [f"reads.{os.getpid()}.json"]


GOOD = {
    "namesets": [["A"]],
    "fieldsets": [["title"]],
    "files": ["/a.md"],
    "pages": {"k1": "0;0:0"},
}
READ = PageRead(["A"], [("/a.md", ["title"])])


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        json.dumps(GOOD).encode()[:-3],
        b"[]",
        json.dumps(GOOD | {"files": "x"}).encode(),
        json.dumps(GOOD | {"files": [7]}).encode(),
        json.dumps(GOOD | {"fieldsets": [[7]]}).encode(),
        json.dumps(GOOD | {"fieldsets": ["title"]}).encode(),
        json.dumps(GOOD | {"namesets": [[None]]}).encode(),
        json.dumps(GOOD | {"namesets": {"0": ["A"]}}).encode(),
        json.dumps({k: v for k, v in GOOD.items() if k != "files"}).encode(),
        json.dumps(GOOD | {"pages": []}).encode(),
        json.dumps(GOOD | {"pages": {"k1": "3;0:0"}}).encode(),
        json.dumps(GOOD | {"pages": {"k1": "0;1:0"}}).encode(),
        json.dumps(GOOD | {"pages": {"k1": "0;0:4"}}).encode(),
        json.dumps(GOOD | {"pages": {"k1": "0;-1:0"}}).encode(),
        json.dumps(GOOD | {"pages": {"k1": "0;0:0:0"}}).encode(),
        json.dumps(GOOD | {"pages": {"k1": "0;0"}}).encode(),
        json.dumps(GOOD | {"pages": {"k1": "x;0:0"}}).encode(),
        json.dumps(GOOD | {"pages": {"k1": "0;٣:0"}}).encode(),
        json.dumps(GOOD | {"pages": {"k1": 0}}).encode(),
        json.dumps(GOOD | {"pages": {"k1": ["0;0:0"]}}).encode(),
    ],
)
def test_a_damaged_record_means_the_page_is_rendered(tmp_path, damage):
    folder = tmp_path / "page-reads"
    folder.mkdir()
    (folder / "reads.1.json").write_bytes(json.dumps(GOOD).encode())
    assert PageReads(folder).get("k1") == READ
    (folder / "reads.1.json").write_bytes(damage)
    assert PageReads(folder).get("k1") is None
