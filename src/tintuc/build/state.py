"""The site state a build leaves in ``CACHE_PATH`` for the next one to trust.

A build reuses what earlier builds made: stories already read (the reader
cache), pages already rendered from the same inputs (the page cache, whose
keys digest every input a page is made from, see ``buildspeed.memo``),
derivatives of unchanged photos, search slices of unchanged stories, and the
whole output when nothing changed (``fingerprint``). The state says that those
caches and the output belong together:

- ``version``: the state's format, Python, every installed package and our
  package's code. A state of another version is not trusted.
- ``outputs``: every file of the output the build swapped in, with its size and
  modification time. An output changed since (a file deleted, written over,
  truncated) does not match: then neither the output nor the caches are
  trusted. An output that is gone is no reason to distrust the caches.

When the state is missing, unreadable, of another version or does not match
the output, the build says so in one line and builds in full: the caches that
hold rendered output (pages, search slices, link checks) are emptied first.

The state is removed just before the swap and written last, after it,
atomically (written beside, flushed to disk, renamed): a build killed before
the swap leaves the old output and its state, one killed after it leaves no
state, so the next build is a full one.
"""

import hashlib
import json
import os
import platform
import shutil
import sys
from pathlib import Path

from tintuc.shared.code import code_folders

# Raised when what a state file holds changes shape.
STATE_FORMAT = 1
STATE_DIR = "site-state"
# The caches under CACHE_PATH that hold output made by earlier builds; the
# reader cache (Pelican's own file check) and photo derivatives (keyed by the
# photo's bytes) hold no output and stay.
OUTPUT_CACHES = ("pages", "search", "linkcheck", "feeds")


def state_path(cache: Path, output: Path) -> Path:
    """The state file for builds of ``output`` that use ``cache``."""
    name = hashlib.sha256(os.fsencode(output.resolve())).hexdigest()[:16]
    return cache / STATE_DIR / f"{name}.json"


def content_link(cache: Path, output: Path) -> Path:
    """The fixed name through which builds of ``output`` read ``--content``."""
    return state_path(cache, output).with_suffix(".content")


def point_link(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` in one step (a new link renamed over it)."""
    link.parent.mkdir(parents=True, exist_ok=True)
    fresh = link.with_name(f".{link.name}.{os.getpid()}")
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(target, target_is_directory=True)
    os.replace(fresh, link)


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


def version_key(settings: dict) -> str:
    """The state's format, Python, the installed packages and our code."""
    digest = hashlib.sha256(f"{STATE_FORMAT}\0{platform.python_version()}\0".encode())
    digest.update(json.dumps(installed_packages()).encode())
    for folder in code_folders(settings):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def output_files(output: Path) -> dict[str, list[int]]:
    """Every file under ``output`` (by its ``/`` path): its size and time in ns.

    Links are described, never followed; the output holds none.
    """
    found = {}

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                else:
                    stat = entry.stat(follow_symlinks=False)
                    found[prefix + entry.name] = [stat.st_size, stat.st_mtime_ns]

    walk(os.fspath(output), "")
    return found


def load_state(path: Path, version: str, output: Path) -> tuple[dict | None, str]:
    """The saved state if it can be trusted, else None and why, in Vietnamese."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "chưa có trạng thái của lần dựng trước"
    except (OSError, ValueError):
        return None, "trạng thái của lần dựng trước bị hỏng"
    if not isinstance(state, dict) or not isinstance(state.get("outputs"), dict):
        return None, "trạng thái của lần dựng trước bị hỏng"
    if state.get("version") != version:
        return None, "trạng thái của lần dựng trước thuộc phiên bản mã khác"
    # No output at all (a fresh checkout, CI): the build makes every file
    # anew, and the caches check themselves.
    if output.is_dir() and output_files(output) != state["outputs"]:
        return None, "thư mục đầu ra đã bị sửa sau lần dựng trước"
    return state, ""


def forget_state(path: Path) -> None:
    """Remove the state before a build changes the caches it vouches for."""
    path.unlink(missing_ok=True)


def empty_output_caches(cache: Path) -> None:
    """Empty the caches that hold output of earlier builds (a full build)."""
    for name in OUTPUT_CACHES:
        shutil.rmtree(cache / name, ignore_errors=True)


def save_state(path: Path, version: str, output: Path) -> None:
    """Record ``output`` as built now; atomic, on disk before it is named."""
    state = {"version": version, "outputs": output_files(output)}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    with open(partial, "w", encoding="utf-8") as file:
        json.dump(state, file, sort_keys=True)
        file.flush()
        os.fsync(file.fileno())
    os.replace(partial, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def fallback_message(reason: str) -> str:
    """The one line a build prints when it cannot build incrementally."""
    return (
        f"Dựng lại toàn bộ trang: {reason}. "
        "(Full build: the saved site state cannot be used.)"
    )
