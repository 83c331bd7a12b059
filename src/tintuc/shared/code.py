"""The code a build runs, which its caches and its fingerprint must cover.

Plugins load by dotted name from our package, not from ``PLUGIN_PATHS``: a
cache keyed on ``PLUGIN_PATHS`` alone would outlive an edit of our code.
"""

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
