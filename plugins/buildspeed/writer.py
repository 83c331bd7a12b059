"""A Pelican writer that renders pages in parallel once all are known.

``write_file`` runs Pelican's own code (pagination, overwrite checks, the
``content_written`` signal) with a template that only records what it was
asked to render. The recorded pages are rendered at the end of the build,
split across worker processes forked from this one, so they share the whole
site in memory without pickling it.
"""

import io
import os
import sys
import traceback
from pathlib import Path

from pelican.writers import FileOverwriteFailedError, Writer

from .memo import PageCache, PageKeys


class _Recorder:
    """Stands in for a template: remembers the context it is rendered with."""

    def __init__(self, template, writer):
        self.template = template
        self.writer = writer

    def render(self, context):
        self.writer._last_render = (self.template, context)
        return ""


def worker_count(settings: dict) -> int:
    """``BUILDSPEED_WORKERS``, or one per core when it is 0."""
    return settings.get("BUILDSPEED_WORKERS") or os.cpu_count() or 1


class ParallelWriter(Writer):
    """Pelican's writer; pages are rendered by ``write_pending``.

    Each instance is found in ``WRITERS`` by its output path, so plugins can
    ask for the pages once all are recorded.
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.workers = worker_count(self.settings)
        WRITERS[str(output_path)] = self
        self._pending: dict[str, tuple] = {}
        self._context: dict = {}
        self._arguments = frozenset()
        self._last_render = None

    def write_file(self, name, template, context, *args, **kwargs):
        self._context = context
        self._arguments = kwargs.keys()
        super().write_file(name, _Recorder(template, self), context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        if self._last_render is None:  # not a page (a feed, say): write it now
            return super()._open_w(filename, encoding, override)
        template, local = self._last_render
        self._last_render = None
        # Pelican's overwrite rules, without creating the file before its time.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time'
                )
            return io.StringIO()
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}": already written'
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        # Keep only what differs from the shared context, which does not
        # change once pages are being written: a full copy of it for every
        # page would cost megabytes per thousand pages. Pelican's page context
        # is a copy of the shared one, changed only by the keyword arguments,
        # a few names of its own and the pagination names (new keys).
        base = self._context
        candidates = (local.keys() - base.keys()) | self._arguments | PELICAN_NAMES
        changes = {
            k: local[k]
            for k in candidates
            if k in local and base.get(k, _MISSING) is not local[k]
        }
        self._pending[filename] = (template, base, changes)
        return io.StringIO()

    def write_pending(self) -> None:
        """Render every recorded page; stop the build if any worker failed.

        With ``BUILDSPEED_PAGE_CACHE``, a page rendered by an earlier build
        from the same inputs is taken from the cache instead (see ``memo``).
        """
        jobs, self._pending = sorted(self._pending.items()), {}
        cache = keys = None
        if self.settings.get("BUILDSPEED_PAGE_CACHE") and jobs:
            cache = PageCache(Path(self.settings["CACHE_PATH"], "pages"))
            cache.used()  # drop the notes of a build that did not finish
            contexts = {id(base): base for _, (_, base, _) in jobs}
            keys = PageKeys(list(contexts.values()), self.settings)
        self._render(jobs, cache, keys)
        if cache is not None:
            cache.keep_only(cache.used())

    def _render(self, jobs, cache, keys) -> None:
        workers = max(1, min(self.workers, len(jobs) // 2))
        sys.stdout.flush()
        sys.stderr.flush()
        children = []
        for worker in range(1, workers):
            pid = os.fork()
            if pid == 0:  # a worker: render its share, then leave at once
                code = 1
                try:
                    code = render_jobs(jobs[worker::workers], cache, keys)
                finally:
                    os._exit(code)
            children.append(pid)
        status = render_jobs(jobs[0::workers], cache, keys)
        for pid in children:
            _, code = os.waitpid(pid, 0)
            status = status or os.waitstatus_to_exitcode(code)
        if status:
            raise SystemExit("Không tạo được các trang. (Rendering pages failed.)")


_MISSING = object()
# What Pelican's write_file sets in a page's context besides its arguments.
PELICAN_NAMES = {"localsiteurl", "output_file", "SITEURL"}
WRITERS: dict[str, ParallelWriter] = {}


def render_jobs(jobs, cache: PageCache | None, keys: PageKeys | None) -> int:
    """Write ``jobs``, from the cache or rendered; 0 if all worked, else 1."""
    used = []
    try:
        for path, (template, base, changes) in jobs:
            key = keys.key(template, changes) if keys else None
            if key is not None:
                used.append(key)
                if cache.fetch(key, path):
                    continue
            output = template.render({**base, **changes})
            if key is not None:
                cache.store(key, output, path)
                continue
            if os.path.lexists(path):
                os.unlink(path)  # it may be a link into the cache: never write there
            with open(path, "w", encoding="utf-8") as page:
                page.write(output)
        if cache is not None:
            cache.note_used(used)
    except Exception:  # reported here: a forked worker cannot raise to Pelican
        traceback.print_exc()
        return 1
    return 0
