"""What a build keeps beside its output folder ``out``, each named ``.out.<suffix>``.

The Makefile's ``clean`` removes the same list (its ``BESIDE``; a test keeps
the two in step).
"""

from pathlib import Path

BUILDING = "building"  # the staging folder a build writes into
OLD = "old"  # the output just replaced, deleted by the next build
LOCK = "lock"  # held while a build (or the devserver's site in memory) runs
SEARCH_LATER = "search-later.json"  # search slices Pelican left to index
RESIDENT = "resident"  # the devserver's scratch output for its site in memory
SUFFIXES = (BUILDING, OLD, LOCK, SEARCH_LATER, RESIDENT)


def beside(output: Path, suffix: str) -> Path:
    """The file or folder ``suffix`` kept beside ``output``."""
    if suffix not in SUFFIXES:
        raise ValueError(f"{suffix!r} is not kept beside an output")
    return output.with_name(f".{output.name}.{suffix}")
