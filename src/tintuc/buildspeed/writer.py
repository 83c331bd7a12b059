"""A writer of ours that renders pages in parallel once all are known.

``write_file`` is Pelican's public method, written here in full with Pelican's
public pieces (``Paginator``, ``sanitised_join``, the ``content_written``
signal) and Pelican's rules for overwriting, but it only records each page.
The recorded pages are rendered at the end of the build, split across worker
processes forked from this one, so they share the whole site in memory
without pickling it.
"""

import dataclasses
import logging
import os
import posixpath
import traceback
from collections import ChainMap
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from tintuc.shared import buildnotes, reads
from tintuc.shared.signals import output_needed, pages_needed
from tintuc.shared.workers import fork, process_count, workers_within

from .memo import PageCache, PageKeys, PageReads
from .tracking import instrument

logger = logging.getLogger(__name__)
PAGINATED_KEYS = {"articles", "dates"}


def worker_count(settings: dict) -> int:
    """``BUILDSPEED_WORKERS``, or one per core when it is 0 (one if no forks)."""
    return process_count(
        settings, settings.get("BUILDSPEED_WORKERS") or os.cpu_count() or 1
    )


class ParallelWriter(Writer):
    """Records pages as Pelican's writer would write them; ``write_pending`` renders.

    It renders when a plugin sends ``pages_needed`` or ``output_needed``, or
    at ``finalized``. Feeds go through Pelican's own ``write_feed``, untouched.
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.workers = worker_count(self.settings)
        # Weak: the receivers go with this writer when the build ends.
        for signal in (pages_needed, output_needed, signals.finalized):
            signal.connect(self.write_pending_for)
        self.pending: dict[str, tuple] = {}
        self.recorded: set[str] = set()
        self.kept: set[str] = set()  # written with override_output: never replaced

    def write_file(  # noqa: PLR0913, PLR0917 - Pelican's own signature
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        """Record the page ``name`` (each page of it, when paginated)."""
        if not name:
            return
        if relative_urls:
            raise ValueError("ParallelWriter does not write relative URLs")
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in PAGINATED_KEYS}
        if not paginated or template_name not in self.settings["PAGINATED_TEMPLATES"]:
            self.record(template, context, name, kwargs, override_output)
            return
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        paginators = {
            key: Paginator(name, url, values, self.settings, per_page)
            for key, values in paginated.items()
        }
        # One object per page, shown by its own page and as its neighbours'
        # previous and next: the page keys describe each once (``memo``).
        made = {}

        def page_of(key: str, number: int):
            if (key, number) not in made:
                made[key, number] = paginators[key].page(number)
            return made[key, number]

        for number in range(next(iter(paginators.values())).num_pages):
            page_kwargs = dict(kwargs)
            for key, paginator in paginators.items():
                page = page_of(key, number + 1)
                page_kwargs |= {
                    f"{key}_paginator": paginator,
                    f"{key}_page": page,
                    f"{key}_previous_page": page_of(key, number) if number else None,
                    f"{key}_next_page": (
                        page_of(key, number + 2)
                        if number + 1 < paginator.num_pages
                        else None
                    ),
                }
            self.record(template, context, page.save_as, page_kwargs, override_output)

    def record(self, template, context, name, kwargs, override) -> None:
        """Remember one page to render, with what differs from ``context``.

        The shared context does not change once pages are being written; a full
        copy of it for every page would cost megabytes per thousand pages.
        """
        path = sanitised_join(self.output_path, name)
        skipped = path in self.kept
        if skipped and override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" a second time'
            )
        if path in self.recorded and not override and not skipped:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}": already written'
            )
        if override:
            self.kept.add(path)
        self.recorded.add(path)
        local = {"localsiteurl": context.get("localsiteurl"), "output_file": name}
        local |= kwargs
        changes = {
            key: value
            for key, value in local.items()
            if context.get(key, _MISSING) is not value
        }
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not skipped:  # a page written with override_output keeps its place
            self.pending[path] = (template, context, changes)
            logger.info('Writing "%s"', path)
            if buildnotes.noting():
                self.note_bodies(name, changes)
        signals.content_written.send(path, context=ChainMap(changes, context))

    def note_bodies(self, name: str, changes: dict) -> None:
        """Note the page ``name`` as showing the body of its own story or page.

        Templates show no other body (``buildspeed.memo``).
        """
        for value in changes.values():
            if isinstance(value, Content):
                where = posixpath.normpath(name.replace(os.sep, "/"))
                buildnotes.body_shown(self.settings, value.source_path, where)
                if value.get_static_links():
                    buildnotes.body_shown(
                        self.settings, value.source_path, buildnotes.STATIC_FILES
                    )

    def write_pending_for(self, pelican) -> None:
        """Render now, if ``pelican`` is the build this writer writes for."""
        if pelican.settings is self.settings:
            self.write_pending()

    def write_pending(self) -> None:
        """Render every recorded page; stop the build if any worker failed.

        With ``BUILDSPEED_PAGE_CACHE``, a page rendered by an earlier build
        from the same inputs is taken from the cache instead (see ``memo``):
        its templates' environments record which stories each page reads.
        """
        jobs, self.pending = sorted(self.pending.items()), {}
        memo = None
        if self.settings.get("BUILDSPEED_PAGE_CACHE") and jobs:
            cache = PageCache(Path(self.settings["CACHE_PATH"], "pages"))
            cache.used()  # drop the notes of a build that did not finish
            record = PageReads(Path(self.settings["CACHE_PATH"], "page-reads"))
            contexts = {id(base): base for _, (_, base, _) in jobs}
            keys = PageKeys(list(contexts.values()), self.settings)
            for template, _, _ in {id(job[0]): job for _, job in jobs}.values():
                instrument(template.environment)
            memo = Memo(cache, keys, record)
        workers = self._render(jobs, memo)
        if memo is not None:
            memo.cache.keep_only(memo.cache.used())
            memo.record.keep(workers)

    def _render(self, jobs, memo) -> set[int]:
        """Render ``jobs`` on every core; the process ids that rendered them."""
        workers = workers_within(self.settings, min(self.workers, len(jobs) // 2))
        children = []
        for worker in range(1, workers):
            pid = fork()
            if pid == 0:  # a worker: render its share, then leave at once
                code = 1
                try:
                    code = render_jobs(jobs[worker::workers], memo)
                finally:
                    os._exit(code)
            children.append(pid)
        status = render_jobs(jobs[0::workers], memo)
        for pid in children:
            _, code = os.waitpid(pid, 0)
            status = status or os.waitstatus_to_exitcode(code)
        if status:
            raise SystemExit("Không tạo được các trang. (Rendering pages failed.)")
        return {os.getpid(), *children}


_MISSING = object()


@dataclasses.dataclass
class Memo:
    """The page cache, the pages' keys and what each page read."""

    cache: PageCache
    keys: PageKeys
    record: PageReads
    used: list[str] = dataclasses.field(default_factory=list)  # kept pages' keys

    def fetch(self, job: tuple, path: str) -> tuple[str | None, bool]:
        """The page's key, and whether its file was put at ``path`` from the cache.

        The key names what the page is made of but for what it reads, which
        is what it read when the cache got it (``record``).
        """
        template, context, changes = job
        key = self.keys.key(template, changes)
        if key is None:
            return None, False
        read = self.record.get(key)
        if read is None:
            return key, False
        kept = self.keys.with_reads(key, context, changes, read)
        if kept is not None and self.cache.fetch(kept, path):
            self.record.note(key, read)
            self.used.append(kept)
            return key, True
        return key, False

    def store(self, key: str, job: tuple, read: reads.Read, output: str, path: str):
        """Keep a page rendered with key ``key``; False if it cannot be kept."""
        _, context, changes = job
        page_read = self.keys.page_read(read)
        if page_read is None:
            return False
        kept = self.keys.with_reads(key, context, changes, page_read)
        if kept is None:
            return False
        self.record.note(key, page_read)
        self.used.append(kept)
        self.cache.store(kept, output, path)
        return True

    def note_used(self) -> None:
        self.cache.note_used(self.used)
        self.record.write()


def render_jobs(jobs, memo: Memo | None) -> int:
    """Write ``jobs``, from the cache or rendered; 0 if all worked, else 1."""
    try:
        for path, job in jobs:
            key, fetched = (None, False)
            if memo is not None:
                key, fetched = memo.fetch(job, path)
            if fetched:
                continue
            template, base, changes = job
            with reads.recording() as read:
                output = template.render({**base, **changes})
            if key is not None and memo.store(key, job, read, output, path):
                continue
            if os.path.lexists(path):
                os.unlink(path)  # it may be a link into the cache: never write there
            with open(path, "w", encoding="utf-8") as page:
                page.write(output)
        if memo is not None:
            memo.note_used()
    except Exception:  # reported here: a forked worker cannot raise to Pelican
        traceback.print_exc()
        return 1
    return 0
