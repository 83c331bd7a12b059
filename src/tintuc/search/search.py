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
import time
from contextlib import ExitStack
from functools import partial
from importlib.metadata import version
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from tintuc.shared import buildnotes
from tintuc.shared.cachefiles import (
    is_sealed,
    link_or_copy,
    save_pickle,
    seal,
    write_atomic,
)
from tintuc.shared.locks import exclusive
from tintuc.shared.settings import apply_defaults
from tintuc.shared.signals import output_needed, pages_needed
from tintuc.shared.urls import freeze_urls
from tintuc.vn_text import slug
from tintuc.vn_text.dates import format_date_vi, year_vi

from . import records as record_code
from . import spelling, wordfilter
from .recordfolder import RecordFolder, remove
from .records import Source, bundle_dirs, shard_key, shards, story_record
from .settings import DEFAULTS
from .spelling import SpellingsError, load_spellings

SEAL_SUFFIX = ".whole.json"  # beside each slice: what it holds when whole
# Beside each slice: its sources, for a build that changes one story's body.
SOURCES_SUFFIX = ".sources.pickle"
RECORDS = "site"  # site-1/ holds the first slice's record pages
# Pagefind writes its bundle in memory when this has room (see scratch_folder).
SCRATCH = Path("/dev/shm")
SCRATCH_FREE = 64 * 2**20
SCRATCH_PREFIX = "tintuc-search-"
# A scratch folder this old was left by a killed build (Pagefind takes minutes).
SCRATCH_STALE_SECONDS = 24 * 3600
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
        if buildnotes.noting():
            for key, sources in self.slices:
                if not sources_path(self.cache_root, key).exists():
                    save_pickle(sources_path(self.cache_root, key), sources)
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
        lock = holding.enter_context(records.locked())
        try:
            previous = self.write_records(records, key, sources)
            run = PagefindRun(records, key, previous, (lock.fileno(),))
            self.running = (run, holding)
        except BaseException:
            holding.close()
            raise

    def write_records(self, records: RecordFolder, key: str, sources: list):
        """Make ``records`` hold this slice's record pages, folding only new stories.

        Returns the key of the slice the folder held before, if any.
        """
        wanted = {
            source.path: (
                self.record_key(source),
                partial(story_record, source, self.spellings),
            )
            for source in sources
        }
        return records.update(key, wanted).previous

    def leave_for_later(self, output: Path, dirs: list[str]) -> None:
        """Write the missing slices' records and list them for ``index_later``."""
        folders = dict(zip((key for key, _ in self.slices), dirs, strict=True))
        for number, key, sources in self.waiting:
            records = record_folder(self.cache_root, number)
            with records.locked():
                previous = self.write_records(records, key, sources)
            self.left.append(
                {
                    "key": key,
                    "records": str(records.path),
                    "previous": previous,
                    "folder": str(output / folders[key]),
                }
            )
        self.waiting = []
        write_atomic(self.later, json.dumps(self.left, indent=1).encode())

    def finish_running(self):
        """Wait for the running Pagefind; keep its slice, sealed, if it worked."""
        run, holding = self.running
        try:
            failure = run.finish()
            if failure:
                self.errors.append(failure)
        finally:
            run.clean()
            holding.close()

    def abandon(self):
        """Stop the running Pagefind and forget the slices not made yet."""
        atexit.unregister(self.abandon)
        self.waiting = []
        if self.running is not None:
            (run, holding), self.running = self.running, None
            run.stop()
            run.clean()
            holding.close()

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
        # The bundles the left slices replace: the wrapper links their unchanged files.
        previous = [entry["previous"] for entry in self.left if entry["previous"]]
        # Those of the last build's state too: a failed build must not lose them.
        previous = [*previous, *buildnotes.slices_to_keep()]
        forget_other_slices(self.cache_root, [key for key, _ in self.slices], previous)


def record_folder(cache_root: Path, number: int) -> RecordFolder:
    """The record pages of slice ``number`` (counted from 1), kept between builds."""
    return RecordFolder(cache_root / f"{RECORDS}-{number}")


def forget_other_slices(
    cache_root: Path, keys: list[str], previous: list[str] = ()
) -> None:
    """Delete what the search cache holds for no slice of this site.

    ``previous`` bundles stay too, for ``index_later``.

    What belongs to a record folder (its pages, manifest, a manifest being
    written) is touched only while no other build holds the folder; lock files
    stay, so two builds always lock the same file.
    """
    keep = {*keys, *previous} | {
        f"{key}{suffix}"
        for key in [*keys, *previous]
        for suffix in (SEAL_SUFFIX, SOURCES_SUFFIX)
    }
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


def sources_path(cache_root: Path, key: str) -> Path:
    """Where the sources of slice ``key`` are kept, beside it."""
    return cache_root / f"{key}{SOURCES_SUFFIX}"


def scratch_folder(records: RecordFolder) -> Path | None:
    """A folder in memory for Pagefind's bundle of ``records``, or None.

    Pagefind creates a file per story, with many threads at once: on a busy
    disk that can cost more than the indexing (see bench/RESULTS.md, #30). In
    memory, then only the files that changed are written to disk. Each record
    folder has its own, used only under its lock, so what a killed build left
    there is removed by the next build indexing that folder, or after a day.
    """
    try:
        space = os.statvfs(SCRATCH)
    except OSError:
        return None
    if space.f_bavail * space.f_frsize < SCRATCH_FREE or not os.access(
        SCRATCH, os.W_OK
    ):
        return None
    name = hashlib.sha256(os.fsencode(records.path.resolve())).hexdigest()[:20]
    folder = SCRATCH / f"{SCRATCH_PREFIX}{name}"
    try:
        forget_stale_scratch()
        remove(folder)
        folder.mkdir()
    except OSError:
        return None
    return folder


def forget_stale_scratch() -> None:
    """Remove the scratch folders killed builds left, a day on."""
    too_old = time.time() - SCRATCH_STALE_SECONDS
    for entry in SCRATCH.glob(f"{SCRATCH_PREFIX}*"):
        if entry.lstat().st_mtime < too_old:
            remove(entry)


class PagefindRun:
    """Pagefind indexing a record folder, then its bundle kept as slice ``key``.

    :param previous: the slice the folder held before, whose bundle's unchanged
        files are linked rather than written again.
    :param held: the locks (file descriptors) Pagefind holds too: the record
        folder's, and the build's when the wrapper runs it after Pelican
        (``index_later``). If the build is killed, Pagefind goes on
        writing until it ends, and no other build uses that folder meanwhile.
    """

    def __init__(self, records: RecordFolder, key: str, previous: str | None, held=()):
        self.cache_root = records.path.parent
        self.key, self.previous, self.held = key, previous, held
        self.work = Path(tempfile.mkdtemp(prefix="slice-", dir=self.cache_root))
        # With no bundle to link from, every file is new: on disk straight away.
        reusable = previous is not None and (self.cache_root / previous).is_dir()
        self.scratch = scratch_folder(records) if reusable else None
        self.site = records.path
        self.start(self.scratch or self.work / "bundle")

    def start(self, bundle: Path) -> None:
        """Start Pagefind on the record folder, writing its bundle to ``bundle``."""
        command = [sys.executable, "-m", "pagefind", "--site", str(self.site)]
        command += ["--output-path", str(bundle)]
        self.log = (self.work / "pagefind.log").open("w")
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, pass_fds=self.held
        )

    def finish(self) -> str:
        """Wait for Pagefind; keep its bundle as slice ``key``, or say why not.

        Renamed into the cache only when whole, and sealed, so a half or damaged
        slice (a killed build, a truncated file) is made again, never linked.
        Returns Pagefind's log when it failed, else "".
        """
        code = self.wait()
        if code and self.scratch is not None:
            # Memory may have run short (a small /dev/shm): once more, on disk.
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
            self.start(self.work / "bundle")
            code = self.wait()
        if code:
            return (self.work / "pagefind.log").read_text(errors="replace")
        bundle = self.work / "bundle"
        if self.scratch is not None:
            previous = self.cache_root / self.previous if self.previous else None
            copy_bundle(self.scratch, bundle, previous)
        kept = self.cache_root / self.key
        shutil.rmtree(kept, ignore_errors=True)
        os.rename(bundle, kept)
        seal(kept, seal_path(self.cache_root, self.key))
        return ""

    def wait(self) -> int:
        """Pagefind's exit code, once it has ended.

        Interrupted meanwhile (Ctrl-C), this process stops it and waits for its
        end before going on: Pagefind shares the record folder's lock, which
        the caller lets go of then, and no build may use the folder beside it.
        """
        try:
            code = self.process.wait()
        except BaseException:
            self.stop()
            raise
        self.log.close()
        return code

    def stop(self) -> None:
        """Stop Pagefind (the build is ending without it)."""
        self.process.kill()
        self.process.wait()
        self.log.close()

    def clean(self) -> None:
        """Remove the folders Pagefind worked in."""
        shutil.rmtree(self.work, ignore_errors=True)
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def copy_bundle(made: Path, target: Path, previous: Path | None) -> None:
    """Copy the bundle in ``made`` to ``target``; link files ``previous`` holds alike.

    A story's edit changes a few of a slice's files; the rest are the previous
    bundle's, byte for byte (compared, not assumed).
    """
    for folder, _, names in os.walk(made):
        relative = Path(folder).relative_to(made)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in names:
            data = Path(folder, name).read_bytes()
            if previous is not None and same_bytes(previous / relative / name, data):
                link_or_copy(previous / relative / name, target / relative / name)
            else:
                (target / relative / name).write_bytes(data)


def same_bytes(path: Path, data: bytes) -> bool:
    """True when ``path`` is a file holding exactly ``data``."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def index_later(listing: Path, held=()) -> list[str]:
    """Index the slices a build left in ``listing``; Pagefind's errors, if any.

    Run by the wrapper once Pelican has ended: one Pagefind at a time, each
    slice cached, then linked into the output it was left for. A record
    folder is indexed only while locked and still holding its slice's records
    (another build sharing the cache may have changed it since). ``held``:
    the build's locks, for Pagefind (``PagefindRun``).
    """
    errors = []
    for entry in json.loads(listing.read_text(encoding="utf-8")):
        key, target = entry["key"], Path(entry["folder"])
        records = RecordFolder(Path(entry["records"]))
        try:
            with records.locked() as lock:
                failure = index_kept_records(
                    records, key, entry.get("previous"), (*held, lock.fileno())
                )
            if failure:
                errors.append(failure)
                continue
            link_tree(records.path.parent / key, target)
        except OSError as error:
            errors.append(f"{entry['folder']}: {error}")
    listing.unlink()
    return errors


def index_kept_records(
    records: RecordFolder, key: str, previous: str | None, held=()
) -> str:
    """Index ``records`` as slice ``key`` if they still are its records (hold the lock).

    Returns what went wrong, or "". ``held``: see ``PagefindRun``.
    """
    cache_root = records.path.parent
    if records.holds(key):
        run = PagefindRun(records, key, previous, held)
        try:
            return run.finish()
        finally:
            run.clean()
    if is_sealed(cache_root / key, seal_path(cache_root, key)):
        return ""  # made meanwhile by another build
    return (
        f"{records.path}: một lần dựng khác đã thay các bản ghi tìm kiếm trước khi "
        "kịp lập chỉ mục; hãy dựng lại. (The search records changed under this "
        "build; build again.)"
    )


def link_tree(source: Path, target: Path):
    """Hard-link every file of ``source`` into ``target`` (copy across devices).

    A ``source`` that is gone (deleted by another build) is an error, never an
    empty slice.
    """
    if not source.is_dir():
        raise FileNotFoundError(f"{source}: không còn bộ chỉ mục này (slice gone)")
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
        dirs = bundle_dirs(len(slices), settings["SEARCH_BUNDLE_DIR"])
        buildnotes.search_slices(
            [
                {"key": key, "folder": folder, "stamp": self.indexer.stamp}
                for (key, _), folder in zip(self.indexer.slices, dirs, strict=True)
            ]
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
    freeze_urls(generators)  # the records' paths, computed once (``shared.urls``)
    for generator in generators:
        if isinstance(generator, SearchGenerator):
            generator.start()


def register():
    signals.initialized.connect(set_default_settings)
    signals.get_generators.connect(add_search_generator)
    signals.all_generators_finalized.connect(start_indexing)
    buildnotes.connect()
