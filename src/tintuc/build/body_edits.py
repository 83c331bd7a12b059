"""A build after stories' bodies alone changed: only the files that show them.

The usual build pays for the whole site (start-up, every story read, the
context, every page keyed) before it finds the few files one edit changes. But
a body is shown in few places, and the last build noted them
(``shared.buildnotes``, kept in the site state): the story's own page, the
feeds that carry it, and its search slice. So when every input but some
stories is as the state records, and each of those stories kept its header
(every line up to the first blank one: all its metadata, hence its title,
summary, date, section, URL and status), this module:

1. finds each story's last body in its search slice's sources, and its page,
   which must hold that body exactly once, where the template puts it;
2. refuses (the usual build runs) a story shown in a feed, without a
   ``Summary`` (Pelican would cut one from the body), or whose old or new body
   is bound to the rest of the site (``body_stands_alone``: a photo, a
   citation, a link Pelican resolves);
3. runs the editorial gate and the site's plugins as a build does
   (``Pelican``'s own start), reads each new body with the site's readers, and
   checks the new body's links against the output;
4. prepares the new pages and search slices beside the output, then puts them
   in, and records the new state.

What it makes is what a clean build makes: ``test_site_state.py`` compares.
A kill before step 4's swaps leaves the old output and its state; one during
them leaves no state, so the next build is a full one.
"""

import hashlib
import os
import posixpath
import re
import shutil
from pathlib import Path

from tintuc.linkcheck.linkcheck import page_links, target_file
from tintuc.search.records import shard_key
from tintuc.search.search import (
    SliceIndexer,
    index_kept_records,
    link_tree,
    record_folder,
    sources_path,
)
from tintuc.shared.buildnotes import IN_FEEDS
from tintuc.shared.cachefiles import load_pickle, save_pickle

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
    """The digest of a story's header: its lines up to the first blank one.

    Markdown's metadata ends at the first blank line, so two files with the
    same header have the same metadata. None when there is no blank line.
    """
    end = None
    for blank in (b"\n\n", b"\r\n\r\n"):
        found = data.find(blank)
        if found >= 0 and (end is None or found < end):
            end = found
    if end is None:
        return None
    return hashlib.sha256(data[:end]).hexdigest()


def story_headers(files: dict, content: str, last: dict | None) -> dict[str, str]:
    """Each Markdown file's ``header_digest`` under ``content``, by path.

    ``files``: each input's content hash; a file the ``last`` state hashed
    alike keeps the header it recorded, others are read.
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
        try:
            found = header_digest(Path(path).read_bytes())
        except OSError:
            found = None
        if found is not None:
            headers[path] = found
    return headers


def edited_bodies(state: dict, found: dict, options: list[str], content: str):
    """The stories whose bodies alone changed since ``state``; None if anything else.

    ``found``: this run's ``input_fingerprint`` details (``files``, ``clock``).
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
    return changed if all(same_header(path, headers) for path in changed) else None


def earlier_fingerprint(options, old_files: dict, new_files: dict, turn: str):
    """The fingerprint of ``new_files`` with their ``old_files`` hashes, or None."""
    try:
        old = [(path, bytes.fromhex(old_files[path])) for path in new_files]
    except (TypeError, ValueError):
        return None
    return fingerprint_of(options, old, turn)


def same_header(path: str, headers: dict) -> bool:
    """Whether the story at ``path`` has the header ``headers`` records for it."""
    try:
        return header_digest(Path(path).read_bytes()) == headers.get(path)
    except OSError:
        return False


class Edit:
    """One story's body edit, worked out before anything is changed."""

    def __init__(self, path: str, story: str, page: str):
        self.path, self.story, self.page = path, story, page
        self.slice = -1  # the number of its search slice in the notes
        self.position = -1  # its place among that slice's sources
        self.old_html = self.new_html = ""
        self.new_page = b""


class BodyEdits:
    """Apply body-only edits to ``output``, or say they cannot be (``prepare``)."""

    def __init__(self, state: dict, settings: dict, output: Path, staging: Path):
        self.state, self.settings = state, settings
        self.output, self.staging = output, staging
        self.notes = state.get("notes") if isinstance(state.get("notes"), dict) else {}
        self.cache_root = Path(
            settings["CACHE_PATH"], settings.get("SEARCH_CACHE_DIR", "search")
        )
        self.edits: list[Edit] = []
        self.slices: dict[int, list] = {}  # slice number -> its new sources

    def find(self, paths: list[str]) -> bool:
        """Each story's page and old body; False if any is not an edit for here."""
        bodies = self.notes.get("bodies")
        slices = self.notes.get("slices")
        if not isinstance(bodies, dict) or not isinstance(slices, list) or not slices:
            return False
        content = self.settings["PATH"]
        for path in paths:
            story = os.path.relpath(path, content).replace(os.sep, "/")
            shown = bodies.get(story)
            if (
                not isinstance(shown, list)
                or len(shown) != 1
                or shown[0] == IN_FEEDS
                or not str(shown[0]).endswith(".html")
            ):
                return False
            self.edits.append(Edit(path, story, shown[0]))
        return self.find_old_bodies(slices)

    def find_old_bodies(self, slices: list) -> bool:
        """Each edit's slice, and its old body there; the slices checked whole."""
        wanted = {edit.page: edit for edit in self.edits}
        for number in reversed(range(len(slices))):  # the newest stories first
            if not wanted:
                break
            entry = slices[number]
            if not isinstance(entry, dict):
                return False
            sources = load_pickle(sources_path(self.cache_root, entry.get("key")), [])
            if shard_key(sources, entry.get("stamp")) != entry.get("key"):
                return False  # missing, damaged or of another slice
            for position, source in enumerate(sources):
                edit = wanted.pop(source.path, None)
                if edit is not None:
                    edit.slice, edit.position = number, position
                    edit.old_html = source.body
                    self.slices[number] = sources
        return not wanted and all(
            SITE_BOUND.search(edit.old_html) is None for edit in self.edits
        )

    def read(self, readers) -> bool:
        """Each story's new body, read as the build reads it, and its new page."""
        for edit in self.edits:
            extension = Path(edit.path).suffix.lstrip(".")
            reader = readers.readers.get(extension)
            if reader is None:
                return False
            new_html, metadata = reader.read(edit.path)
            if "summary" not in metadata or not body_stands_alone(
                edit.old_html, new_html
            ):
                return False
            try:
                page = (self.output / edit.page).read_bytes()
            except OSError:
                return False
            new_page = with_body(page, edit.old_html, new_html)
            if new_page is None:
                return False
            edit.new_html, edit.new_page = new_html, new_page
            sources = self.slices[edit.slice]
            sources[edit.position] = sources[edit.position]._replace(body=new_html)
        return True

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

    def index(self, spellings: dict, held=()) -> list[str]:
        """Index each changed search slice anew, into ``staging``; the errors.

        As a build does (``search``): the slice's records made again where
        they changed, Pagefind run on them under the record folder's lock,
        the bundle kept in the cache and sealed, and its sources beside it.
        """
        errors = []
        slices = self.notes["slices"]
        for number, sources in sorted(self.slices.items()):
            entry = slices[number]
            indexer = SliceIndexer([sources], self.cache_root, spellings)
            if indexer.stamp != entry["stamp"]:
                return [f"{self.cache_root}: search records of another version"]
            key = indexer.slices[0][0]
            records = record_folder(self.cache_root, number + 1)
            with records.locked() as lock:
                previous = indexer.write_records(records, key, sources)
                failure = index_kept_records(
                    records, key, previous, (*held, lock.fileno())
                )
            if failure:
                errors.append(failure)
                continue
            save_pickle(sources_path(self.cache_root, key), sources)
            link_tree(self.cache_root / key, self.staging / entry["folder"])
            slices[number] = {**entry, "key": key}
        return errors

    def put_in(self) -> None:
        """Put the new pages and slices into the output, each in one step."""
        for number, edit in enumerate(self.edits):
            fresh = self.staging / f"page-{number}.html"
            fresh.write_bytes(edit.new_page)
            os.replace(fresh, self.output / edit.page)
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
        for edit in self.edits:
            outputs.update(records({edit.page: os.lstat(self.output / edit.page)}))
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
