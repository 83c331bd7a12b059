"""Files of the feeds plugin kept between builds, found again by what they are made of.

Every file this plugin writes is the bytes of a pure function (in ``writers``
or ``sitemaps``) of values it computes first: feed items, a feed's
description, the pages for the sitemap, the recent stories for Google News.
Its key hashes those values with what every key holds, as the page cache's
(``buildspeed.memo``): the theme, our code, the installed packages and the
settings. A file whose key an earlier build stored is hard-linked from
``CACHE_PATH/feeds`` instead of made again, with the page cache's checks: a
file truncated or changed since it was stored is made again, never served.

Values that are already at hand stand for the costly parts: a feed is keyed
by its items with each story's HTML as its page has it, and rewritten for feed
readers only when the feed is made (``items.for_feed_readers``).
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

from tintuc.buildspeed.memo import Fingerprints, KeyedFiles, Uncacheable, code_digest
from tintuc.shared.cachefiles import write_atomic

CACHE_DIR = "feeds"


class KeyedOutput:
    """Writes files into the output, from the cache when their key is known."""

    def __init__(self, settings: dict, output_path: str):
        self.output_path = output_path
        self.fingerprints = Fingerprints(settings)
        self.used: set[str] = set()
        self.cache = self.code = None
        if not settings.get("FEEDS_CACHE"):
            return
        try:
            self.code = code_digest(self.fingerprints)
        except Uncacheable:
            return  # a setting the digest cannot describe: nothing is kept
        self.cache = KeyedFiles(Path(settings["CACHE_PATH"], CACHE_DIR))

    def key(self, inputs: tuple) -> str | None:
        """The key of a file made from ``inputs``; None if it cannot be kept."""
        if self.cache is None:
            return None
        try:
            described = self.fingerprints.value(inputs)
        except Uncacheable:
            return None
        return hashlib.sha256(self.code + described).hexdigest()

    def write(self, relative: str, inputs: tuple, make: Callable[[], bytes]) -> None:
        """Put ``make()`` at ``relative`` in the output, or the same bytes kept.

        ``inputs`` holds all that ``make`` reads beside the code and settings,
        and names what it makes.
        """
        destination = Path(self.output_path, relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        key = self.key(inputs)
        if key is None:
            # Whole, in place of what is there (maybe a link into the cache).
            write_atomic(destination, make())
            return
        self.used.add(key)
        if not self.cache.fetch(key, destination):
            self.cache.store(key, make(), destination)

    def finish(self) -> None:
        """Record this build's files in the cache and delete all others."""
        if self.cache is not None:
            self.cache.keep_only(self.used)
