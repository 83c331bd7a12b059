"""Files on disk for the gate to read: ``main``'s content, and a commit over it.

The gate reads files, so a check needs the tree it checks on disk. ``main``'s
``content/`` is extracted once per commit (``git archive``, then a rename, so a
half-extracted folder is never used); a tree to check is made over it, with
the commit's changes written in: a whole copy of hard links for the whole-site
check (safe: files are replaced, never written in place), or, for one story,
only the folders on the way to the changed files, the rest linked.
"""

import contextlib
import io
import os
import shutil
import tarfile
import tempfile
import time
from pathlib import Path

from .git import Git
from .paths import CONTENT

KEEP_SNAPSHOTS = 2
# An older snapshot stays this long (seconds) after a newer one replaced it:
# pages that read main without the lock (the bulletin, the quick form's site)
# may still be reading it.
SNAPSHOT_GRACE = 600


class Trees:
    """Snapshots and scratch trees in one folder of the state folder."""

    def __init__(self, git: Git, folder: Path):
        self.git = git
        self.folder = Path(folder)

    def snapshot(self, commit: str) -> Path:
        """The folder holding ``content/`` of ``commit``, made whole, then renamed in.

        Made from the newest snapshot (hard links, plus the commits' difference)
        when there is one, so a publish does not extract every photo again.
        """
        final = self.folder / f"main-{commit}"
        if final.is_dir():
            return final
        self.folder.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=".extract-", dir=self.folder))
        previous = self.newest()
        if previous is not None:
            link_copy(previous / CONTENT, fresh / CONTENT)
            since = previous.name.removeprefix("main-")
            self.write_changes(fresh, self.changes(since, commit))
        else:
            archive = self.git.run(
                "archive", "--format=tar", commit, CONTENT, timeout=600
            )
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(fresh, filter=files_only)
        (fresh / CONTENT).mkdir(exist_ok=True)
        try:
            fresh.rename(final)
        except OSError:  # another process made it first
            shutil.rmtree(fresh, ignore_errors=True)
        self.forget_old(keep=final)
        return final

    def sweep(self, older_than: float = 3600) -> None:
        """Remove scratch folders a killed process left behind."""
        limit = time.time() - older_than
        for left in [*self.folder.glob(".extract-*"), *self.folder.glob("check-*")]:
            with contextlib.suppress(OSError):
                if left.stat().st_mtime < limit:
                    shutil.rmtree(left, ignore_errors=True)

    def newest(self) -> Path | None:
        """The most recent snapshot whose commit the clone still has, or None."""
        snapshots = sorted(
            self.folder.glob("main-*"), key=lambda path: path.stat().st_mtime
        )
        for snapshot in reversed(snapshots):
            if self.git.resolve(snapshot.name.removeprefix("main-")):
                return snapshot
        return None

    def changes(self, old: str, new: str) -> dict:
        """What ``content/`` changes from ``old`` to ``new``: path → ``new`` or None."""
        return {
            path: None if status == "D" else new
            for status, path in self.git.diff(old, new)
            if path.startswith(CONTENT + "/")
        }

    def write_changes(self, root: Path, changes: dict) -> None:
        """Write each change under ``root``: bytes, a commit to read from, or None.

        A file is replaced, never written in place (it may be a hard link); a
        link of the tree is left out, as in a snapshot.
        """
        for path, change in changes.items():
            place = root / path
            if place.is_dir() and not place.is_symlink():
                shutil.rmtree(place)
            with contextlib.suppress(FileNotFoundError):
                place.unlink()
            if change is None:
                continue
            data = change if isinstance(change, bytes) else self.git.read(change, path)
            if data is not None:
                place.parent.mkdir(parents=True, exist_ok=True)
                place.write_bytes(data)

    def forget_old(self, keep: Path, grace: float = SNAPSHOT_GRACE) -> None:
        """Remove all but the newest snapshots, once none may still be read."""
        snapshots = sorted(
            self.folder.glob("main-*"), key=lambda path: path.stat().st_mtime
        )
        limit = time.time() - grace
        old = snapshots[:-KEEP_SNAPSHOTS]
        for snapshot, successor in zip(old, snapshots[1:], strict=False):
            with contextlib.suppress(OSError):
                if snapshot != keep and successor.stat().st_mtime < limit:
                    shutil.rmtree(snapshot, ignore_errors=True)

    @contextlib.contextmanager
    def checked_tree(
        self, base: str, target: str, overrides=None, *, whole=True, real=()
    ):
        """A scratch folder with ``content/`` as commit or tree ``target`` has it.

        ``base`` is a commit whose snapshot is copied first (``main``);
        ``overrides`` (path → bytes) are written last, as the text to check.
        ``whole``: every file is there (hard links), for checks that walk the
        tree; else only the folders on the way to a changed file are made, the
        rest are symbolic links into the snapshot, which is enough to check one
        story and costs little however big the site is. ``real``: folders
        whose files are there all the same (a document's PDFs, which must not
        lead out of ``content/``; a snapshot holds no links: ``files_only``).
        """
        snapshot = self.snapshot(base)
        scratch = Path(tempfile.mkdtemp(prefix="check-", dir=self.folder))
        try:
            changes = self.changes(base, target) | (overrides or {})
            if whole:
                link_copy(snapshot / CONTENT, scratch / CONTENT)
            else:
                link_around(snapshot, scratch, list(changes), real)
            self.write_changes(scratch, changes)
            yield scratch
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def link_around(snapshot: Path, scratch: Path, paths: list[str], real=()) -> None:
    """Real folders on the way to each path; links to the snapshot for the rest.

    A ``real`` folder is made too, and in it files are hard links, as in
    ``link_copy``.
    """
    on_the_way = {CONTENT}
    for path in [*paths, *(f"{folder}/" for folder in real)]:
        parts = path.split("/")[:-1]
        on_the_way.update("/".join(parts[: n + 1]) for n in range(len(parts)))
    for folder in sorted(on_the_way):
        (scratch / folder).mkdir(parents=True, exist_ok=True)
        source = snapshot / folder
        if not source.is_dir():
            continue
        inside = any(f"{folder}/".startswith(f"{top}/") for top in real)
        for child in source.iterdir():
            relative = f"{folder}/{child.name}"
            if relative in on_the_way:
                continue
            if not inside:
                (scratch / relative).symlink_to(child)
            elif child.is_dir():
                link_copy(child, scratch / relative)
            else:
                link_copy_file(child, scratch / relative)


def files_only(member: tarfile.TarInfo, destination: str):
    """Extract folders and regular files only; a link in the tree is left out."""
    if not (member.isfile() or member.isdir()):
        return None
    return tarfile.data_filter(member, destination)


def link_copy(source: Path, destination: Path) -> None:
    """Copy a folder as hard links (a plain copy where links are not possible)."""
    for folder, _, files in os.walk(source):
        target = destination / Path(folder).relative_to(source)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            link_copy_file(Path(folder) / name, target / name)


def link_copy_file(source: Path, destination: Path) -> None:
    """A hard link to a file (a plain copy where links are not possible)."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
