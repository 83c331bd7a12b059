"""The code a build runs, which its caches and its fingerprint must cover.

Plugins load by dotted name from our package, not from ``PLUGIN_PATHS``: a
cache keyed on ``PLUGIN_PATHS`` alone would outlive an edit of our code.
"""

import hashlib
import os
import sys
from pathlib import Path

# src/tintuc: every plugin, the build runner and the shared helpers.
PACKAGE = Path(__file__).resolve().parents[1]


def code_folders(settings: dict) -> list[Path]:
    """Our package's folder and the site's own ``PLUGIN_PATHS``, each once."""
    folders = [PACKAGE, *(Path(f).resolve() for f in settings.get("PLUGIN_PATHS", ()))]
    return list(dict.fromkeys(folders))


def installed_packages() -> list[str]:
    """Every installed package by its metadata folder's name (name and version).

    The folders' names say what ``importlib.metadata`` would, without parsing
    each package's metadata (a tenth of a second, on every build).
    """
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue  # a zip file, or a folder that is not there
        found += [name for name in names if name.endswith((".dist-info", ".egg-info"))]
    return sorted(found)


def add_files(digest, folder: Path, pattern: str = "*") -> None:
    """Add each file under ``folder`` matching ``pattern`` to ``digest``.

    Each file counts by its path in ``folder`` and a hash of its bytes;
    compiled files (``__pycache__``) follow from the source and are left out.
    """
    for path in sorted(folder.rglob(pattern)):
        relative = path.relative_to(folder)
        if path.is_file() and "__pycache__" not in relative.parts:
            digest.update(relative.as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
