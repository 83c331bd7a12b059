"""What a page read while it rendered, for the page cache.

``buildspeed`` keys a kept page by the values of its context it read and by
the stories it read (``buildspeed.memo``): a title edit then renders again
only the pages that showed that story, a new story only the pages that list
it. The templates' reads are recorded by the template environment
(``buildspeed.tracking``); Python code that reads stories a template did not
hand it (``documents``' citation links read every document) says so with
``note``.
"""

import contextlib
import dataclasses
import datetime
from collections.abc import Iterator

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

# Stands for what could not be searched (an iterator, searched only by using
# it up): the page is never kept.
UNKNOWN = 0

# Kinds that hold no content object.
_PLAIN = (str, bytes, int, float, bool, type(None), datetime.date, datetime.time)


# A content object read whole: by a function handed it, which may read any of
# its fields.
WHOLE = "*"


@dataclasses.dataclass
class Read:
    """What one page read: fields of content objects, and names of its context."""

    contents: dict[int, Content | None] = dataclasses.field(default_factory=dict)
    # id of a content object -> the names of the fields read of it, or WHOLE.
    fields: dict[int, set[str]] = dataclasses.field(default_factory=dict)
    names: set[str] = dataclasses.field(default_factory=set)

    def add(self, content: Content, field: str) -> None:
        self.contents[id(content)] = content
        self.fields.setdefault(id(content), set()).add(field)

    def add_unknown(self) -> None:
        """Something was read that cannot be known: the page is never kept."""
        self.contents[UNKNOWN] = None


# While a page renders: what it read.
_read: Read | None = None


@contextlib.contextmanager
def recording() -> Iterator[Read]:
    """Record what is read until the block ends."""
    global _read  # noqa: PLW0603 - one page renders at a time in a process
    outer, _read = _read, Read()
    try:
        yield _read
    finally:
        _read = outer


def active() -> bool:
    return _read is not None


def read(content: Content, field: str) -> None:
    """Count ``content``'s field ``field`` as read, if a page is rendering."""
    if _read is not None:
        _read.add(content, field)


def resolved(name: str) -> None:
    """Count the context's value named ``name`` as read, if a page is rendering."""
    if _read is not None:
        _read.names.add(name)


def unknown() -> None:
    """Count the page rendering now as having read what cannot be known."""
    if _read is not None:
        _read.add_unknown()


def note(value) -> None:
    """Count every content object in ``value`` as read by the page rendering now.

    Containers, dataclasses and plain objects are searched through; a content
    object is not (a function given a story reads that story's own fields). An
    iterator cannot be searched without using it up: it counts as ``UNKNOWN``.
    """
    if _read is not None:
        _search(value, _read, set())


def _search(value, read: Read, seen: set[int]) -> None:
    if isinstance(value, _PLAIN):
        return
    if isinstance(value, Content):
        read.add(value, WHOLE)
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
        read.add_unknown()
        return
    elif hasattr(value, "__dict__"):
        items = [v for k, v in vars(value).items() if k != "settings"]
    elif hasattr(value, "__iter__"):
        items = list(value)  # a view of a dict's values, a range…
    else:
        return  # no fields of its own: a number-like or built-in value
    for item in items:
        _search(item, read, seen)
