"""Which stories a page reads while it renders, and the record kept of them."""

import json

import pytest
from jinja2 import DictLoader, Environment, pass_context

from tests.unit.test_page_memo import story
from tintuc.buildspeed.memo import PageReads
from tintuc.buildspeed.tracking import instrument
from tintuc.shared import reads

MACROS = "{% macro card(s) %}<b>{{ s.title }}</b>{% endmacro %}"


def stories(count: int) -> list:
    made = []
    for number in range(count):
        one = story(title=f"Tin {number}")
        one.source_path = f"/site/tin-{number}.md"
        made.append(one)
    return made


def read_by(source: str, *, functions=None, **context) -> list[str]:
    """The titles of the stories the template ``source`` read, rendered once."""
    environment = Environment(loader=DictLoader({"page": source, "macros": MACROS}))
    environment.filters["titles"] = lambda items: ", ".join(i.title for i in items)
    environment.globals |= functions or {}
    instrument(environment)
    instrument(environment)  # twice changes nothing
    with reads.recording() as read:
        environment.get_template("page").render(context)
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
    ],
)
def test_every_way_a_template_reads_a_story_is_recorded(source):
    a, _ = stories(2)
    functions = {"pick": lambda one: one.title, "keyed": lambda d: d["x"].title}
    picked = read_by(source, a=a, functions=functions)
    assert picked == ["Tin 0"]


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


def test_nothing_is_recorded_between_pages():
    a, b = stories(2)
    reads.read(a)
    reads.note([b])
    with reads.recording() as read:
        assert read == {}
        with reads.recording() as inner:
            reads.read(b)
        assert list(inner.values()) == [b] and read == {}
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
    assert read == {}
    with reads.recording() as read:
        with_documents("<p>Theo [[05/2024/QĐ-UBND]].</p>")
    assert list(read.values()) == [document]


def test_the_record_keeps_what_this_build_s_pages_read(tmp_path):
    folder = tmp_path / "page-reads"
    first = PageReads(folder)
    assert first.get("k1") is None
    first.note("k1", ["/site/a.md", "/site/b.md"])
    first.write_notes()
    first.save()
    second = PageReads(folder)
    assert second.get("k1") == ["/site/a.md", "/site/b.md"]
    second.note("k2", ["/site/b.md"])
    second.write_notes()
    second.save()  # k1 was not rendered nor taken by this build: gone
    third = PageReads(folder)
    assert (third.get("k1"), third.get("k2")) == (None, ["/site/b.md"])
    assert sorted(p.name for p in folder.iterdir()) == ["reads.json"]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b'{"files": ["/a.md"], "pages": {"k1": [0]',
        b"[]",
        b'{"files": "x", "pages": {}}',
        b'{"files": ["/a.md"], "pages": {"k1": [3]}}',
        b'{"files": ["/a.md"], "pages": {"k1": ["0"]}}',
        b'{"files": [7], "pages": {"k1": [0]}}',
        b'{"files": ["/a.md"], "pages": {"k1": 0}}',
    ],
)
def test_a_damaged_record_means_the_page_is_rendered(tmp_path, damage):
    folder = tmp_path / "page-reads"
    folder.mkdir()
    (folder / PageReads.FILE).write_bytes(damage)
    assert PageReads(folder).get("k1") is None


def test_a_worker_s_half_note_is_dropped(tmp_path):
    folder = tmp_path / "page-reads"
    folder.mkdir()
    (folder / ".noted.1").write_text('{"k1": ["/a.md"', encoding="utf-8")
    (folder / ".noted.2").write_text(json.dumps({"k2": ["/b.md"]}), encoding="utf-8")
    PageReads(folder).save()
    kept = PageReads(folder)
    assert (kept.get("k1"), kept.get("k2")) == (None, ["/b.md"])
