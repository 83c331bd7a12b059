"""What a build tells the build wrapper about what it made, for the next build.

The wrapper (``tintuc.build``) names a file in ``TINTUC_BUILD_NOTES``; plugins
note, while Pelican builds, which output files show each story's body and
which search slices the index holds; at ``finalized`` the notes are written
there, and the wrapper keeps them in the site state of a build that worked.
A body-only edit can then be applied to the few files that show that body
(``tintuc.build.body_edits``).

Without the variable (plain ``pelican``, the devserver's site in memory)
nothing is noted.
"""

import json
import os
from pathlib import Path

from pelican import signals

from .cachefiles import write_atomic

ENVIRONMENT = "TINTUC_BUILD_NOTES"
# The search slices the last build's state names (JSON): a build, even one
# that fails, keeps them in the cache for the next body-only edit.
KEEP_SLICES = "TINTUC_BUILD_KEEP_SLICES"
# Beside the notes: what each feed was made of (``feeds``), a pickle.
FEED_RECIPES = ".feeds.pickle"
# What else a body makes, beside the pages and feeds that show it: each by a
# word that is no output path. A body with any of them is built as usual.
PHOTOS = "<photos>"  # it shows photos, whose derivatives the build makes
CITATIONS = "<citations>"  # it cites documents, whose pages list it
STATIC_FILES = "<static>"  # it links files Pelican copies because it does

_bodies: dict[str, set[str]] = {}
_slices: list[dict] = []


def noting() -> bool:
    """Whether this build's notes are asked for."""
    return ENVIRONMENT in os.environ


def body_shown(settings: dict, source_path: str, where: str) -> None:
    """Note that ``where`` shows a body, or is made from it.

    ``where``: an output path, or one of the words above.

    ``source_path``: the content file's, as Pelican names it; kept relative
    to ``PATH`` so that a new copy of the content names the same story.
    """
    if noting() and source_path:
        story = os.path.relpath(source_path, settings["PATH"]).replace(os.sep, "/")
        _bodies.setdefault(story, set()).add(where)


def beside_notes(suffix: str) -> Path | None:
    """A file kept beside the notes, for the wrapper to keep with the state."""
    path = os.environ.get(ENVIRONMENT)
    return Path(path + suffix) if path else None


def slices_to_keep() -> list[str]:
    """The search slices (keys) the last build's state names, if told."""
    try:
        keys = json.loads(os.environ.get(KEEP_SLICES, "[]"))
    except ValueError:
        return []
    if not isinstance(keys, list):
        return []
    return [key for key in keys if isinstance(key, str)]


def search_slices(slices: list[dict]) -> None:
    """Note the search index's slices, oldest first: each one's key and folder."""
    if noting():
        _slices[:] = slices


def write_notes(pelican) -> None:
    """Write what was noted for the wrapper (at ``finalized``), and forget it."""
    path = os.environ.get(ENVIRONMENT)
    if not path:
        return
    notes = {
        "bodies": {story: sorted(where) for story, where in sorted(_bodies.items())},
        "slices": list(_slices),
    }
    write_atomic(path, json.dumps(notes, ensure_ascii=False).encode("utf-8"))
    _bodies.clear()
    _slices.clear()


def connect() -> None:
    """Write the notes when the build ends (one receiver, however many connect)."""
    signals.finalized.connect(write_notes)
