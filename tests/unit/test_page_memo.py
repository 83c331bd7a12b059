"""The digests that decide whether a rendered page can be reused."""

import copy
import datetime
import inspect
import json
import os
import subprocess
import sys

import pytest
from jinja2 import Environment, nodes
from markupsafe import Markup
from pelican.contents import Article, Content
from pelican.paginator import Page as PaginatedPage
from pelican.paginator import PaginationRule, Paginator
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag

from tests.conftest import REPO
from tintuc.buildspeed.buildspeed import MemberList
from tintuc.buildspeed.memo import PROPERTIES, Fingerprints, PageCache, Uncacheable
from tintuc.buildspeed.writer import ParallelWriter
from tintuc.shared.reads import WHOLE

BODY_NAMES = {"content", "get_content"}
# The page templates and the name their own story has there.
OWN_STORY = {
    "article.html": "article",
    "page.html": "page",
    "document.html": "document",
}
SCOPES = (nodes.Macro, nodes.CallBlock, nodes.For, nodes.With)


def reads_a_body(node) -> nodes.Node | None:
    """The object whose body ``node`` reads, or None if it reads none."""
    if isinstance(node, nodes.Getattr) and node.attr in BODY_NAMES:
        return node.node
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return node.node if node.arg.value in BODY_NAMES else None
    if isinstance(node, nodes.Filter) and node.name == "attr" and node.args:
        first = node.args[0]
        if isinstance(first, nodes.Const) and first.value in BODY_NAMES:
            return node.node
    return None


def names_in(target) -> set[str]:
    """The names an assignment target binds (a Name, or a tuple of them)."""
    found = [target, *target.find_all(nodes.Name)]
    return {n.name for n in found if isinstance(n, nodes.Name)}


def rebinds(node, name: str) -> bool:
    """True when ``node`` opens a scope in which ``name`` may mean another value."""
    if isinstance(node, (nodes.Macro, nodes.CallBlock)):
        return True  # parameters and caller: anything may come in
    targets = []
    if isinstance(node, nodes.For):
        targets = [node.target]
    elif isinstance(node, nodes.With):
        targets = node.targets
    return any(name in names_in(target) for target in targets)


def body_reads(template_name: str, tree) -> list[int]:
    """Lines where a body other than the page's own story's can be reached.

    Allowed: ``article.content`` in article.html (``page.content`` in
    page.html), outside any macro, loop or ``with`` that could rebind the name,
    and where no ``set`` rebinds it. Everything else is refused: a macro's
    parameter, a loop variable and an included partial may hold any story.
    """
    own = OWN_STORY.get(template_name)
    if own and any(own in names_in(a.target) for a in tree.find_all(nodes.Assign)):
        own = None  # {% set article = … %}: no longer the page's own
    lines = []

    def visit(node, own_here):
        target = reads_a_body(node)
        if target is not None and not (
            own_here and isinstance(target, nodes.Name) and target.name == own_here
        ):
            lines.append(node.lineno)
        if own_here and isinstance(node, SCOPES) and rebinds(node, own_here):
            own_here = None
        for child in node.iter_child_nodes():
            visit(child, own_here)

    visit(tree, own)
    return lines


def theme_body_reads(root) -> list[str]:
    environment = Environment(extensions=["jinja2.ext.do"])
    offenders = []
    for template in sorted(root.rglob("*.html")):
        tree = environment.parse(template.read_text(encoding="utf-8"))
        name = template.relative_to(root).as_posix()
        offenders += [f"{name}:{line}" for line in body_reads(name, tree)]
    return offenders


def test_templates_show_a_body_only_for_the_page_s_own_story():
    """The memo keys listings without bodies: no template may show another's."""
    assert theme_body_reads(REPO / "theme" / "templates") == []


@pytest.mark.parametrize(
    ("name", "source"),
    [
        # A card macro whose parameter happens to be called article.
        (
            "macros/cards.html",
            "{% macro card(article) %}{{ article.content }}{% endmacro %}",
        ),
        (
            "index.html",
            "{% for article in articles %}{{ article.content }}{% endfor %}",
        ),
        ("index.html", "{% for a in articles %}{{ a|attr('content') }}{% endfor %}"),
        ("partials/lead.html", "{{ article.content }}"),
        (
            "article.html",
            "{% for article in related %}{{ article['content'] }}{% endfor %}",
        ),
        ("article.html", "{% set article = articles[0] %}{{ article.content }}"),
        (
            "article.html",
            "{% with article = articles[0] %}{{ article.get_content('') }}{% endwith %}",
        ),
        ("article.html", "{% macro x(article) %}{{ article.content }}{% endmacro %}"),
    ],
)
def test_a_body_reached_through_another_name_is_refused(name, source):
    tree = Environment(extensions=["jinja2.ext.do"]).parse(source)
    assert body_reads(name, tree) == [1]


def test_the_page_s_own_story_may_show_its_body():
    environment = Environment(extensions=["jinja2.ext.do"])
    source = "{{ article.content|with_photos(article) }}{% for a in related %}{{ a.title }}{% endfor %}"
    assert body_reads("article.html", environment.parse(source)) == []


def settings():
    return copy.deepcopy(DEFAULT_CONFIG)


def story(body="<p>Thân bài.</p>", settings_=None, context=None, **metadata):
    metadata = {
        "title": "Ngày hội",
        "date": datetime.datetime(2026, 11, 26, 8, 0),
        "summary": "Tóm tắt.",
        **metadata,
    }
    if metadata["summary"] is None:
        del metadata["summary"]
    return Article(
        body,
        metadata,
        settings_ or settings(),
        source_path="/site/ngay-hoi.md",
        context={} if context is None else context,
    )


def site_and_page(article):
    """The digests of a one-story site, of that story's page, and of its card.

    The card counts in the key of every page that read the story.
    """
    article._context["articles"] = [article]
    fingerprints = Fingerprints(article.settings)
    site = fingerprints.site([article._context])
    page = fingerprints.names(article._context, {"article": article}, ["article"])
    return site, page, fingerprints.fields([(article.source_path, [WHOLE])])


def test_plain_values_of_different_kinds_differ():
    fingerprints = Fingerprints({})
    values = [1, "1", 1.0, True, None, b"1", [1], (1,), {1}, {"1": 1}]
    digests = [fingerprints.value(value) for value in values]
    assert len(set(digests[:6])) == 6
    assert fingerprints.value([1, 2]) != fingerprints.value([2, 1])
    # Markup is shown as it is, a str escaped: they must not share a key.
    assert fingerprints.value(Markup("<b>")) != fingerprints.value("<b>")


def test_dicts_and_sets_do_not_depend_on_order():
    fingerprints = Fingerprints({})
    assert fingerprints.value({"a": 1, "b": 2}) == fingerprints.value({"b": 2, "a": 1})
    assert fingerprints.value({"x", "y", "z"}) == fingerprints.value({"z", "y", "x"})
    assert fingerprints.value({"a": 1}) != fingerprints.value({"a": 2})


def test_a_value_of_an_unknown_kind_is_not_cached():
    class Slotted:
        __slots__ = ("value",)

    with pytest.raises(Uncacheable):
        Fingerprints({}).value([Slotted()])


def test_a_value_that_contains_itself_is_not_cached():
    loop = []
    loop.append(loop)
    with pytest.raises(Uncacheable):
        Fingerprints({}).value(loop)


def test_a_body_edit_changes_the_story_s_page_but_not_the_site_nor_its_card():
    first_site, first_page, first_card = site_and_page(story())
    second = site_and_page(story(body="<p>Thân bài, sửa.</p>"))
    assert (first_site, first_card) == (second[0], second[2])
    assert first_page != second[1]


def test_a_title_edit_changes_the_story_s_card_not_the_site():
    """So only the pages that read the story are rendered again."""
    first_site, first_page, first_card = site_and_page(story())
    second = site_and_page(story(title="Ngày hội lớn"))
    assert first_site == second[0]
    assert first_card != second[2]
    assert first_page != second[1]  # its own page shows it


def test_without_a_summary_field_a_body_edit_changes_the_card():
    _, _, first_card = site_and_page(story(summary=None))
    _, _, second_card = site_and_page(story(body="<p>Khác hẳn.</p>", summary=None))
    assert first_card != second_card


def test_a_page_is_keyed_by_the_values_of_the_names_it_read():
    """Pelican hands a tag's page every story (``all_articles``), which it does
    not show: a new story elsewhere must not make it again."""
    first, second = story(), story(title="Khác")
    second.source_path = "/site/khac.md"

    def names_of(context: dict, own: dict, names: list[str]) -> bytes:
        fingerprints = Fingerprints(first.settings)
        fingerprints.site([context])
        return fingerprints.names(context, own, names)

    before = {"SITENAME": "Định Hóa", "all_articles": [first]}
    after = before | {"all_articles": [first, second]}
    read = ["SITENAME", "article", "tags"]
    own = {"article": first}
    assert names_of(before, own, read) == names_of(after, own, read)
    assert names_of(before, own, [*read, "all_articles"]) != names_of(
        after, own, [*read, "all_articles"]
    )
    # A name read that the context lacks differs from one it holds.
    assert names_of(before, own, read) != names_of(before | {"tags": []}, own, read)
    # The page's own values count, its story's title among them.
    assert names_of(after, own, read) != names_of(after, {"article": second}, read)


def fields_of(article, *fields) -> bytes:
    """The digest of ``fields`` of a one-story site's story, as a page read them."""
    article._context["articles"] = [article]
    fingerprints = Fingerprints(article.settings)
    fingerprints.site([article._context])
    return fingerprints.fields([(article.source_path, sorted(fields))])


@pytest.mark.parametrize(
    ("edit", "changed", "kept"),
    [
        ({"title": "Ngày hội lớn"}, ["title"], ["date", "summary", "nope"]),
        ({"body": "<p>Sửa.</p>"}, ["content", "get_content"], ["title", WHOLE]),
        ({"summary": "Khác."}, ["summary", WHOLE], ["title", "content"]),
    ],
)
def test_a_page_is_keyed_by_the_fields_it_read_of_a_story(edit, changed, kept):
    """A listing that shows titles is not made again when a story's related
    stories change; a page that read the body (or a method, which may) is."""
    for field in changed:
        assert fields_of(story(), field) != fields_of(story(**edit), field), field
    for field in kept:
        assert fields_of(story(), field) == fields_of(story(**edit), field), field


def test_an_order_of_stories_changed_changes_the_site():
    """Which stories a listing shows, and in which order, is the site's."""
    first, second = story(), story(title="Khác")
    second.source_path = "/site/khac.md"
    digests = []
    for order in ([first, second], [second, first]):
        context = {"articles": order}
        digests.append(Fingerprints(first.settings).site([context]))
    assert digests[0] != digests[1]


def test_a_story_outside_the_shared_context_has_no_card_to_key_by():
    shared = {"articles": []}
    fingerprints = Fingerprints(settings())
    fingerprints.site([shared])
    with pytest.raises(Uncacheable):
        fingerprints.fields([("/site/ngay-hoi.md", ["title"])])


def test_a_copy_of_the_settings_counts_as_the_settings():
    """Pelican's reader cache gives back objects holding a copy of the settings."""
    shared = settings()

    def card_with(story_settings):
        article = story(settings_=story_settings)
        article._context["articles"] = [article]
        fingerprints = Fingerprints(shared)
        fingerprints.site([article._context])
        return fingerprints.fields([(article.source_path, [WHOLE])])

    copied = copy.deepcopy(shared)
    copied["OUTPUT_PATH"] = "/elsewhere"  # where a build writes: no matter
    changed = copy.deepcopy(shared)
    changed["SITENAME"] = "Khác"
    assert card_with(shared) == card_with(copied)
    assert card_with(shared) != card_with(changed)


def test_content_outside_the_shared_context_is_not_cached():
    shared = {"articles": []}
    article = story(context=shared)
    fingerprints = Fingerprints(article.settings)
    fingerprints.site([shared])
    with pytest.raises(Uncacheable):
        fingerprints.names(shared, {"article": article}, ["article"])


def test_the_cache_gives_back_what_it_stored_as_a_link(tmp_path):
    cache = PageCache(tmp_path / "pages")
    (tmp_path / "out").mkdir()
    first, second = tmp_path / "out" / "a.html", tmp_path / "out" / "b.html"
    cache.store("k1", "<p>Trang</p>", str(first))
    cache.keep_only({"k1"})
    assert PageCache(tmp_path / "pages").fetch("k1", str(second))
    assert second.read_text(encoding="utf-8") == "<p>Trang</p>"
    assert os.path.samefile(first, second)
    assert not PageCache(tmp_path / "pages").fetch("k2", str(tmp_path / "out" / "c"))


def test_a_page_changed_in_the_cache_is_not_given_back(tmp_path):
    cache = PageCache(tmp_path / "pages")
    (tmp_path / "out").mkdir()
    page = tmp_path / "out" / "a.html"
    cache.store("k1", "<p>Trang</p>", str(page))
    cache.keep_only({"k1"})
    page.write_text("<p>Sửa qua liên kết</p>", encoding="utf-8")
    assert not PageCache(tmp_path / "pages").fetch("k1", str(tmp_path / "out" / "b"))


def test_keep_only_deletes_the_pages_of_older_builds(tmp_path):
    cache = PageCache(tmp_path / "pages")
    (tmp_path / "out").mkdir()
    cache.store("old", "cũ", str(tmp_path / "out" / "old.html"))
    cache.store("new", "mới", str(tmp_path / "out" / "new.html"))
    cache.keep_only({"new"})
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == [
        "manifest.json",
        "new.html",
    ]


def test_texts_joined_in_a_list_cannot_pass_for_others():
    fingerprints = Fingerprints({})
    assert fingerprints.value(["a\0sb", "c"]) != fingerprints.value(["a", "b\0sc"])
    assert fingerprints.value(["ab", "c"]) != fingerprints.value(["a", "bc"])


def test_a_tag_author_or_section_is_keyed_by_its_name():
    """Pelican keeps their names in private attributes; templates show ``tag.name``."""
    fingerprints = Fingerprints({})
    for kind in (Tag, Author, Category):
        upper, lower = kind("OCOP", DEFAULT_CONFIG), kind("ocop", DEFAULT_CONFIG)
        assert upper.slug == lower.slug  # the same page, another name shown
        assert fingerprints.value(upper) != fingerprints.value(lower)
    assert fingerprints.value(Tag("chè", DEFAULT_CONFIG)) == fingerprints.value(
        Tag("chè", DEFAULT_CONFIG)
    )


def test_a_story_s_status_is_in_its_card():
    first, second = story(), story()
    second.status = "hidden"  # a plugin may change it; its metadata stays
    fingerprints = Fingerprints(first.settings)
    assert fingerprints.card(first) != fingerprints.card(second)


# Properties of Pelican's classes made from what their cards describe: the
# public attributes, the settings, and the properties in ``PROPERTIES``.
DERIVED = {
    Article: {"filename", "relative_dir", "save_as", "url", "url_format"},
    Tag: {"page_name", "save_as", "url"},
    PaginatedPage: {"save_as", "url"},
    Paginator: {"count", "num_pages", "page_range"},
}


@pytest.mark.parametrize("kind", list(DERIVED))
def test_every_property_of_pelican_s_classes_is_keyed(kind):
    """A property reading a private attribute must be listed (upgrades add some)."""
    properties = {
        name
        for name, value in inspect.getmembers(kind)
        if isinstance(value, property) and not name.startswith("_")
    }
    described = {
        n for base, names in PROPERTIES if issubclass(kind, base) for n in names
    }
    body = {"content"} if issubclass(kind, Content) else set()
    assert properties - described - body == DERIVED[kind]


def test_metadata_s_values_count_whether_or_not_they_are_the_fields():
    """A metadata value written as "the field of that name" is that field, not another."""
    fingerprints = Fingerprints({})
    tags = [Tag("chè", DEFAULT_CONFIG)]
    cards = {}
    for name, in_metadata in (
        ("the field itself", tags),
        ("another list", [Tag("du lịch", DEFAULT_CONFIG)]),
        ("an equal list", list(tags)),
        ("none", None),
    ):
        article = story()
        article.tags = tags
        if in_metadata is not None:
            article.metadata["tags"] = in_metadata
        cards[name] = fingerprints.card(article)
    assert cards["another list"] not in {
        cards["the field itself"],
        cards["an equal list"],
    }
    assert cards["none"] not in {cards[n] for n in cards if n != "none"}


def test_different_values_of_the_same_items_never_describe_alike():
    fingerprints = Fingerprints({})
    values = [
        [1],
        (1,),
        MemberList([1]),
        {1},
        frozenset([1]),
        {1: None},
        "1",
        Markup("1"),
        {"a": "bc"},
        {"ab": "c"},
        ["a", "bc"],
        [["a"], "bc"],
        [],
        [[]],
        [None],
        [""],
        [b""],
    ]
    digests = [fingerprints.value(value) for value in values]
    assert len(set(digests)) == len(values)


def test_a_field_after_the_metadata_never_reads_as_one_of_its_pairs():
    fingerprints = Fingerprints({})
    inside = {"title": "T"}
    outside = {"title": "T", "reader": "md"}
    one = {"metadata": inside, "reader": "md", "title": inside["title"]}
    other = {"metadata": outside, "title": outside["title"]}
    assert fingerprints._attributes(one, shared=inside) != fingerprints._attributes(
        other, shared=outside
    )


class Thing:
    def __init__(self, **fields):
        self.__dict__.update(fields)


def test_an_object_reached_twice_is_described_once(monkeypatch):
    described = []
    original = Fingerprints._object

    def counting(self, name, extra, value):
        described.append(value)
        return original(self, name, extra, value)

    monkeypatch.setattr(Fingerprints, "_object", counting)
    thing = Thing(name="chè", sizes=[1, 2])
    fingerprints = Fingerprints({})
    first = fingerprints.value([thing, thing])
    assert fingerprints.value({"things": [thing], "thing": thing})
    assert first == fingerprints.value([thing, Thing(name="chè", sizes=[1, 2])])
    assert first != fingerprints.value([thing, Thing(name="chè", sizes=[2, 1])])
    assert [id(value) for value in described].count(id(thing)) == 1


def test_a_slug_set_by_hand_counts():
    fingerprints = Fingerprints({})
    made, by_hand = Tag("Chè búp", DEFAULT_CONFIG), Tag("Chè búp", DEFAULT_CONFIG)
    by_hand.slug = "che-ngon"
    assert fingerprints.value(made) != fingerprints.value(by_hand)
    again = Tag("Chè búp", DEFAULT_CONFIG)
    assert fingerprints.value(made) == fingerprints.value(again)


DIGESTS_IN_A_PROCESS = """
import datetime, json
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from tintuc.buildspeed.memo import Fingerprints
settings = dict(DEFAULT_CONFIG)
context = {"tag_names": {"chè", "du lịch", "OCOP", "an ninh"}}
articles = [
    Article(f"<p>{n}</p>", {"title": f"Bài {n}", "summary": "Tóm tắt.",
            "date": datetime.datetime(2026, 11, n, 8, 0),
            "tags": [Tag(t, settings) for t in ("chè", "OCOP")]},
            settings, source_path=f"/site/{n}.md", context=context)
    for n in range(1, 4)
]
context["articles"] = articles
context["by_tag"] = {"chè": articles[:2], "OCOP": articles[1:]}
fingerprints = Fingerprints(settings)
site = fingerprints.site([context])
pages = [
    fingerprints.names(context, {"article": a, "tags": set(context["tag_names"])},
                       ["article", "tags", "by_tag", "SITENAME"])
    for a in articles
]
print(json.dumps([site.hex()] + [p.hex() for p in pages]))
"""


def test_two_processes_give_the_same_keys():
    """Sets and dicts come in another order in another process: no key may follow it."""

    def digests(seed: str) -> list[str]:
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", DIGESTS_IN_A_PROCESS],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(done.stdout)

    first = digests("1")
    assert first == digests("2")
    assert len(set(first)) == len(first)


def test_the_writer_records_one_object_per_page_number(tmp_path):
    """Page n is shown by page n, and as page n+1's previous and n-1's next."""
    configured = settings() | {
        "PAGINATION_PATTERNS": [
            PaginationRule(1, "{url}", "{save_as}"),
            PaginationRule(2, "page/{number}/", "page/{number}/index.html"),
        ],
        "PAGINATED_TEMPLATES": {"index": None},
        "DEFAULT_PAGINATION": 2,
        "DEFAULT_ORPHANS": 0,
    }
    writer = ParallelWriter(str(tmp_path), settings=configured)
    stories = [story(title=f"Bài {n}") for n in range(5)]
    template = Environment().from_string("")
    writer.write_file(
        "index.html",
        template,
        {},
        articles=stories,
        dates=stories[::-1],
        template_name="index",
        url="",
    )
    pages = [changes for _, _, changes in writer.pending.values()]
    assert len(pages) == 3
    for key, listed in (("articles", stories), ("dates", stories[::-1])):
        paginator = Paginator("index.html", "", listed, configured, 2)
        for number, changes in enumerate(pages, 1):
            page = changes[f"{key}_page"]
            assert vars(page) | {"paginator": None} == vars(paginator.page(number)) | {
                "paginator": None
            }
        assert pages[0][f"{key}_next_page"] is pages[1][f"{key}_page"]
        assert pages[2][f"{key}_previous_page"] is pages[1][f"{key}_page"]
        assert pages[0][f"{key}_previous_page"] is None
        assert pages[2][f"{key}_next_page"] is None
