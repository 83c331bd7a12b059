"""Read stories on every core, into a reader cache of ours.

Pelican reads one file after another. Pelican's own reader cache is off
(``CACHE_CONTENT = False``); each generator instead gets a ``Readers`` (Pelican's
public class) that caches in a file this plugin names, with a stamp of what
shapes a reader's output (settings, versions, reader code) in the name: when
any of that changes, the old file is deleted and a fresh one started. Before a
generator starts, the files that cache does not hold (or holds for other
bytes: Pelican stamps each with an md5 of the file) are converted by forked
workers and put in it; Pelican then finds them all there.
"""

import copy
import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.readers import Readers

from tintuc.shared.code import code_folders
from tintuc.shared.workers import fork_map

# Generators with a reader cache, and the settings naming what they read.
SOURCES = {
    ArticlesGenerator: ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
    PagesGenerator: ("PAGE_PATHS", "PAGE_EXCLUDES"),
}
PACKAGES = ("pelican", "markdown", "pygments", "nh3")
CACHE_PREFIX = "buildspeed-readers"
# Where a build writes, and how much it logs, do not change what it makes
# (Pelican's command line sets DEBUG; a build in another process may not).
RUN_ONLY_SETTINGS = {"OUTPUT_PATH", "CACHE_PATH", "DEBUG"}


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
        if key not in RUN_ONLY_SETTINGS
    }
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    for package in PACKAGES:
        digest.update(f"{package}={version(package)}\0".encode())
    for folder in code_dirs:
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_file_name(kind: type, stamp: str) -> str:
    """Our reader cache's file for generators of ``kind`` under ``stamp``."""
    return f"{CACHE_PREFIX}-{kind.__name__}-{stamp[:20]}"


def caching_readers(settings: dict) -> bool:
    """Whether this plugin keeps a reader cache (``BUILDSPEED_READER_CACHE``)."""
    return bool(settings.get("BUILDSPEED_READER_CACHE"))


def cached_readers(settings: dict, kind: type, code_dirs: list[Path]) -> Readers:
    """Pelican's ``Readers``, loading and saving our cache file for ``kind``.

    Files of other stamps are deleted; a damaged file is deleted and started
    afresh (Pelican's loader does not catch every kind of damage).
    """
    cache = Path(settings["CACHE_PATH"])
    name = cache_file_name(kind, readers_stamp(settings, code_dirs))
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob(f"{CACHE_PREFIX}-{kind.__name__}-*"):
        if old.name != name:
            old.unlink(missing_ok=True)
    reader_settings = {
        **settings,
        # Pelican's Markdown reader adds to this dict: not to the site's.
        "MARKDOWN": copy.deepcopy(settings["MARKDOWN"]),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
    }
    try:
        return Readers(reader_settings, name)
    except Exception:  # noqa: BLE001 - any damage: the cache is only a shortcut
        (cache / name).unlink(missing_ok=True)
        return Readers(reader_settings, name)


def read_chunk(readers: Readers, paths: list[str]) -> list[tuple]:
    """Convert some files in a worker: (path, content, metadata) of each that reads.

    Pelican's public ``read_file`` reads a file into the reader cache (as the
    generator will); the worker hands back what it cached.
    """
    results = []
    for path in paths:
        try:
            readers.read_file(base_path=os.path.dirname(path), path=path)
        except Exception:  # noqa: BLE001 - Pelican reads it again and reports it
            continue
        cached = readers.get_cached_data(path, None)
        if cached is not None:
            results.append((path, *cached))
    return results


def prefill(generator, workers: int) -> int:
    """Give the generator our cached readers; convert what they lack, in parallel."""
    kind = next((k for k in SOURCES if isinstance(generator, k)), None)
    settings = generator.settings
    if kind is None or not caching_readers(settings):
        return 0
    paths_key, excludes_key = SOURCES[kind]
    code = code_folders(settings)
    readers = generator.readers = cached_readers(settings, kind, code)
    files = generator.get_files(settings[paths_key], exclude=settings[excludes_key])
    missing = sorted(
        path
        for path in (os.path.abspath(os.path.join(generator.path, f)) for f in files)
        if readers.get_cached_data(path, None) is None
    )
    if not missing:
        return 0
    chunks = [missing[start :: workers * 4] for start in range(workers * 4)]
    chunks = [chunk for chunk in chunks if chunk]
    for chunk in fork_map(lambda paths: read_chunk(readers, paths), chunks, workers):
        for path, content, metadata in chunk:
            readers.cache_data(path, (content, metadata))
    return len(missing)
