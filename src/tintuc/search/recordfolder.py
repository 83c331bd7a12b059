"""A slice's record pages, kept on disk between builds for Pagefind to index.

Each slice position has a folder in the search cache (``site-1/``, ``site-2/`` …)
holding one record page per story, a manifest beside it (``site-1.json``) and a
lock file (``site-1.lock``). The files are the records: a build rewrites only the
pages whose story changed, adds new ones and deletes those gone.

The folder is trusted only when it holds exactly what its manifest lists, each
file with the digest recorded: the manifest is removed before the folder is
changed and written again once it is complete, so a build killed meanwhile, a
truncated or edited file, or a file added by hand makes the next build write the
whole folder anew. The lock is held while the folder is written and while
Pagefind reads it, so two builds never mix their records.
"""

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from tintuc.shared.cachefiles import entries_below, write_atomic
from tintuc.shared.locks import exclusive

MANIFEST_FORMAT = 1


class Updated(NamedTuple):
    """What ``RecordFolder.update`` did."""

    written: int  # record pages written
    previous: str | None  # the slice key the folder held before, if it was whole


def page_digest(data: bytes) -> str:
    """The digest a manifest records for one record page."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def folder_files(folder: Path) -> set[str] | None:
    """Every file below ``folder`` by its path, or None if anything else is there.

    A link or a special file is not something a build wrote: it makes the
    folder untrusted (Pagefind would follow it).
    """
    found = set()
    try:
        for name, entry in entries_below(os.fspath(folder)):
            if entry.is_symlink() or not entry.is_file():
                return None
            found.add(name)
    except OSError:
        return None
    return found


def holds_exactly(folder: Path, pages: dict) -> bool:
    """True when ``folder`` holds the files of ``pages``, each with its digest."""
    if folder_files(folder) != pages.keys():
        return False
    for name, (_, digest) in pages.items():
        try:
            data = (folder / name).read_bytes()
        except OSError:
            return False
        if page_digest(data) != digest:
            return False
    return True


def read_manifest(path: Path) -> tuple[str, dict] | None:
    """The slice key and pages a manifest lists, or None if it is not whole."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        key, pages = manifest["key"], manifest["pages"]
        whole = manifest["format"] == MANIFEST_FORMAT and isinstance(key, str)
        whole = whole and isinstance(pages, dict)
        whole = whole and all(
            isinstance(page, list)
            and len(page) == 2
            and all(isinstance(part, str) for part in page)
            for page in pages.values()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (key, pages) if whole else None


def remove(path: Path) -> None:
    """Remove whatever stands at ``path``: a folder, a file or a link."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


class RecordFolder:
    """The record pages of one slice position, with their manifest and lock.

    :param path: the folder, ``<search cache>/site-<n>``.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.manifest_path = self.path.with_name(f"{self.path.name}.json")
        self.lock_path = self.path.with_name(f"{self.path.name}.lock")

    def locked(self):
        """Hold the folder for this process; another build waits, and says so."""

        def say_waiting():
            print(
                f"Một lần dựng khác đang dùng {self.path}; chờ nó xong. "
                "(Another build is using these search records; waiting.)",
                flush=True,
            )

        return exclusive(self.lock_path, on_busy=say_waiting)

    def trusted_pages(self) -> tuple[str, dict] | None:
        """The manifest's key and pages, if the folder holds exactly them."""
        manifest = read_manifest(self.manifest_path)
        if manifest is None or self.path.is_symlink():
            return None
        if not holds_exactly(self.path, manifest[1]):
            return None
        return manifest

    def holds(self, key: str) -> bool:
        """True when the folder is whole and holds the records of slice ``key``."""
        manifest = self.trusted_pages()
        return manifest is not None and manifest[0] == key

    def update(
        self, key: str, wanted: dict[str, tuple[str, Callable[[], bytes]]]
    ) -> Updated:
        """Make the folder hold the records of slice ``key``.

        ``wanted`` maps each page's path to what its record is made from (a
        digest) and how to make it. A page whose source is unchanged is kept
        without being made; one made again is written only if its bytes changed.
        Hold ``locked()`` around this call.
        """
        manifest = self.trusted_pages()
        if manifest is None:
            kept, previous = {}, None
            remove(self.path)
            remove(self.manifest_path)
        else:
            previous, kept = manifest
            # From here until the new manifest, the folder is not trusted.
            self.manifest_path.unlink()
        earlier = self.path  # where the kept pages are read from
        if kept and wanted.keys() - kept.keys():
            # Pagefind indexes pages in the order the folder lists them, and a
            # file system lists a new entry where it likes (tmpfs: last): with
            # a page added, the whole folder is written anew in the slice's
            # order, as a clean build writes it. Edits are written in place.
            earlier = self.path.with_name(f".{self.path.name}.earlier")
            remove(earlier)
            self.path.rename(earlier)
        else:
            for name in kept.keys() - wanted.keys():
                self.delete_page(name)
        pages, written = {}, 0
        for name, (source, make) in wanted.items():
            old = kept.get(name)
            if old is not None and old[0] == source:
                pages[name] = old
                if earlier != self.path:
                    self.write_page(name, (earlier / name).read_bytes())
                    written += 1
                continue
            data = make()
            pages[name] = [source, page_digest(data)]
            if earlier != self.path or old is None or old[1] != pages[name][1]:
                self.write_page(name, data)
                written += 1
        self.path.mkdir(parents=True, exist_ok=True)
        if earlier != self.path:
            remove(earlier)
        manifest = {"format": MANIFEST_FORMAT, "key": key, "pages": pages}
        write_atomic(self.manifest_path, json.dumps(manifest, sort_keys=True).encode())
        return Updated(written, previous)

    def write_page(self, name: str, data: bytes) -> None:
        """Write one page, in place if it is there (its folder entry stays)."""
        page = self.path / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes(data)

    def forget_partial_manifests(self) -> None:
        """Delete manifests left half-written by a killed build (hold the lock)."""
        for partial in self.path.parent.glob(f".{self.manifest_path.name}.*.tmp"):
            partial.unlink(missing_ok=True)

    def delete_page(self, name: str) -> None:
        """Delete one page and the folders it leaves empty."""
        page = self.path / name
        page.unlink()
        folder = page.parent
        while folder != self.path:
            try:
                folder.rmdir()
            except OSError:
                return  # not empty
            folder = folder.parent
