"""The site state a build leaves in ``CACHE_PATH`` for the next one to trust.

A build reuses what earlier builds made: stories already read (the reader
cache), pages already rendered from the same inputs (the page cache, whose
keys digest every input a page is made from, see ``buildspeed.memo``),
derivatives of unchanged photos, search slices of unchanged stories, and the
whole output when nothing changed (``fingerprint``). The state says that those
caches and the output belong together:

- ``version``: the state's format, Python, every installed package and our
  package's code. A state of another version is not trusted.
- ``outputs``: every file of the output the build swapped in, with its size,
  modification time and inode. An output changed since (a file deleted,
  written over, truncated, replaced) does not match: then neither the output
  nor the caches are trusted. An output that is gone is no reason to distrust
  the caches.
- ``empty``: the output's folders that hold nothing, as a clean build leaves
  them (the photos' folder of a site with no story): an output that lost one
  or gained one does not match either.
- ``inputs``: the fingerprint of what that build read (``fingerprint``).
- ``files``, ``headers`` and ``notes``: each input file's content hash, each
  story's header's (``body_edits.header_digest``), and what Pelican noted
  (``shared.buildnotes``): where each body shows, the search slices. With
  them a build after body-only edits changes just those files (``body_edits``).

Beside the state, a folder of hard links keeps every file of that output
(``mirror_of``): when the output is gone (a fresh checkout whose ``cache/``
CI restored) and the inputs are those the state records, the output is put
back from it (``restore_output``) instead of built. Linked, not copied, it
costs no disk space; builds never write into an output file, they swap in a
new folder. The mirror is updated from the last state's record of it (a file
whose inode did not change is linked already), not by walking it.

When the state is missing, unreadable, of another version or does not match
the output, the build says so in one line and builds in full: the caches that
hold rendered output (pages, search slices, link checks) and the mirror are
emptied first. A mirror whose files no longer match the state (written through
a link) is a state that cannot be trusted.

The state is removed just before the swap and written last, after it,
atomically (written beside, flushed to disk, renamed): a build killed before
the swap leaves the old output and its state, one killed after it leaves no
state, so the next build is a full one.
"""

import contextlib
import hashlib
import json
import os
import platform
import posixpath
import shutil
from pathlib import Path

from tintuc.shared.code import add_files, code_folders, installed_packages

# Raised when what a state file holds changes shape.
STATE_FORMAT = 5
STATE_DIR = "site-state"
# The caches under CACHE_PATH that hold output made by earlier builds; the
# reader cache (Pelican's own file check) and photo derivatives (keyed by the
# photo's bytes) hold no output and stay.
OUTPUT_CACHES = ("pages", "page-reads", "search", "linkcheck", "feeds")


def state_path(cache: Path, output: Path) -> Path:
    """The state file for builds of ``output`` that use ``cache``."""
    name = hashlib.sha256(os.fsencode(output.resolve())).hexdigest()[:16]
    return cache / STATE_DIR / f"{name}.json"


def mirror_of(state_file: Path) -> Path:
    """The folder of hard links to every file of the output the state records."""
    return state_file.with_suffix(".files")


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


def version_key(settings: dict) -> str:
    """The state's format, Python, the installed packages and our code."""
    digest = hashlib.sha256(f"{STATE_FORMAT}\0{platform.python_version()}\0".encode())
    digest.update(json.dumps(installed_packages()).encode())
    for folder in code_folders(settings):
        add_files(digest, folder)
    return digest.hexdigest()


def scan(folder: Path) -> tuple[dict[str, os.stat_result], list[str]]:
    """Every file under ``folder`` with its ``lstat``, and the folders holding nothing.

    Both by their ``/`` path, from one walk with ``scandir``. Links are
    described, never followed; the output holds none. A folder that is not
    there holds no file.
    """
    found, empty = {}, []

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as listing:
            entries = list(listing)
        if not entries and prefix:
            empty.append(prefix[:-1])
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, f"{prefix}{entry.name}/")
            else:
                found[prefix + entry.name] = entry.stat(follow_symlinks=False)

    if os.path.isdir(folder):
        walk(os.fspath(folder), "")
    return found, empty


def file_stats(folder: Path) -> dict[str, os.stat_result]:
    """Every file under ``folder`` (by its ``/`` path) and its ``lstat``."""
    return scan(folder)[0]


def records(stats: dict[str, os.stat_result]) -> dict[str, list[int]]:
    """Each file's size, modification time in ns and inode, as the state keeps them."""
    return {
        path: [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        for path, stat in stats.items()
    }


def output_files(output: Path) -> dict[str, list[int]]:
    """Every file under ``output`` (by its ``/`` path), as the state records it."""
    return records(file_stats(output))


def output_folders(outputs) -> list[str]:
    """Every folder that holds a file of ``outputs`` (paths), each after its parent."""
    folders = set()
    for path in outputs:
        folder = posixpath.dirname(path)
        while folder and folder not in folders:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return sorted(folders)  # a parent's path is a prefix of its children's


def make_folders(root: Path, folders: list[str]) -> None:
    """Create ``folders`` (parents first) under ``root``; those there already stay."""
    base = os.fspath(root)
    for folder in folders:
        with contextlib.suppress(FileExistsError):
            os.mkdir(f"{base}/{folder}")


def remove_empty(root: Path, empty: list[str], removable: set[str]) -> list[str]:
    """Remove the folders of ``empty`` that are ``removable``; those left empty.

    Then each one's parents, while they are ``removable`` and left empty.
    """
    base, left = os.fspath(root), set()
    for empty_folder in empty:
        folder = empty_folder
        while folder in removable:
            try:
                os.rmdir(f"{base}/{folder}")
            except OSError:  # holds something: so do its parents
                break
            folder = posixpath.dirname(folder)
        else:  # not removable: empty still, or now that a child went
            if folder and (
                folder == empty_folder or not os.listdir(f"{base}/{folder}")
            ):
                left.add(folder)
    return sorted(left)


def holds_files(folder: Path) -> bool:
    """Whether ``folder`` exists with at least one file somewhere under it."""
    return any(files for _, _, files in os.walk(folder))


def load_state(path: Path, version: str, output: Path) -> tuple[dict | None, str]:
    """The saved state if it can be trusted, else None and why, in Vietnamese."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "chưa có trạng thái của lần dựng trước"
    except (OSError, ValueError):
        return None, "trạng thái của lần dựng trước bị hỏng"
    if not isinstance(state, dict):
        return None, "trạng thái của lần dựng trước bị hỏng"
    # Before its shape: a state an older format wrote is of another version.
    if state.get("version") != version:
        return None, "trạng thái của lần dựng trước thuộc phiên bản mã khác"
    if (
        not isinstance(state.get("outputs"), dict)
        or not all(map(is_record, state["outputs"].values()))
        or not isinstance(state.get("empty"), list)
        or not all(isinstance(folder, str) for folder in state["empty"])
    ):
        return None, "trạng thái của lần dựng trước bị hỏng"
    why = output_mismatch(state, output, mirror_of(path))
    return (None, why) if why else (state, "")


def output_mismatch(state: dict, output: Path, mirror: Path) -> str:
    """Why the output (or, with none, the mirror) is not what ``state`` records."""
    if holds_files(output):
        found, empty = scan(output)
        if not same_files(records(found), state["outputs"]) or (
            sorted(empty) != state["empty"]
        ):
            return "thư mục đầu ra đã bị sửa sau lần dựng trước"
    # No output at all (a fresh checkout, CI): the mirror stands for it.
    elif state.get("mirrored") and not same_files(
        output_files(mirror), state["outputs"]
    ):
        return "bản lưu các trang đã dựng đã bị sửa hoặc thiếu"
    return ""


def same_files(found: dict[str, list[int]], recorded: dict[str, list]) -> bool:
    """Whether ``found`` holds the files ``recorded``, of the same sizes and times.

    Not inodes: a copy of the output or of the cache (CI restores it from an
    archive) with its times kept is as good.
    """
    return found.keys() == recorded.keys() and all(
        found[path][:2] == record[:2] for path, record in recorded.items()
    )


def is_record(record) -> bool:
    """Whether a state's record of one file is its size, time and inode."""
    return (
        isinstance(record, list)
        and len(record) == 3  # noqa: PLR2004 - the three of the docstring
        and all(type(value) is int for value in record)
    )


def folder_id(folder: Path) -> list[int] | None:
    """The device and inode of ``folder``: a copy of it, or a new one, differs."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino]


def forget_state(path: Path) -> None:
    """Remove the state before a build changes the caches it vouches for."""
    path.unlink(missing_ok=True)


def empty_output_caches(cache: Path, output: Path) -> None:
    """Empty the caches that hold output of earlier builds (a full build)."""
    for name in OUTPUT_CACHES:
        shutil.rmtree(cache / name, ignore_errors=True)
    shutil.rmtree(mirror_of(state_path(cache, output)), ignore_errors=True)


def link_over(source: str, target: str) -> None:
    """Hard-link ``source`` at ``target``, replacing what is there, parents made."""
    try:
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        os.link(source, target)
    except FileNotFoundError:
        if not os.path.lexists(source):
            raise
        os.makedirs(posixpath.dirname(target), exist_ok=True)
        os.link(source, target)


def update_mirror(
    output: Path,
    want: dict[str, list[int]],
    mirror: Path,
    have: dict[str, list[int]],
) -> bool:
    """Make ``mirror`` hold a hard link to every file of ``output``, and no other.

    ``want``: ``output``'s ``records``; ``have``: the mirror's (from the last
    state). Files already linked (the same inode) stay. False,
    and no mirror, where the two cannot be linked (another file system):
    copies would double the site.
    """
    base, source = os.fspath(mirror), os.fspath(output)
    try:
        for path, record in want.items():
            old = have.get(path)
            if old is not None and old[2] == record[2]:
                continue
            link_over(f"{source}/{path}", f"{base}/{path}")
    except OSError:
        shutil.rmtree(mirror, ignore_errors=True)
        return False
    gone = sorted(have.keys() - want.keys(), reverse=True)
    for path in gone:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{base}/{path}")
    remove_empty(
        mirror, [posixpath.dirname(path) for path in gone], set(output_folders(have))
    )
    return True


def restore_output(state: dict, mirror: Path, staging: Path) -> bool:
    """Link every file the state records from ``mirror`` into ``staging``.

    ``staging`` is new, and may hold some of the folders already. The empty
    folders the state records are made too.
    """
    base, target = os.fspath(mirror), os.fspath(staging)
    # A path ending in "/" names its folder: an empty one with its parents.
    empty = [f"{folder}/" for folder in state["empty"]]
    try:
        os.makedirs(target, exist_ok=True)
        make_folders(staging, output_folders([*state["outputs"], *empty]))
        for path in state["outputs"]:
            os.link(f"{base}/{path}", f"{target}/{path}")
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return False
    return True


def save_state(
    path: Path,
    version: str,
    output: Path,
    inputs: str,
    *,
    stats: dict[str, os.stat_result] | None = None,
    empty: list[str] = (),
    last: dict | None = None,
    more: dict | None = None,
    outputs: dict[str, list[int]] | None = None,
) -> None:
    """Record ``output`` as built now from ``inputs``, and mirror it.

    ``more``: what else the state keeps (``files``, ``headers``, ``notes``).
    ``stats`` and ``empty``: ``output``'s ``scan``, if known; or ``outputs``,
    its files' ``records``, with ``empty``. ``last``: the
    state this one follows, trusted: what its mirror holds is what it records,
    if the mirror is the very folder it updated (``folder_id``); else the
    mirror is walked. Atomic: the mirror first, then the state, on disk before
    it is named.
    """
    if outputs is None:
        if stats is None:
            stats, empty = scan(output)
        outputs = records(stats)
    mirror = mirror_of(path)
    if last and last.get("mirrored") and last.get("mirror") == folder_id(mirror):
        have = last["outputs"]
    else:
        have = output_files(mirror)
    mirrored = update_mirror(output, outputs, mirror, have)
    state = {
        **(more or {}),
        "version": version,
        "outputs": outputs,
        "empty": sorted(empty),
        "inputs": inputs,
        "mirrored": mirrored,
        "mirror": folder_id(mirror) if mirrored else None,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    with open(partial, "w", encoding="utf-8") as file:
        file.write(json.dumps(state, sort_keys=True))  # one C call, unlike ``dump``
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
