"""Which stories a page read while it rendered, for the page cache.

``buildspeed`` keys a kept page by the stories it read (``buildspeed.memo``):
a title edit then renders again only the pages that showed that story. The
templates' reads are recorded by the template environment; Python code that
reads stories a template did not hand it (``documents``' citation links read
every document) says so with ``note``.
"""

import contextlib
import dataclasses
import datetime
from collections.abc import Iterator

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

# While a page renders: the content objects it read, by id.
_reads: dict[int, Content | None] | None = None

# Stands for what could not be searched (an iterator, searched only by using
# it up): the page is never kept.
UNKNOWN = 0

# Kinds that hold no content object.
_PLAIN = (str, bytes, int, float, bool, type(None), datetime.date, datetime.time)


@contextlib.contextmanager
def recording() -> Iterator[dict[int, Content]]:
    """Record the content objects read until the block ends."""
    global _reads  # noqa: PLW0603 - one page renders at a time in a process
    outer, _reads = _reads, {}
    try:
        yield _reads
    finally:
        _reads = outer


def active() -> bool:
    return _reads is not None


def read(content: Content) -> None:
    """Count the content object ``content`` as read, if a page is rendering."""
    if _reads is not None:
        _reads[id(content)] = content


def note(value) -> None:
    """Count every content object in ``value`` as read by the page rendering now.

    Containers, dataclasses and plain objects are searched through; a content
    object is not (a function given a story reads that story's own fields). An
    iterator cannot be searched without using it up: it counts as ``UNKNOWN``.
    """
    if _reads is not None:
        _search(value, _reads, set())


def _search(value, reads: dict[int, Content], seen: set[int]) -> None:
    if isinstance(value, _PLAIN):
        return
    if isinstance(value, Content):
        reads[id(value)] = value
        return
    if id(value) in seen or isinstance(value, URLWrapper) or callable(value):
        return  # a tag or a section holds names only; a function, code
    seen.add(id(value))
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    elif dataclasses.is_dataclass(value):
        items = [getattr(value, field.name) for field in dataclasses.fields(value)]
    elif hasattr(value, "__next__"):
        reads[UNKNOWN] = None
        return
    elif hasattr(value, "__dict__"):
        items = [v for k, v in vars(value).items() if k != "settings"]
    elif hasattr(value, "__iter__"):
        items = list(value)  # a view of a dict's values, a range…
    else:
        return  # no fields of its own: a number-like or built-in value
    for item in items:
        _search(item, reads, seen)
