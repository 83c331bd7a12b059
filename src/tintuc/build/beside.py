"""What a build keeps beside its output folder ``out``, each named ``.out.<suffix>``.

The Makefile's ``clean`` removes the same list (its ``BESIDE``; a test keeps
the two in step).
"""

import ctypes
import os
from pathlib import Path

BUILDING = "building"  # the staging folder a build writes into
OLD = "old"  # the output just replaced, deleted by the next build
LOCK = "lock"  # held while a build (or the devserver's site in memory) runs
SEARCH_LATER = "search-later.json"  # search slices Pelican left to index
RESIDENT = "resident"  # the devserver's scratch output for its site in memory
NOTES = "notes.json"  # what Pelican noted for the site state (``buildnotes``)
SUFFIXES = (BUILDING, OLD, LOCK, SEARCH_LATER, RESIDENT, NOTES)
# renameat2(2): the current folder, and the flag that swaps two paths.
AT_FDCWD = -100
EXCHANGE = 2


def beside(output: Path, suffix: str) -> Path:
    """The file or folder ``suffix`` kept beside ``output``."""
    if suffix not in SUFFIXES:
        raise ValueError(f"{suffix!r} is not kept beside an output")
    return output.with_name(f".{output.name}.{suffix}")


def exchange(one: Path, other: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); False where unsupported."""
    rename = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if rename is None:
        return False
    done = rename(AT_FDCWD, os.fsencode(one), AT_FDCWD, os.fsencode(other), EXCHANGE)
    return done == 0
