"""Read stories on every core, into Pelican's own reader cache.

Pelican reads one file after another. Before a generator starts, the files
its reader cache does not hold (or holds for other bytes: the stamp is an md5
of the file) are converted by forked workers and put in that cache; Pelican
then finds them all there. The cache is kept between builds, so a rebuild
converts only the stories that changed. It is thrown away whenever anything
that shapes a reader's output changes (settings, versions, reader code).
"""

import hashlib
import json
import multiprocessing
import os
from importlib.metadata import version
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.readers import Readers

# Generators with a reader cache, and the settings naming what they read.
SOURCES = {
    ArticlesGenerator: ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
    PagesGenerator: ("PAGE_PATHS", "PAGE_EXCLUDES"),
}
PACKAGES = ("pelican", "markdown", "pygments", "nh3")
STAMP_FILE = "readers.stamp"
# Where a build writes does not change what a reader makes.
BUILD_PLACES = {"OUTPUT_PATH", "CACHE_PATH"}
_worker = {}  # in a forked worker only: the Readers object it reads with


def plain(value):
    """``value`` if it is plain data (JSON-able), else None."""
    try:
        json.dumps(value, sort_keys=True)
    except (TypeError, ValueError):
        return None
    return value


def readers_stamp(settings: dict, code_dirs: list[Path]) -> str:
    """A hash of what a reader's output depends on, besides the file itself."""
    digest = hashlib.sha256()
    described = {
        key: plain(value)
        for key, value in sorted(settings.items())
        if key not in BUILD_PLACES
    }
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    for package in PACKAGES:
        digest.update(f"{package}={version(package)}\0".encode())
    for folder in code_dirs:
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def drop_stale_caches(settings: dict, code_dirs: list[Path]) -> bool:
    """Delete the reader caches if they were made under other conditions."""
    cache = Path(settings["CACHE_PATH"])
    stamp_file = cache / STAMP_FILE
    stamp = readers_stamp(settings, code_dirs)
    if stamp_file.is_file() and stamp_file.read_text() == stamp:
        return False
    for kind in SOURCES:
        (cache / readers_cache_name(kind)).unlink(missing_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    stamp_file.write_text(stamp)
    return True


def readers_cache_name(kind: type) -> str:
    """The file Pelican keeps a generator's reader cache in (as Pelican names it)."""
    return f"{kind.__name__}-Readers"


def caching_readers(settings: dict) -> bool:
    """Whether Pelican keeps a reader cache with these settings."""
    return settings["CACHE_CONTENT"] and settings["CONTENT_CACHING_LAYER"] == "reader"


def read_chunk(paths: list[str]) -> list[tuple]:
    """Convert some files in a worker: (path, content, metadata) of each that reads.

    Pelican's public ``read_file`` reads a file into the reader cache (as the
    generator will); the worker hands back what it cached.
    """
    readers = _worker["readers"]
    results = []
    for path in paths:
        try:
            readers.read_file(base_path=os.path.dirname(path), path=path)
        except Exception:  # Pelican reads it again and reports the problem
            continue
        cached = readers.get_cached_data(path, None)
        if cached is not None:
            results.append((path, *cached))
    return results


def start_worker(readers: Readers) -> None:
    """Give a forked worker the generator's readers (inherited, never pickled)."""
    _worker["readers"] = readers


def prefill(generator, workers: int) -> int:
    """Convert, in parallel, every file this generator's cache lacks."""
    kind = next((k for k in SOURCES if isinstance(generator, k)), None)
    settings = generator.settings
    if kind is None or not caching_readers(settings):
        return 0
    paths_key, excludes_key = SOURCES[kind]
    code = [Path(folder) for folder in settings["PLUGIN_PATHS"]]
    if drop_stale_caches(settings, code):
        # The cache was loaded when the generator was made: start afresh.
        generator.readers = Readers(settings, readers_cache_name(kind))
    readers = generator.readers
    files = generator.get_files(settings[paths_key], exclude=settings[excludes_key])
    missing = [
        path
        for path in (os.path.abspath(os.path.join(generator.path, f)) for f in files)
        if readers.get_cached_data(path, None) is None
    ]
    if not missing:
        return 0
    missing.sort()
    chunks = [missing[start :: workers * 4] for start in range(workers * 4)]
    if workers > 1 and len(missing) > 1:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, start_worker, (readers,)) as pool:
            results = pool.map(read_chunk, [c for c in chunks if c])
    else:
        start_worker(readers)
        try:
            results = [read_chunk(missing)]
        finally:
            _worker.clear()
    for chunk in results:
        for path, content, metadata in chunk:
            readers.cache_data(path, (content, metadata))
    return len(missing)
