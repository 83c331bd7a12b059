"""Pages kept between builds, found again by a digest of what they are made of.

A page is the template applied to a context. What it read while it rendered
is recorded (``shared.reads``, by ``tracking``): the names of the context it
read, and the fields of content objects it read (an object handed to Python
counts as read whole, its *card*: all its attributes but its body). Its key
hashes:

- the code: every file of the theme, the plugins' code, the installed
  packages' versions and the settings;
- the page: its template, its file and the names of its own values;
- the values of the names it read, its own (its story with its card and body)
  or the shared ones, each content object in them by its source file;
- the fields it read of each content object.

Which names and fields those are is known once the page is rendered:
``PageReads`` keeps them by the key made of the rest, and the next build
looks for the page under that key and the values those names and fields
have now. So an edit to one story's body renders that story's page and the
pages that show its summary; a title edit, the pages that show the title; a
new story, the pages that list it or whose lists it moves; any change of code
or settings, everything.

Only public attributes count: a name starting with ``_`` is Pelican's own
bookkeeping, and what it holds reaches templates through public attributes or
through the properties ``PROPERTIES`` names (a tag's name through ``name``, a
story's summary through ``summary``; its body through ``content``, see below).

Each object is described once per build (by its id, kept alive), each text
once (by value), each kind of value dispatched once (by its exact type).

A card leaves out the body, so a page that hands a story to Python must not
show its body: a template shows the body (``content``) only of the page's own
``article`` or ``page``. ``tests/unit/test_page_memo.py`` checks it in the
theme by what each expression can reach, and the integration tests by what
the built pages show. A value of a kind this module does not know makes the
page uncacheable: it is rendered, never guessed.
"""

import contextlib
import dataclasses
import datetime
import enum
import hashlib
import json
import os
import re
import types
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from tintuc.shared import reads
from tintuc.shared.cachefiles import link_or_copy, write_atomic
from tintuc.shared.code import add_files, code_folders, installed_packages

from .reading import RUN_ONLY_SETTINGS

MANIFEST = "manifest.json"


class Uncacheable(Exception):
    """A value this module cannot describe for sure."""


SHORT = 80  # texts this long or shorter are kept by value: names, words…

# Every description starts with a byte naming its form, and ends where its
# form says (a length, a terminator, a digest's fixed size): descriptions
# joined one after another can be split back only one way.


def _text(value: str) -> bytes:
    # Length first: text may hold \0.
    data = value.encode("utf-8", "surrogatepass")
    return b"s%d:" % len(data) + data


def _number(value) -> bytes:
    return b"n" + repr(value).encode() + b"\0"  # None, True, 1 and 1.0 all differ


def _moment(value) -> bytes:
    zone = getattr(value, "tzinfo", None)
    return f"t{type(value).__name__}{value.isoformat()}|{zone}\0".encode()


def _named(value) -> bytes:
    # A function or class: which one it is (its code is in the code digest).
    return f"f{value.__module__}.{value.__qualname__}\0".encode()


def _member(value: enum.Enum) -> bytes:
    return f"e{type(value).__qualname__}.{value.name}\0".encode()


def _zone(value: datetime.tzinfo) -> bytes:
    return f"z{type(value).__qualname__}:{value}\0".encode()


# Exact types only: a subclass (Markup is a str) shows differently.
PLAIN = {
    str: _text,
    int: _number,
    bool: _number,
    float: _number,
    type(None): _number,
    bytes: lambda value: b"b" + hashlib.sha256(value).digest(),
    datetime.datetime: _moment,
    datetime.date: _moment,
    datetime.time: _moment,
    types.FunctionType: _named,
    types.BuiltinFunctionType: _named,
    type: _named,
    re.Pattern: lambda value: b"r%d" % value.flags + _text(str(value.pattern)),
}


def _plain_kind(kind: type):
    """How to describe values of a subclass of a plain kind, or None."""
    if issubclass(kind, enum.Enum):
        return _member
    if issubclass(kind, (datetime.datetime, datetime.date, datetime.time)):
        return _moment  # Pelican's SafeDatetime
    if issubclass(kind, datetime.tzinfo):
        return _zone
    if issubclass(kind, type):
        return _named
    return None


# Pelican's classes keep these in private attributes, and templates read them
# through properties (``tag.name``, ``article.status``). Their other properties
# are made from what is described: see ``test_page_memo``.
PROPERTIES = ((URLWrapper, ("name", "slug")), (Content, ("status", "summary")))
# A container's own kind, for the exact built-in ones.
OPENERS = {list: b"[", tuple: b"(", set: b"{", frozenset: b"<", dict: b"d"}


class Fingerprints:
    """Digests of context values, each object described once per build.

    Nothing may change between the first digest and the last: use one
    instance for the pages of one build, once every page is known.
    """

    def __init__(self, settings: dict):
        self.settings = settings
        self._site_content: set[int] | None = None
        # id -> (the object, kept alive so that its id is not reused; its digest)
        self._digests: dict[int, tuple[object, bytes]] = {}
        self._busy: set[int] = set()
        self._reached: dict[int, Content] = {}
        self._cards: dict[int, bytes] = {}
        # id of a shared context -> its values' descriptions, by name.
        self._values: dict[int, dict[str, bytes]] = {}
        # (id of a shared context, names read, the page's own among them) ->
        # the description of the others' values.
        self._shared_names: dict[tuple, bytes] = {}
        # A file's name (as ``_source``) -> its content objects.
        self._by_source: dict[bytes, list[Content]] = {}
        self._plain = dict(PLAIN)  # and the subclasses met, such as SafeDatetime
        self._kinds: dict[type, Callable[[object], bytes]] = {}
        # Texts by value (a str is immutable): names and words come back often.
        self._texts: dict[str, bytes] = {}
        self._layouts: dict[tuple, list[tuple[str, bytes]]] = {}

    def value(self, value) -> bytes:
        """The digest of any value; a content object counts by its source file."""
        kind = type(value)
        if kind is str:
            known = self._texts.get(value)
            if known is None:
                known = _text(value)
                if len(value) <= SHORT:
                    self._texts[value] = known
            return known
        plain = self._plain.get(kind)
        if plain is not None:
            return plain(value)
        known = self._digests.get(id(value))
        if known is not None:
            return known[1]
        describe = self._kinds.get(kind) or self._kind(kind)
        if describe is None:
            return self._plain[kind](value)
        if id(value) in self._busy:
            raise Uncacheable(f"{kind.__qualname__} contains itself")
        self._busy.add(id(value))
        try:
            digest = b"h" + hashlib.sha256(describe(value)).digest()
        finally:
            self._busy.discard(id(value))
        self._digests[id(value)] = (value, digest)
        return digest

    def _kind(self, kind: type):
        """How to describe a kind of value met for the first time (None: plain)."""
        plain = _plain_kind(kind)
        if plain is not None:
            self._plain[kind] = plain
            return None
        name = f"o{kind.__module__}.{kind.__qualname__}\0".encode()
        if issubclass(kind, Content):
            describe = self._story
        elif issubclass(kind, (list, tuple)):
            describe = partial(self._sequence, OPENERS.get(kind, name + b"["))
        elif issubclass(kind, (set, frozenset)):
            describe = partial(self._set, OPENERS.get(kind, name + b"{"))
        elif issubclass(kind, dict):
            describe = partial(self._dict, OPENERS.get(kind, name + b"d"))
        elif issubclass(kind, str):  # such as Markup
            describe = partial(self._subtext, name)
        elif dataclasses.is_dataclass(kind):
            describe = partial(self._dataclass, name)
        else:
            extra = tuple(
                n for base, names in PROPERTIES if issubclass(kind, base) for n in names
            )
            describe = partial(self._object, name, extra)
        self._kinds[kind] = describe
        return describe

    def _story(self, value: Content) -> bytes:
        # Its card is taken once for the whole site (see ``site``).
        if self._site_content is not None and id(value) not in self._site_content:
            raise Uncacheable("content the shared context does not hold")
        self._reached[id(value)] = value
        return b"C" + _source(value)

    def _sequence(self, opener: bytes, value) -> bytes:
        describe = self.value
        return opener + b"".join([describe(item) for item in value])

    def _set(self, opener: bytes, value) -> bytes:
        describe = self.value
        return opener + b"".join(sorted([describe(item) for item in value]))

    def _dict(self, opener: bytes, value: dict) -> bytes:
        describe = self.value
        pairs = [describe(k) + describe(v) for k, v in value.items()]
        return opener + b"".join(sorted(pairs))

    @staticmethod
    def _subtext(name: bytes, value: str) -> bytes:
        return name + value.encode("utf-8", "surrogatepass")

    def _dataclass(self, name: bytes, value) -> bytes:
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return name + self._attributes(fields)

    def _object(self, name: bytes, extra: tuple[str, ...], value) -> bytes:
        try:
            fields = vars(value)
        except TypeError:
            raise Uncacheable(type(value).__qualname__) from None
        if extra:
            fields = fields | {n: getattr(value, n) for n in extra}
        return name + self._attributes(fields)

    def _attributes(self, fields: dict, *, shared: dict | None = None) -> bytes:
        """The public ``fields`` by name.

        :param shared: a dict among ``fields`` whose values are mostly the
            other fields again (Pelican's ``metadata``): see ``_shared``.
        """
        describe, texts, digests = self.value, self._texts, self._digests
        parts = []
        for key, name in self._layout(fields):
            value = fields[key]
            # ``value``'s two quickest cases, inline: this runs for every field.
            if type(value) is str:
                described = texts.get(value) or describe(value)
            elif key == "settings" and isinstance(value, dict):
                described = self._settings(value)
            elif (known := digests.get(id(value))) is not None:
                described = known[1]  # alive, so no other object has its id
            elif value is shared and shared is not None:
                described = self._shared(value, fields)
            else:
                described = describe(value)
            parts.append(name)
            parts.append(described)
        return b"".join(parts)

    def _layout(self, fields: dict) -> list[tuple[str, bytes]]:
        """The public names of ``fields`` in order, each with its description.

        Objects made by the same code have the same names in the same order:
        they are sorted once for all.
        """
        names = tuple(fields)
        layout = self._layouts.get(names)
        if layout is None:
            public = sorted(key for key in names if key[:1] != "_")
            layout = self._layouts[names] = [(k, self.value(k)) for k in public]
        return layout

    def _settings(self, settings: dict) -> bytes:
        # Copies of the settings come back from Pelican's reader cache; the
        # site's own settings are in the code digest.
        if settings is self.settings:
            return b"="
        described = self.settings_digest(settings)
        if described == self.settings_digest(self.settings):
            return b"="
        return b"=" + described

    def _shared(self, shared: dict, fields: dict) -> bytes:
        """A dict whose values are mostly the object's own fields again.

        A value that *is* (not equals) the field of the same name is written
        as a reference to it, ``@``: that field is described beside it.
        """
        describe = self.value
        pairs = []
        for key, value in shared.items():
            if fields.get(key, _NONE) is value and _referable(key):
                pairs.append(describe(key) + b"@")
            else:
                pairs.append(describe(key) + describe(value))
        # Counted: the fields that follow it must not read as more of its pairs.
        return b"m%d:" % len(pairs) + b"".join(sorted(pairs))

    def settings_digest(self, settings: dict) -> bytes:
        """The digest of a settings dict, but for where the build writes."""
        known = self._digests.get(id(settings))
        if known is None:
            described = b"".join(
                key.encode() + b"=" + self.value(settings[key])
                for key in sorted(settings)
                if key not in RUN_ONLY_SETTINGS
            )
            known = (settings, b"h" + hashlib.sha256(described).digest())
            self._digests[id(settings)] = known
        return known[1]

    def card(self, content: Content) -> bytes:
        """All that a listing can show of a content object: everything but its body.

        Its summary is in (without a ``Summary:`` field, Pelican cuts it from the
        body).
        """
        known = self._cards.get(id(content))
        if known is None:
            fields = vars(content)
            fields = fields | {n: getattr(content, n) for n in CONTENT_PROPERTIES}
            metadata = fields.get("metadata")
            shared = metadata if type(metadata) is dict else None
            described = self._attributes(fields, shared=shared)
            known = self._cards[id(content)] = hashlib.sha256(described).digest()
        return known

    def site(self, contexts: list[dict]) -> bytes:
        """Describe each value of the shared contexts, content objects by their files.

        The cards of all they reach are taken too, for ``reads``.

        :returns: the digest of them all.
        """
        for context in contexts:
            self._values[id(context)] = {
                name: self._context_value(name, value)
                for name, value in context.items()
            }
        # Cards reach other content objects (related stories…): take them all.
        while len(self._cards) < len(self._reached):
            for content in list(self._reached.values()):
                self.card(content)
        self._site_content = set(self._reached)
        for content in self._reached.values():
            self._by_source.setdefault(_source(content), []).append(content)
        for contents in self._by_source.values():
            contents.sort(key=self.card)  # a file's objects, in an order of theirs
        described = [
            self.value(name) + value
            for context in contexts
            for name, value in sorted(self._values[id(context)].items())
        ]
        return hashlib.sha256(b"\0".join(described)).digest()

    def _context_value(self, name: str, value) -> bytes:
        if value is self.settings.get(name, _NONE):
            return b"="  # a setting: in the code digest
        if name == "settings" and isinstance(value, dict):
            return self._settings(value)
        return self.value(value)

    def names(self, context: dict, changes: dict, names) -> bytes:
        """The digest of the values named ``names`` a page of ``context`` read.

        ``changes`` are the page's own values, which it reads first. The
        shared values' part is described once for the pages that read the
        same names (pages of one template).

        :raises Uncacheable: if ``site`` did not describe ``context``.
        """
        names = tuple(sorted(set(names)))
        own = tuple(name for name in names if name in changes)
        key = (id(context), names, own)
        shared = self._shared_names.get(key)
        if shared is None:
            described = self._values.get(id(context))
            if described is None:
                raise Uncacheable("a context the site's digest did not describe")
            parts = []
            for name in names:
                if name in changes:
                    continue
                # None: a global of the templates, or undefined.
                value = b"v" + described[name] if name in described else b"-"
                parts.append(_text(name) + value)
            shared = self._shared_names[key] = b"".join(parts)
        parts = [_text(n) + b"p" + self.page_value(changes[n]) for n in own]
        return hashlib.sha256(shared + b"\0" + b"".join(parts)).digest()

    def fields(self, read: list[tuple[str, list[str]]]) -> bytes:
        """The digest of the fields ``read`` of the content objects of each file.

        :param read: pairs of a file and the names of the fields read (or
            ``reads.WHOLE``, its whole card), as ``read_fields`` gives them.
        :raises Uncacheable: if the shared context holds none from a file.
        """
        parts = []
        for source, names in read:
            name = source.encode("utf-8", "surrogatepass") + b"\0"
            contents = self._by_source.get(name)
            if not contents:
                raise Uncacheable(f"{source} is not in the shared context")
            parts.append(name)
            parts += [self._field(c, field) for c in contents for field in names]
        return hashlib.sha256(b"".join(parts)).digest()

    def _field(self, content: Content, field: str) -> bytes:
        """One field of ``content`` as a page reads it: ``getattr``, or its card.

        Not kept: ``value`` keeps what is costly to describe, and pages read
        more than a hundred thousand fields at 10,000 stories.
        """
        if field == reads.WHOLE:
            return b"*" + self.card(content)
        value = getattr(content, field, _NONE)
        if value is _NONE:
            described = b"-"
        elif field == "settings" and isinstance(value, dict):
            described = self._settings(value)
        elif callable(value) and not isinstance(value, type):
            # A method (Pelican memoizes some) may read any field, the body too.
            described = b"m" + self.card(content) + body(content)
        else:
            described = self.value(value)
        return _text(field) + described

    def read_fields(self, read: reads.Read) -> list[tuple[str, list[str]]]:
        """The files of the content objects a page read, each with the fields read.

        :raises Uncacheable: if what was read is not known.
        """
        if reads.UNKNOWN in read.contents:
            raise Uncacheable("a page read what could not be searched")
        known = self._site_content or set()
        if any(key not in known for key in read.contents):
            raise Uncacheable("a page read content the shared context does not hold")
        by_source: dict[str, set[str]] = {}
        for key, content in read.contents.items():
            by_source.setdefault(content.source_path, set()).update(read.fields[key])
        return [(source, sorted(by_source[source])) for source in sorted(by_source)]

    def page_value(self, value) -> bytes:
        """A value one page adds to the shared context; its own story with its body."""
        described = self.value(value)
        if isinstance(value, Content):
            described += self.card(value) + body(value)
        return described


def _referable(name) -> bool:
    """Whether ``_attributes`` describes the field ``name`` as it is."""
    return type(name) is str and name[:1] != "_" and name != "settings"


CONTENT_PROPERTIES = next(names for base, names in PROPERTIES if base is Content)


def _source(content: Content) -> bytes:
    if not content.source_path:
        raise Uncacheable("content without a source file")
    return content.source_path.encode("utf-8", "surrogatepass") + b"\0"


def body(content: Content) -> bytes:
    """The digest of a content object's body as templates get it."""
    text = content.content or ""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


_NONE = object()


def code_digest(fingerprints: "Fingerprints") -> bytes:
    """The theme, the plugins, the installed packages and the settings."""
    settings = fingerprints.settings
    digest = hashlib.sha256()
    themes = [settings["THEME"], *settings.get("THEME_TEMPLATES_OVERRIDES", ())]
    files = [(Path(folder), "*") for folder in themes]
    files += [(folder, "*.py") for folder in code_folders(settings)]
    for root, pattern in files:
        add_files(digest, root, pattern)
    digest.update(json.dumps(installed_packages()).encode())
    digest.update(fingerprints.settings_digest(settings))
    return digest.digest()


class KeyedFiles:
    """Files a build made, kept in a cache folder and named by their keys.

    A manifest records each file's size and modification time when it was
    made: a file changed since (truncated, or written over through a hard
    link) is not used, nor one stored by a build that did not finish. The
    feeds plugin keeps its files this way too.
    """

    def __init__(self, folder: Path, suffix: str = ""):
        self.folder = folder
        self.suffix = suffix
        try:
            self.manifest = json.loads((folder / MANIFEST).read_text())
        except (OSError, ValueError):
            self.manifest = {}
        if not isinstance(self.manifest, dict):
            self.manifest = {}

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{self.suffix}"

    def fetch(self, key: str, destination: str) -> bool:
        """Put the file ``key`` at ``destination``; False if the cache lacks it."""
        source = self.path(key)
        try:
            stat = source.stat()
        except OSError:
            return False
        if self.manifest.get(key) != [stat.st_size, stat.st_mtime_ns]:
            return False
        link_or_copy(source, destination)
        return True

    def store(self, key: str, data: str | bytes, destination: str) -> None:
        """Store a file (text as UTF-8), then put it at ``destination``."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path(key), data)
        link_or_copy(self.path(key), destination)

    def note_used(self, keys: list[str]) -> None:
        """Remember (from any worker) the keys this build's files have."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f".used.{os.getpid()}").write_text("\n".join(keys))

    def used(self) -> set[str]:
        """Every key noted by this build's workers (and forget the notes)."""
        keys = set()
        for note in self.folder.glob(".used.*"):
            keys.update(filter(None, note.read_text().split("\n")))
            note.unlink()
        return keys

    def keep_only(self, keys: set[str]) -> None:
        """Record the files of this build and delete every other."""
        manifest = {}
        for key in sorted(keys):
            try:
                stat = self.path(key).stat()
            except OSError:
                continue
            manifest[key] = [stat.st_size, stat.st_mtime_ns]
        if not self.folder.is_dir() or manifest == self.manifest:
            return
        for entry in self.folder.iterdir():
            if (
                entry.name != MANIFEST
                and entry.name.removesuffix(self.suffix) not in manifest
            ):
                entry.unlink(missing_ok=True)
        write_atomic(
            self.folder / MANIFEST, json.dumps(manifest, sort_keys=True).encode()
        )


class PageCache(KeyedFiles):
    """Rendered pages in ``CACHE_PATH/pages``, named by their keys."""

    def __init__(self, folder: Path):
        super().__init__(folder, ".html")


class PageKeys:
    """The keys of a build's pages: the shared part at once, each page's on demand.

    Made before the render workers fork, so they share the site's digests.
    """

    def __init__(self, contexts: list[dict], settings: dict):
        self.fingerprints = Fingerprints(settings)
        try:
            self.fingerprints.site(contexts)
            self.common = code_digest(self.fingerprints)
        except Uncacheable:
            self.common = None  # nothing can be cached in this build

    def key(self, template, changes: dict) -> str | None:
        """The key of one page but for what it reads, or None if it cannot be kept.

        It names the page: its template, its file and the names of its own
        values (Pelican gives a tag's page every story, which it does not show).
        """
        if self.common is None:
            return None
        try:
            # What the environment gives every template (functions, mostly).
            shared = self.fingerprints.value(template.globals)
        except Uncacheable:
            return None
        page = [template.name, str(changes.get("output_file", "")), *sorted(changes)]
        names = b"".join(_text(str(part)) for part in page)
        return hashlib.sha256(self.common + shared + names).hexdigest()

    def with_reads(
        self, key: str, context: dict, changes: dict, read: "PageRead"
    ) -> str | None:
        """The whole key of a page keyed ``key`` that ``read`` that; or None."""
        try:
            names = self.fingerprints.names(context, changes, read.names)
            fields = self.fingerprints.fields(read.fields)
        except Uncacheable:
            return None
        return hashlib.sha256(key.encode() + names + fields).hexdigest()

    def page_read(self, read: reads.Read) -> "PageRead | None":
        """What a page read, as it is kept; None if it cannot be kept."""
        try:
            fields = self.fingerprints.read_fields(read)
        except Uncacheable:
            return None
        return PageRead(sorted(read.names), fields)


@dataclasses.dataclass(frozen=True)
class PageRead:
    """The names of its context a page read, and the fields of stories, by file."""

    names: list[str]
    fields: list[tuple[str, list[str]]]


class PageReads:
    """What each kept page read (``PageRead``), by the page's key.

    In ``folder``, one file per render worker of the last build,
    ``reads.<pid>.json``: what the pages it rendered or took from the cache
    read. Each file, set of names and set of fields is written once, in a
    list, and each page as one short text of places in those lists
    (``"3;17:2,120:5"``: names, then each file with its fields), so that a
    build holds the record of 50,000 pages in a few megabytes. ``keep`` then
    deletes the files of processes that were not this build's workers. A file
    that cannot be read is no record: its pages are rendered.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.kept: list[tuple[list, list, list, dict]] = []
        for path in sorted(folder.glob("reads.*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                tables = _tables(data)
            except (OSError, ValueError, TypeError, KeyError):
                continue  # a record lost: its pages are rendered
            self.kept.append(tables)
        # This process's record: places by value, and each page's text.
        self.places: dict[str, dict] = {"namesets": {}, "fieldsets": {}, "files": {}}
        self.noted: dict[str, str] = {}

    def get(self, key: str) -> PageRead | None:
        """What the page ``key`` read when it was rendered, or None."""
        for namesets, fieldsets, files, pages in self.kept:
            text = pages.get(key)
            if type(text) is str:
                with contextlib.suppress(ValueError, IndexError):
                    return _decoded(text, namesets, fieldsets, files)
        return None

    def note(self, key: str, read: PageRead) -> None:
        """Remember that this build's page ``key`` read ``read``."""
        place = self._place
        files = ",".join(
            f"{place('files', file)}:{place('fieldsets', tuple(fields))}"
            for file, fields in read.fields
        )
        self.noted[key] = f"{place('namesets', tuple(read.names))};{files}"

    def _place(self, table: str, value) -> int:
        places = self.places[table]
        return places.setdefault(value, len(places))

    def write(self) -> None:
        """Write this process's record (a worker's last step)."""
        data = {table: list(places) for table, places in self.places.items()}
        data["pages"] = self.noted
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"reads.{os.getpid()}.json"
        write_atomic(path, json.dumps(data, sort_keys=True).encode())

    def keep(self, workers: set[int]) -> None:
        """Delete every file but the records the processes ``workers`` wrote.

        Half-written ones of a worker that was killed go too.
        """
        kept = {f"reads.{pid}.json" for pid in workers}
        for path in self.folder.iterdir() if self.folder.is_dir() else ():
            if path.name not in kept:
                path.unlink(missing_ok=True)


def _tables(data) -> tuple[list, list, list, dict]:
    """A record's lists and pages, checked to be of the kinds ``write`` writes."""
    namesets, fieldsets = data["namesets"], data["fieldsets"]
    files, pages = data["files"], data["pages"]
    sets = [*namesets, *fieldsets]
    if not (
        isinstance(pages, dict)
        and all(isinstance(table, list) for table in (namesets, fieldsets, files))
        and all(isinstance(texts, list) for texts in sets)
        and all(isinstance(t, str) for t in [*files, *(t for s in sets for t in s)])
    ):
        raise ValueError("not a record of page reads")
    return namesets, fieldsets, files, pages


def _decoded(text: str, namesets: list, fieldsets: list, files: list) -> PageRead:
    """A page's text of places (``PageReads``) as a ``PageRead``."""
    nameset, _, pairs = text.partition(";")
    fields = []
    for pair in filter(None, pairs.split(",")):
        file, fieldset = pair.split(":")
        fields.append((_at(files, file), _at(fieldsets, fieldset)))
    return PageRead(_at(namesets, nameset), fields)


def _at(items: list, place: str):
    """``items[int(place)]``, for a place written by ``PageReads.write``."""
    if not place.isascii() or not place.isdigit():
        raise ValueError(place)
    return items[int(place)]
