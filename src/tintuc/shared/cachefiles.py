"""Cache files that are written whole and trusted only when whole.

A build can be killed at any moment, and a cache folder can be truncated or
damaged by hand; a cache is only ever a shortcut, so anything that does not
check out is made again, never used and never a traceback.
"""

import contextlib
import json
import os
import pickle
import shutil
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Write ``path`` whole: a temporary file beside it, then a rename.

    ``durable`` also waits until the bytes are on disk (for records, not caches).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as file:
        file.write(data)
        if durable:
            file.flush()
            os.fsync(file.fileno())
    os.replace(temporary, path)


def file_sizes(folder: Path, leave_out: Path | None = None) -> dict[str, int]:
    """Every file below ``folder`` but ``leave_out``, with its size, by path.

    Raises OSError when ``folder`` cannot be listed.
    """
    skip = None
    if leave_out is not None:
        with contextlib.suppress(ValueError):  # ``leave_out`` is elsewhere
            skip = Path(leave_out).relative_to(folder).as_posix()
    return {
        name: entry.stat().st_size
        for name, entry in entries_below(os.fspath(folder))
        if entry.is_file() and name != skip
    }


def entries_below(directory: str, prefix: str = "", skip=frozenset()):
    """(``/`` path below ``directory``, ``os.DirEntry``) of all but its folders.

    Files, links and anything else: the caller picks. Plain strings from
    ``os.scandir``: outputs and caches hold tens of thousands of files, and a
    ``Path`` per file cost more than reading them. Folders linked in are not
    entered, as ``Path.rglob`` does not; folders named in ``skip`` neither.
    Raises OSError when a folder cannot be listed.
    """
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in skip:
                    yield from entries_below(entry.path, f"{prefix}{entry.name}/", skip)
            else:
                yield f"{prefix}{entry.name}", entry


def seal(folder: Path, seal_path: Path) -> None:
    """Record what ``folder`` holds once it is complete."""
    sizes = file_sizes(folder, seal_path)
    write_atomic(seal_path, json.dumps(sizes, sort_keys=True).encode())


def is_sealed(folder: Path, seal_path: Path) -> bool:
    """True when ``folder`` holds exactly what its seal recorded.

    Catches a folder left half-made by a killed build, and a file missing,
    added, truncated or grown since (a damaged file of the very same size is
    not caught).
    """
    try:
        with open(seal_path, "rb") as kept:
            recorded = json.loads(kept.read())
        return isinstance(recorded, dict) and recorded == file_sizes(folder, seal_path)
    except (OSError, ValueError):
        return False


def is_whole_jpeg(path: Path) -> bool:
    """True when ``path`` starts and ends as a JPEG does (not truncated)."""
    try:
        with open(path, "rb") as image:
            start = image.read(2)
            image.seek(-2, os.SEEK_END)
            return start == b"\xff\xd8" and image.read(2) == b"\xff\xd9"
    except OSError:
        return False


def save_pickle(path: Path, value) -> None:
    """Keep ``value`` in ``path``, written whole."""
    write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path, default):
    """What ``save_pickle`` kept, or ``default`` when it is missing or damaged.

    ``default``'s type is the only type accepted.
    """
    try:
        with Path(path).open("rb") as kept:
            value = pickle.load(kept)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return default
    return value if isinstance(value, type(default)) else default


def link_or_copy(source: Path, destination: Path) -> None:
    """Hard-link ``source`` at ``destination``; copy across file systems.

    Whatever stood at ``destination`` goes first, so nothing is ever written
    through a link into a cache.
    """
    if os.path.lexists(destination):
        os.unlink(destination)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)
