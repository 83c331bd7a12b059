"""A build after stories' bodies alone changed: only the files that show them.

The usual build pays for the whole site (start-up, every story read, the
context, every page keyed) before it finds the few files one edit changes. But
a body is shown in few places, and the last build noted them
(``shared.buildnotes``, kept in the site state): the story's own page, the
feeds that carry it, and its search slice. So when every input but some
stories is as the state records, and each of those stories kept its header
(its fields as the reader splits them: all its metadata, hence its title,
summary, date, section, URL and status), this module:

1. finds each story's last body in its search slice's sources, and its page,
   which must hold that body exactly once, where the template puts it, and
   each feed's recipe, which must make the feed the output holds;
2. refuses (the usual build runs) a story without a ``Summary`` (Pelican
   would cut one from the body), whose body adds to its metadata, or whose
   old or new body is bound to the rest of the site (``body_stands_alone``: a
   photo, a citation, a link Pelican resolves);
3. runs the editorial gate and the site's plugins as a build does
   (``Pelican``'s own start), reads each new body with the site's readers, and
   checks the new body's links against the output;
4. prepares the new pages, feeds and search slices beside the output, then
   puts them in, and records the new state.

What it makes is what a clean build makes: ``test_site_state.py`` compares.
A kill before step 4's swaps leaves the old output and its state; one during
them leaves no state, so the next build is a full one.
"""

import contextlib
import hashlib
import json
import os
import posixpath
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from tintuc.feeds.feeds import ReadableItems, feed_bytes
from tintuc.feeds.items import guid_of
from tintuc.linkcheck.linkcheck import page_links, target_file
from tintuc.search.records import bundle_dirs, shard_key
from tintuc.search.search import (
    SliceIndexer,
    index_kept_records,
    link_tree,
    record_folder,
    record_stamp,
    seal_path,
    sources_path,
)
from tintuc.shared.cachefiles import is_sealed, load_pickle, save_pickle
from tintuc.vn_text.front_matter import parse_front_matter
from tintuc.vn_text.normalise import source_text

from .beside import exchange
from .fingerprint import fingerprint_of
from .state import records, scan

BODY_OPEN = '<div class="dh-article__body">'
BODY_CLOSE = "</div>"
# A body that links to another page, a file or a document, or shows a photo,
# is rendered with the whole site: only the full build may show it.
SITE_BOUND = re.compile(r"""=\s*["'][{|]|<img\b|<picture\b|\[\[""", re.IGNORECASE)
MARKDOWN = (".md", ".markdown")


def body_stands_alone(old_html: str, new_html: str) -> bool:
    """Whether a story's body, changed, can be shown without the rest of the site."""
    return not (SITE_BOUND.search(old_html) or SITE_BOUND.search(new_html))


def with_body(page: bytes, old_html: str, new_html: str) -> bytes | None:
    """``page`` showing ``new_html`` where it showed ``old_html``; None if unsure.

    The old body must stand in the page once, whole, where the template puts it.
    """
    before = f"{BODY_OPEN}{old_html}{BODY_CLOSE}".encode()
    if page.count(before) != 1:
        return None
    return page.replace(before, f"{BODY_OPEN}{new_html}{BODY_CLOSE}".encode())


def header_digest(data: bytes) -> str | None:
    """The digest of a story's header fields, as the site's reader splits them.

    The same text (``source_text``) and the same split (``parse_front_matter``)
    as the reader and the gate: two files with the same digest have the same
    metadata. None for a file with no header, or not UTF-8.
    """
    try:
        text = source_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    story = parse_front_matter(text)
    if not story.fields:
        return None
    fields = [
        [key, [value.strip() for value in field.values]]
        for key, field in story.fields.items()
    ]
    described = json.dumps([fields, story.repeated], ensure_ascii=False)
    return hashlib.sha256(described.encode("utf-8")).hexdigest()


def slice_keys(notes) -> list[str]:
    """The search slices' keys a state's notes name."""
    slices = notes.get("slices") if isinstance(notes, dict) else None
    if not isinstance(slices, list):
        return []
    return [entry.get("key") for entry in slices if isinstance(entry, dict)]


def recipes_of(state_file: Path) -> Path:
    """Where a state keeps what each feed of its output was made of."""
    return state_file.with_suffix(".feeds.pickle")


def header_of(data: bytes) -> bytes:
    """A story's header alone, as the reader splits it (``header_digest``)."""
    text = source_text(data.decode("utf-8"))
    story = parse_front_matter(text)
    return "\n".join(text.split("\n")[: story.body_line - 1]).encode("utf-8")


def read_as(reader, path: str, data: bytes) -> tuple[str, dict]:
    """What ``reader`` reads from ``data`` as the file ``path``'s bytes."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder, Path(path).name)
        copy.write_bytes(data)
        return reader.read(str(copy))


def verified_bytes(path: str, digest: str) -> bytes | None:
    """The file's bytes if they are those hashed as ``digest`` (hex), else None."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def story_headers(files: dict, content: str, last: dict | None) -> dict[str, str]:
    """Each Markdown file's ``header_digest`` under ``content``, by path.

    ``files``: each input's content hash; a file the ``last`` state hashed
    alike keeps the header it recorded, others are read, and kept only if
    they are still the bytes hashed (saved over during the build: not).
    """
    old_files = (last or {}).get("files") or {}
    old_headers = (last or {}).get("headers") or {}
    prefix = os.path.join(content, "")
    headers = {}
    for path, digest in files.items():
        if not path.startswith(prefix) or not path.endswith(MARKDOWN):
            continue
        known = old_headers.get(path)
        if known is not None and old_files.get(path) == digest:
            headers[path] = known
            continue
        data = verified_bytes(path, digest)
        found = header_digest(data) if data is not None else None
        if found is not None:
            headers[path] = found
    return headers


def edited_bodies(state: dict, found: dict, options: list[str], content: str):
    """The stories whose bodies alone changed since ``state``; None if not only.

    Each with its bytes as hashed: read once, here. ``found``: this run's
    ``input_fingerprint`` details (``files``, ``clock``).
    """
    old_files, headers = state.get("files"), state.get("headers")
    new_files = found["files"]
    if (
        not isinstance(old_files, dict)
        or not isinstance(headers, dict)
        or old_files.keys() != new_files.keys()  # a file added or removed
    ):
        return None
    changed = [path for path, digest in new_files.items() if old_files[path] != digest]
    prefix = os.path.join(os.fspath(Path(content)), "")
    only_stories = changed and all(
        path.startswith(prefix) and path.endswith(MARKDOWN) for path in changed
    )
    # With the old hashes, the fingerprint must be the state's: the options and
    # the clock's say are the same too.
    if not only_stories or earlier_fingerprint(
        options, old_files, new_files, found["clock"]
    ) != state.get("inputs"):
        return None
    stories = {path: verified_bytes(path, new_files[path]) for path in changed}
    if not all(same_header(data, headers.get(path)) for path, data in stories.items()):
        return None
    return stories


def earlier_fingerprint(options, old_files: dict, new_files: dict, turn: str):
    """The fingerprint of ``new_files`` with their ``old_files`` hashes, or None."""
    try:
        old = [(path, bytes.fromhex(old_files[path])) for path in new_files]
    except (TypeError, ValueError):
        return None
    return fingerprint_of(options, old, turn)


def same_header(data: bytes | None, known: str | None) -> bool:
    """Whether a story's bytes (None: not as hashed) have the header ``known``."""
    return data is not None and known is not None and header_digest(data) == known


class Edit:
    """One story's body edit, worked out before anything is changed."""

    def __init__(self, path: str, page: str, feeds: list[str], data: bytes):
        self.path, self.page, self.feeds, self.data = path, page, feeds, data
        self.slice = -1  # the number of its search slice in the notes
        self.position = -1  # its place among that slice's sources
        self.old_html = self.new_html = ""
        self.new_page = b""


def is_output_path(path, outputs: dict) -> bool:
    """Whether ``path`` names, as the state does, a file of the output."""
    return (
        isinstance(path, str)
        and posixpath.normpath(path) == path
        and not path.startswith(("/", "../"))
        and path in outputs
    )


# Why a body-only edit is built as usual, said in one line.
ELSEWHERE = "thân bài của tin còn làm ra ảnh, trích dẫn văn bản hoặc tệp đính kèm"
NO_SEARCH_RECORD = "thiếu bản lưu chỉ mục tìm kiếm của lần dựng trước"
NO_FEED_RECORD = "thiếu bản lưu các nguồn tin (RSS) của lần dựng trước"
BOUND_BEFORE = "thân bài cũ có ảnh, trích dẫn văn bản hoặc liên kết Pelican tự điền"
BOUND_NOW = "thân bài mới có ảnh, trích dẫn văn bản hoặc liên kết Pelican tự điền"
NO_SUMMARY = "tin không có Tóm tắt (Summary), nên tóm tắt lấy từ thân bài"
PAGE_CHANGED = "trang đã dựng của tin không còn như lần dựng trước"
RECORDS_CHANGED = "mã hoặc từ điển của chỉ mục tìm kiếm đã đổi"
SAVED_MEANWHILE = "tệp bài được lưu lại trong lúc dựng"


class BodyEdits:
    """Body-only edits, checked (``find``, ``read``), then applied (``put_in``).

    A check that fails says why in ``why`` (Vietnamese).
    """

    def __init__(  # noqa: PLR0913, PLR0917 - the state, and where things are
        self, state: dict, settings: dict, output: Path, staging: Path, recipes: Path
    ):
        """``recipes``: the feeds' recipes the state keeps (``recipes_of``)."""
        self.state, self.settings, self.recipes_file = state, settings, recipes
        self.output, self.staging = output, staging
        self.notes = state.get("notes") if isinstance(state.get("notes"), dict) else {}
        self.cache_root = Path(
            settings["CACHE_PATH"], settings.get("SEARCH_CACHE_DIR", "search")
        )
        self.edits: list[Edit] = []
        self.slices: dict[int, list] = {}  # slice number -> its new sources
        self.recipes: dict = {}  # what each feed is made of
        self.feeds: dict[str, bytes] = {}  # each changed feed's new bytes
        self.spellings = None  # the search's, for the slices' records (``take``)
        self.why = ""

    def refuse(self, why: str) -> bool:
        self.why = why
        return False

    def find(self, stories: dict[str, bytes]) -> bool:
        """Each story's page, feeds and old body; False if any is not an edit.

        ``stories``: ``edited_bodies``'s, each with its bytes as hashed.
        """
        bodies, slices = self.notes.get("bodies"), self.notes.get("slices")
        if not isinstance(bodies, dict) or not self.valid_slices(slices):
            return self.refuse(NO_SEARCH_RECORD)
        content = self.settings["PATH"]
        for path, data in stories.items():
            story = os.path.relpath(path, content).replace(os.sep, "/")
            shown = bodies.get(story)
            # Shown on one page of its own and in feeds, made into nothing else.
            if not isinstance(shown, list) or not all(
                is_output_path(where, self.state["outputs"]) for where in shown
            ):
                return self.refuse(ELSEWHERE)
            pages = [where for where in shown if where.endswith(".html")]
            if len(pages) != 1:
                return self.refuse(ELSEWHERE)
            feeds = [where for where in shown if where not in pages]
            self.edits.append(Edit(path, pages[0], feeds, data))
        return self.find_old_bodies(slices) and self.feeds_as_kept()

    def valid_slices(self, slices) -> bool:
        """Whether the notes' slices are the search index's, in its folders."""
        if not isinstance(slices, list) or not slices:
            return False
        base = self.settings.get("SEARCH_BUNDLE_DIR", "pagefind")
        folders = bundle_dirs(len(slices), base)
        return all(
            isinstance(entry, dict)
            and entry.get("folder") == folder
            and isinstance(entry.get("key"), str)
            and isinstance(entry.get("stamp"), str)
            for entry, folder in zip(slices, folders, strict=True)
        )

    def find_old_bodies(self, slices: list) -> bool:
        """Each edit's slice, and its old body there; the slices checked whole."""
        wanted = {edit.page: edit for edit in self.edits}
        for number in reversed(range(len(slices))):  # the newest stories first
            if not wanted:
                break
            entry = slices[number]
            sources = load_pickle(sources_path(self.cache_root, entry["key"]), [])
            if shard_key(sources, entry["stamp"]) != entry["key"]:
                return self.refuse(NO_SEARCH_RECORD)  # missing, damaged, another's
            for position, source in enumerate(sources):
                edit = wanted.pop(source.path, None)
                if edit is not None:
                    edit.slice, edit.position = number, position
                    edit.old_html = source.body
                    self.slices[number] = sources
        if wanted:
            return self.refuse(NO_SEARCH_RECORD)
        if any(SITE_BOUND.search(edit.old_html) for edit in self.edits):
            return self.refuse(BOUND_BEFORE)
        return True

    def feeds_as_kept(self) -> bool:
        """Whether each feed that carries a story is made as kept (``recipes``).

        A feed's recipe (what the last build made it of) must make the feed
        the output holds, byte for byte.
        """
        paths = sorted({path for edit in self.edits for path in edit.feeds})
        if paths:
            self.recipes = load_pickle(self.recipes_file, {})
        for path in paths:
            if not self.made_as_kept(path, self.recipes.get(path)):
                return self.refuse(NO_FEED_RECORD)
        return True

    def made_as_kept(self, path: str, recipe) -> bool:
        """Whether ``recipe`` makes the feed ``path`` as the output holds it."""
        if not isinstance(recipe, tuple) or len(recipe) != 4:  # noqa: PLR2004 - kind, info, items, siteurl
            return False
        kind, info, items, siteurl = recipe
        try:
            return (self.output / path).read_bytes() == feed_bytes(
                kind, info, items, ReadableItems(siteurl)
            )
        except Exception:  # noqa: BLE001 - a recipe of another shape: not used
            return False

    def as_hashed(self) -> bool:
        """Whether each story's file still holds the bytes hashed (and put in).

        The gate reads the files themselves: one saved since they were hashed
        may have been checked in place of the bytes this build would publish.
        """
        for edit in self.edits:
            try:
                if Path(edit.path).read_bytes() != edit.data:
                    return self.refuse(SAVED_MEANWHILE)
            except OSError:
                return self.refuse(SAVED_MEANWHILE)
        return True

    def read(self, readers) -> bool:
        """Each story's new body, read as the build reads it, and its new files."""
        for edit in self.edits:
            why = self.read_one(edit, readers)
            if why:
                return self.refuse(why)
        for path in self.feeds:
            kind, info, items, siteurl = self.recipes[path]
            self.feeds[path] = feed_bytes(kind, info, items, ReadableItems(siteurl))
        return True

    def read_one(self, edit: Edit, readers) -> str:
        """Read one story's new body and make its page; why not, or "".

        The body must add nothing to the story's metadata (the reading steps
        note photos and citations there): read with its header alone, the
        story has the same.
        """
        reader = readers.readers.get(Path(edit.path).suffix.lstrip("."))
        if reader is None:
            return ELSEWHERE
        new_html, metadata = read_as(reader, edit.path, edit.data)
        _, alone = read_as(reader, edit.path, header_of(edit.data))
        if metadata != alone or not body_stands_alone(edit.old_html, new_html):
            return BOUND_NOW
        if "summary" not in metadata:
            return NO_SUMMARY
        edit.new_html, edit.new_page = new_html, self.page_with(edit, new_html)
        if edit.new_page is None:
            return PAGE_CHANGED
        if not self.replace_in_feeds(edit, guid_of(metadata)):
            return NO_FEED_RECORD
        sources = self.slices[edit.slice]
        sources[edit.position] = sources[edit.position]._replace(body=new_html)
        return ""

    def page_with(self, edit: Edit, new_html: str) -> bytes | None:
        """The story's page as the output holds it, with ``new_html`` in."""
        try:
            page = (self.output / edit.page).read_bytes()
        except OSError:
            return None
        return with_body(page, edit.old_html, new_html)

    def replace_in_feeds(self, edit: Edit, guid: str) -> bool:
        """Put the new body in each feed that carries the story, as its item's.

        The item's body is its page's, after its corrections
        (``items.item_from_article``).
        """
        for path in edit.feeds:
            kind, info, items, siteurl = self.recipes[path]
            found = [n for n, item in enumerate(items) if item.guid == guid]
            if len(found) != 1:
                return False
            item = items[found[0]]
            if not item.content_html.endswith(edit.old_html):
                return False
            before = item.content_html[: len(item.content_html) - len(edit.old_html)]
            items = list(items)
            items[found[0]] = replace(item, content_html=before + edit.new_html)
            self.recipes[path] = (kind, info, items, siteurl)
            self.feeds[path] = b""  # made once every edit is in
        return True

    def made(self) -> dict:
        """What ``read`` made, for ``take`` in another process."""
        return {
            "edits": [(edit.new_html, edit.new_page) for edit in self.edits],
            "slices": self.slices,
            "recipes": self.recipes,
            "feeds": self.feeds,
        }

    def take(self, made: dict) -> None:
        """What ``read`` made in another process (``made``)."""
        for edit, (new_html, new_page) in zip(self.edits, made["edits"], strict=True):
            edit.new_html, edit.new_page = new_html, new_page
        self.slices, self.recipes = made["slices"], made["recipes"]
        self.feeds, self.spellings = made["feeds"], made["spellings"]

    def same_records(self, spellings: dict) -> bool:
        """Whether the slices' records would be made as they were (``stamp``)."""
        stamp = record_stamp(spellings)
        if all(
            self.notes["slices"][number]["stamp"] == stamp for number in self.slices
        ):
            return True
        return self.refuse(RECORDS_CHANGED)

    def broken_links(self, siteurl: str) -> list[tuple[str, str]]:
        """(page, url) for each link of a new body with nothing behind it.

        The rest of each page, and every other page, links as it did.
        """
        root = os.fspath(self.output)
        broken = []
        for edit in self.edits:
            page_dir = posixpath.dirname(posixpath.join(root, edit.page))
            for url in dict.fromkeys(page_links(edit.new_html)):
                target = target_file(url, page_dir, root, siteurl, set())
                if target is not None and not os.path.isfile(target):
                    broken.append((edit.page, url))
        return broken

    def index(self, held=(), before_pagefind=lambda: None) -> list[str]:
        """Index each changed search slice anew, into ``staging``; the errors.

        As a build does (``search``): the slice's records made again where
        they changed, Pagefind run on them under the record folder's lock,
        the bundle kept in the cache and sealed, and its sources beside it.
        The sources and the spellings are let go once the records are
        written, then ``before_pagefind`` runs: Pagefind is the peak of
        ``BUILD_MEMORY_MIB``.
        """
        errors, slices, keys = [], self.notes["slices"], {}
        with contextlib.ExitStack() as locks:
            runs = []  # (records, key, what they held, their lock) for Pagefind
            for number in sorted(self.slices):
                sources, self.slices[number] = self.slices[number], []
                indexer = SliceIndexer([sources], self.cache_root, self.spellings)
                key = keys[number] = indexer.slices[0][0]
                # Kept by its key even if Pagefind fails: the next build
                # forgets the sources of slices no state names.
                save_pickle(sources_path(self.cache_root, key), sources)
                if not is_sealed(
                    self.cache_root / key, seal_path(self.cache_root, key)
                ):
                    records = record_folder(self.cache_root, number + 1)
                    lock = locks.enter_context(records.locked())
                    previous = indexer.write_records(records, key, sources)
                    runs.append((records, key, previous, lock))
                del sources, indexer
            self.spellings = None
            before_pagefind()
            for records, key, previous, lock in runs:
                failure = index_kept_records(
                    records, key, previous, (*held, lock.fileno())
                )
                if failure:
                    errors.append(failure)
        if errors:
            return errors
        for number, key in keys.items():
            entry = slices[number]
            link_tree(self.cache_root / key, self.staging / entry["folder"])
            slices[number] = {**entry, "key": key}
        return errors

    def put_in(self) -> None:
        """Put the new pages, feeds and slices into the output, each in one step.

        The feeds' recipes are kept as the output now holds them.
        """
        made = [(edit.page, edit.new_page) for edit in self.edits]
        made += sorted(self.feeds.items())
        fresh = []
        for number, (relative, data) in enumerate(made):
            fresh.append((self.staging / f"made-{number}", relative))
            fresh[-1][0].write_bytes(data)
        for path, relative in fresh:
            os.replace(path, self.output / relative)
        if self.feeds:
            save_pickle(self.recipes_file, self.recipes)
        for number in sorted(self.slices):
            folder = self.notes["slices"][number]["folder"]
            made, live = self.staging / folder, self.output / folder
            if not exchange(made, live):
                retired = self.staging / f"old-{number}"
                live.rename(retired)
                made.rename(live)
                made = retired
            shutil.rmtree(made, ignore_errors=True)

    def outputs(self, before: dict, empty: list[str]) -> tuple[dict, list[str]]:
        """The output's files' records and empty folders, once ``put_in``.

        ``before``, ``empty``: the state's, which the output matched.
        """
        outputs = dict(before)
        for relative in [*(edit.page for edit in self.edits), *self.feeds]:
            outputs.update(records({relative: os.lstat(self.output / relative)}))
        for number in self.slices:
            folder = self.notes["slices"][number]["folder"].strip("/")
            prefix = f"{folder}/"
            for name in [name for name in outputs if name.startswith(prefix)]:
                del outputs[name]
            found, hollow = scan(self.output / folder)
            outputs.update(
                {prefix + name: kept for name, kept in records(found).items()}
            )
            empty = [name for name in empty if not name.startswith(prefix)]
            empty += [prefix + name for name in hollow]
        return outputs, sorted(empty)


def start_site(settings: dict):
    """The site's plugins started as a build starts them, the gate first.

    ``Pelican`` registers the plugins and sends ``initialized``: each sets its
    defaults and the editorial gate checks the content, printing what it finds
    (SystemExit on an error, as in a build). Returns the site's settings then.
    """
    from pelican import Pelican  # noqa: PLC0415 - only once a body-only edit is found

    return Pelican(dict(settings)).settings


def site_readers(settings: dict):
    """The readers a build reads stories with, every plugin's reading step in."""
    from pelican.readers import Readers  # noqa: PLC0415 - as ``start_site``

    return Readers(settings)
