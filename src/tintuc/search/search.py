"""Index published stories with Pagefind (the binary ships in the pagefind-bin wheel).

Pagefind does not read the pages readers see. Each published story gives it a
tiny page of its own: its title, summary, text and communes in one spelling
per word (``spelling.py``; Pagefind folds the marks for retrieval, and the
search page ranks by the marks typed). Drafts and future stories are never
published, so never indexed.

Stories are indexed in slices (``SEARCH_SHARD_SIZE``) that the search page
merges: Pagefind's memory grows with the slice, not the site. Slices are built
by Pagefind processes, one after another, while Pelican writes the pages; each
finished slice
is cached by a hash of what its records are made from (each story's path,
title, summary and body, the code that makes records and the spellings), so a rebuild
re-indexes only the slices whose stories changed. Each slice's record pages are
kept too, in a folder of the search cache (``recordfolder.py``): a slice with
one edited story folds and writes one record page again.

Pagefind needs about 165 kB per story of a slice, Pelican about 35 kB per story
of the site: together they pass a 512 MiB budget at 10,000 stories. So a build
wrapper that outlives Pelican (``python -m tintuc.build build``) names a file in
``INDEX_LATER``: Pelican then only writes the missing slices' records and lists
them there, and the wrapper runs Pagefind on them (``index_later``) once
Pelican's memory is free, before the output is swapped in.
"""

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from functools import partial
from importlib.metadata import version
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from tintuc.shared.cachefiles import (
    is_sealed,
    link_or_copy,
    seal,
    write_atomic,
)
from tintuc.shared.locks import exclusive
from tintuc.shared.settings import apply_defaults
from tintuc.shared.signals import output_needed, pages_needed
from tintuc.vn_text import slug
from tintuc.vn_text.dates import format_date_vi, year_vi

from . import records as record_code
from . import spelling, wordfilter
from .recordfolder import RecordFolder, remove
from .records import Source, bundle_dirs, shard_key, shards, story_record
from .settings import DEFAULTS
from .spelling import SpellingsError, load_spellings

SEAL_SUFFIX = ".whole.json"  # beside each slice: what it holds when whole
RECORDS = "site"  # site-1/ holds the first slice's record pages
# The environment variable naming the file of slices left for the wrapper.
INDEX_LATER = "DINHHOA_SEARCH_INDEX_LATER"


def set_default_settings(pelican):
    """Copy each default into the site's settings unless the site set it."""
    apply_defaults(pelican.settings, DEFAULTS)


def place_names(communes, registry) -> str:
    """The names a reader may search a story's communes by, old and new.

    A merged commune's story is found by its old name and by the name of the
    commune it joined.
    """
    names = []
    for commune in communes or ():
        current = registry.current(commune) if registry else commune
        for entry in (commune, current):
            for name in (entry.name, *entry.aliases):
                if name not in names:
                    names.append(name)
    return ", ".join(names)


def story_sources(articles, registry=None) -> list[Source]:
    """What each published story gives the index."""
    return [
        Source(
            a.save_as,
            a.title,
            a.metadata.get("summary", ""),
            a.content or "",
            a.category.name,
            format_date_vi(a.date),
            year_vi(a.date),
            getattr(a, "thumbnail_url", "") or "",
            a.date.isoformat(),
            place_names(a.metadata.get("communes"), registry),
        )
        for a in articles
    ]


def document_sources(documents) -> list[Source]:
    """What each published document gives the index.

    Its text holds the ways a reader types its number ("227/KH-UBND",
    "227 kh ubnd", "ke hoach 227"), its issuer and the text of its PDFs.
    """
    from tintuc.documents.numbers import search_words  # noqa: PLC0415 - optional plugin

    sources = []
    for d in documents:
        kind = d.document_type.name if d.document_type else "Văn bản"
        issuer = d.issuer.name if d.issuer else ""
        pdf_text = " ".join(file["text"] for file in d.attachments)
        body = f"{search_words(d.number, kind)} {issuer} {d.content or ''} {pdf_text}"
        sources.append(
            Source(
                d.save_as,
                f"{kind} số {d.number}: {d.title}",
                f"{issuer} · Số {d.number}",
                body,
                kind,
                format_date_vi(d.date),
                year_vi(d.date),
                "",
                d.date.isoformat(),
            )
        )
    return sources


def record_stamp(spellings: dict) -> str:
    """Pagefind's version, the code and the spellings that make a record."""
    code = hashlib.sha256()
    for module in (record_code, slug, spelling, wordfilter):
        code.update(Path(module.__file__).read_bytes())
    code.update(json.dumps(spellings, ensure_ascii=False, sort_keys=True).encode())
    return f"{version('pagefind')}/{code.hexdigest()[:16]}"


class SliceIndexer:
    """Builds the missing slices, one Pagefind process after another.

    Pagefind runs as a child process (``Popen``), never from a thread, so the
    render workers forked meanwhile copy no running thread. ``start`` launches
    the first missing slice; ``publish`` waits for each and launches the next.
    """

    def __init__(
        self,
        slices: list,
        cache_root: Path,
        spellings: dict,
        later: Path | None = None,
    ):
        self.cache_root = cache_root
        self.spellings = spellings
        self.stamp = record_stamp(spellings)
        self.slices = [(shard_key(s, self.stamp), s) for s in slices]
        self.errors: list[str] = []
        self.waiting: list[tuple] = []
        self.running = None
        self.later = later  # where to list the slices left for the wrapper
        self.left: list[dict] = []

    def start(self):
        self.cache_root.mkdir(parents=True, exist_ok=True)
        # A build that stops before publishing must not leave Pagefind running.
        atexit.register(self.abandon)
        self.waiting = [
            (number, key, sources)
            for number, (key, sources) in enumerate(self.slices, start=1)
            if not is_sealed(self.cache_root / key, seal_path(self.cache_root, key))
        ]
        if self.later is None:
            self.launch_next()

    def launch_next(self):
        """Bring the next missing slice's records up to date; start Pagefind on them.

        The slice's record folder stays locked until Pagefind is done with it.
        """
        if not self.waiting:
            self.running = None
            return
        number, key, sources = self.waiting.pop(0)
        records = record_folder(self.cache_root, number)
        holding = ExitStack()
        holding.enter_context(records.locked())
        try:
            self.write_records(records, key, sources)
            work = Path(tempfile.mkdtemp(prefix="slice-", dir=self.cache_root))
        except BaseException:
            holding.close()
            raise
        process, log = start_pagefind(records.path, work)
        self.running = (key, work, process, log, holding)

    def write_records(self, records: RecordFolder, key: str, sources: list) -> None:
        """Make ``records`` hold this slice's record pages, folding only new stories."""
        wanted = {
            source.path: (
                self.record_key(source),
                partial(story_record, source, self.spellings),
            )
            for source in sources
        }
        records.update(key, wanted)

    def leave_for_later(self, output: Path, dirs: list[str]) -> None:
        """Write the missing slices' records and list them for ``index_later``."""
        folders = dict(zip((key for key, _ in self.slices), dirs, strict=True))
        for number, key, sources in self.waiting:
            records = record_folder(self.cache_root, number)
            with records.locked():
                self.write_records(records, key, sources)
            self.left.append(
                {
                    "key": key,
                    "records": str(records.path),
                    "folder": str(output / folders[key]),
                }
            )
        self.waiting = []
        write_atomic(self.later, json.dumps(self.left, indent=1).encode())

    def finish_running(self):
        """Wait for the running Pagefind; keep its slice, sealed, if it worked."""
        key, work, process, log, holding = self.running
        try:
            failure = finished_slice(self.cache_root, key, work, process, log)
            if failure:
                self.errors.append(failure)
        finally:
            holding.close()
            shutil.rmtree(work, ignore_errors=True)

    def abandon(self):
        """Stop the running Pagefind and forget the slices not made yet."""
        atexit.unregister(self.abandon)
        self.waiting = []
        if self.running is not None:
            key, work, process, log, holding = self.running
            self.running = None
            process.kill()
            process.wait()
            log.close()
            holding.close()
            shutil.rmtree(work, ignore_errors=True)

    def record_key(self, source: tuple) -> str:
        """What a story's record is made from (its ``Source``), as a digest."""
        digest = hashlib.blake2b(self.stamp.encode(), digest_size=16)
        for part in source:
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return digest.hexdigest()

    def publish(self, output: Path, dirs: list[str]):
        """Wait for the slices, link them into ``output``, drop stale cache."""
        atexit.unregister(self.abandon)
        if self.later is not None:
            self.leave_for_later(output, dirs)
        while self.running is not None:
            self.finish_running()
            self.launch_next()
        if self.errors:
            print("\n".join(self.errors), file=sys.stderr)
            raise SystemExit("Không tạo được chỉ mục tìm kiếm. (Pagefind failed.)")
        left = {entry["key"] for entry in self.left}
        for (key, _), folder in zip(self.slices, dirs, strict=True):
            if key not in left:
                link_tree(self.cache_root / key, output / folder)
        forget_other_slices(self.cache_root, [key for key, _ in self.slices])


def record_folder(cache_root: Path, number: int) -> RecordFolder:
    """The record pages of slice ``number`` (counted from 1), kept between builds."""
    return RecordFolder(cache_root / f"{RECORDS}-{number}")


def forget_other_slices(cache_root: Path, keys: list[str]) -> None:
    """Delete what the search cache holds for no slice of this site.

    What belongs to a record folder (its pages, manifest, a manifest being
    written) is touched only while no other build holds the folder; lock files
    stay, so two builds always lock the same file.
    """
    keep = set(keys) | {f"{key}{SEAL_SUFFIX}" for key in keys}
    positions = set()
    for entry in cache_root.iterdir():
        number = record_position(entry.name)
        if number is not None:
            positions.add(number)
        elif entry.name not in keep:
            remove(entry)
    for number in sorted(positions):
        records = record_folder(cache_root, number)
        try:
            with exclusive(records.lock_path):
                records.forget_partial_manifests()
                if number > len(keys):
                    remove(records.path)
                    remove(records.manifest_path)
        except BlockingIOError:
            pass  # another build is using it


def record_position(name: str) -> int | None:
    """The slice a record folder's entry in the cache belongs to, if it is one."""
    stem = name.lstrip(".").split(".", 1)[0]
    prefix, _, number = stem.partition("-")
    if prefix == RECORDS and number.isdigit():
        return int(number)
    return None


def seal_path(cache_root: Path, key: str) -> Path:
    """Where the seal of slice ``key`` is kept, beside it."""
    return cache_root / f"{key}{SEAL_SUFFIX}"


def start_pagefind(site: Path, work: Path):
    """Pagefind on the record pages in ``site`` into ``work/bundle``.

    Returns (process, its log). Pagefind only reads ``site``.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    command += ["--output-path", str(work / "bundle")]
    log = (work / "pagefind.log").open("w")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT), log


def finished_slice(cache_root: Path, key: str, work: Path, process, log) -> str:
    """Wait for Pagefind; keep its bundle as slice ``key``, or say why not.

    Renamed into the cache only when whole, and sealed, so a half or damaged
    slice (a killed build, a truncated file) is made again, never linked.
    Returns Pagefind's log when it failed, else "".
    """
    code = process.wait()
    log.close()
    if code:
        return (work / "pagefind.log").read_text(errors="replace")
    shutil.rmtree(cache_root / key, ignore_errors=True)
    os.rename(work / "bundle", cache_root / key)
    seal(cache_root / key, seal_path(cache_root, key))
    return ""


def index_later(listing: Path) -> list[str]:
    """Index the slices a build left in ``listing``; Pagefind's errors, if any.

    Run by the wrapper once Pelican has ended: one Pagefind at a time, each
    slice cached, then linked into the output it was left for. A record
    folder is indexed only while locked and still holding its slice's records
    (another build sharing the cache may have changed it since).
    """
    errors = []
    for entry in json.loads(listing.read_text(encoding="utf-8")):
        key, target = entry["key"], Path(entry["folder"])
        records = RecordFolder(Path(entry["records"]))
        cache_root, work = records.path.parent, None
        try:
            with records.locked():
                if records.holds(key):
                    work = Path(tempfile.mkdtemp(prefix="slice-", dir=cache_root))
                    process, log = start_pagefind(records.path, work)
                    failure = finished_slice(cache_root, key, work, process, log)
                elif is_sealed(cache_root / key, seal_path(cache_root, key)):
                    failure = ""  # made meanwhile by another build
                else:
                    failure = (
                        f"{records.path}: một lần dựng khác đã thay các bản ghi "
                        "tìm kiếm trước khi kịp lập chỉ mục; hãy dựng lại. (The "
                        "search records changed under this build; build again.)"
                    )
            if failure:
                errors.append(failure)
                continue
            link_tree(cache_root / key, target)
        except OSError as error:
            errors.append(f"{entry['folder']}: {error}")
        finally:
            if work is not None:
                shutil.rmtree(work, ignore_errors=True)
    listing.unlink()
    return errors


def link_tree(source: Path, target: Path):
    """Hard-link every file of ``source`` into ``target`` (copy across devices)."""
    shutil.rmtree(target, ignore_errors=True)
    for folder, _, names in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in names:
            link_or_copy(Path(folder, name), destination / name)


class SearchGenerator(Generator):
    """Indexes the published stories while Pelican writes the pages.

    A story's body is final only once every generator has made its context
    (links to pages and files resolve then), so ``start`` is called from
    ``all_generators_finalized``. ``finish`` runs at ``finalized``, or sooner
    when a plugin sends ``output_needed``.
    """

    def generate_context(self):
        self.indexer = None
        # Weak: the receivers go with this generator when the build ends.
        signals.finalized.connect(self.finish)
        output_needed.connect(self.finish)

    def start(self):
        """Slice the published stories and start Pagefind on the first slice."""
        settings = self.settings
        try:
            spellings = load_spellings(settings["SEARCH_SPELLINGS_FILE"] or None)
        except SpellingsError as error:
            raise SystemExit(str(error)) from None
        self.context["SEARCH_SPELLINGS"] = spellings
        if not settings["SEARCH_INDEX_ENABLED"]:
            self.context["SEARCH_BUNDLES"] = []
            self.context["SEARCH_YEARS"] = self.context["SEARCH_KINDS"] = []
            return
        communes = self.context.get("NEWSROOM", {}).get("commune")
        stories = story_sources(self.context["articles"], communes)
        documents = document_sources(self.context.get("documents", []))
        # The search page's filters: every year and document type with results.
        self.context["SEARCH_YEARS"] = sorted(
            {source.year for source in stories + documents}, reverse=True
        )
        kinds = {source.section for source in documents}
        self.context["SEARCH_KINDS"] = sorted(kinds, key=slug.sort_key_vi)
        stories += documents
        stories.sort(key=lambda source: (source.order, source.path))
        slices = shards(stories, settings["SEARCH_SHARD_SIZE"])
        # Newest first: the search page shows results from recent stories at once,
        # then merges the older slices.
        self.context["SEARCH_BUNDLES"] = bundle_dirs(
            len(slices), settings["SEARCH_BUNDLE_DIR"]
        )[::-1]
        cache_root = Path(settings["CACHE_PATH"], settings["SEARCH_CACHE_DIR"])
        later = os.environ.get(INDEX_LATER)
        self.indexer = SliceIndexer(
            slices, cache_root, spellings, Path(later) if later else None
        )
        self.indexer.start()

    def finish(self, pelican):
        """Put the finished slices in the output; a Pagefind failure stops the build."""
        if pelican.settings is not self.settings or self.indexer is None:
            return  # another build's signal, or already done
        indexer, self.indexer = self.indexer, None
        # Render the pages (see the buildspeed plugin) while Pagefind works.
        try:
            pages_needed.send(pelican)
        except BaseException:
            indexer.abandon()
            raise
        dirs = bundle_dirs(len(indexer.slices), self.settings["SEARCH_BUNDLE_DIR"])
        indexer.publish(Path(self.output_path), dirs)


def add_search_generator(pelican):
    return SearchGenerator


def start_indexing(generators):
    """Start Pagefind once every story's body is final."""
    for generator in generators:
        if isinstance(generator, SearchGenerator):
            generator.start()


def register():
    signals.initialized.connect(set_default_settings)
    signals.get_generators.connect(add_search_generator)
    signals.all_generators_finalized.connect(start_indexing)
