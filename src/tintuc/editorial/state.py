"""The gate's state kept between runs: each file's check, by the file's content hash.

``CACHE_PATH/editorial-gate.pickle`` holds, for every story, page and
document, what checking it alone found (``checked.FileCheck``). The next run
reads again only the files whose bytes changed, or whose photos or PDFs
changed, or about which the clock has since turned (the far-future date
warning); the rules spanning files always run, over every file's facts.

The state is only a shortcut. It is used only when it was made by the same
code, installed packages, settings and data files (``state_version``); the
approvers list is not part of that, since only the rules spanning files read
it. Anything that does not check out means a full check, said on one line.
"""

import hashlib
import json
from pathlib import Path

from tintuc.photos.paths import resolve_media
from tintuc.shared.cachefiles import load_pickle, save_pickle
from tintuc.shared.code import add_files, code_folders, installed_packages
from tintuc.shared.locks import exclusive

from .approvers import APPROVERS_FILE
from .checked import FileCheck, file_digest

STATE_FILE = "editorial-gate.pickle"
LOCK_FILE = "editorial-gate.lock"
# Bumped when the saved layout changes (the code's hash would catch it too).
FORMAT = 1
# The kinds of files the gate checks, each kept apart.
STORIES, PAGES, DOCUMENTS = "stories", "pages", "documents"
# The settings the checks of one file read. EDITORIAL_PREVIEW is left out:
# only the rules spanning files read it. PATH too: the version holds the
# content folder as problems name it, so a copy checked from its own folder
# (the newsroom's, at each publish) keeps the checks.
SETTING_PREFIXES = ("EDITORIAL_", "PHOTOS_", "DOCUMENTS_", "DIRECTORY_")
SETTING_NAMES = ("ARTICLE_PATHS", "PAGE_PATHS")
CROSS_FILE_SETTINGS = ("EDITORIAL_PREVIEW",)

FULL_CHECK = "Kiểm tra toàn bộ nội dung: "
MISSING = "chưa có trạng thái kiểm tra đã lưu ({path}). (Full check: no saved state.)"
DAMAGED = (
    "trạng thái kiểm tra đã lưu ({path}) bị hỏng, không trọn vẹn hoặc không khớp; "
    "sẽ ghi lại. (Full check: the saved state is damaged, truncated or foreign.)"
)
UNWRITABLE = (
    "Không ghi được trạng thái kiểm tra vào {path} ({error}); lần sau sẽ kiểm tra "
    "toàn bộ. (Could not save the gate's state.)"
)
CHANGED = (
    "mã, gói cài đặt, thiết lập hoặc tệp dữ liệu đã đổi từ lần kiểm tra trước. "
    "(Full check: code, packages, settings or data files changed.)"
)


def gate_settings(settings: dict) -> dict:
    """The settings the checks of one file read, with their values.

    With the library's defaults, which a build has and ``make check`` has not.
    """
    from tintuc.documents.settings import DEFAULTS  # noqa: PLC0415 - the library's

    return {
        key: value
        for key, value in sorted({**DEFAULTS, **settings}.items())
        if (key.startswith(SETTING_PREFIXES) or key in SETTING_NAMES)
        and key not in CROSS_FILE_SETTINGS
    }


def state_version(site, display_path) -> str:
    """A hash of all a file's check depends on besides the file and its photos.

    Our code, the installed packages, the settings the checks read, every data
    file but the approvers list, and where the content folder is as problems
    name it (from the current folder).
    """
    digest = hashlib.sha256(f"format {FORMAT}\0".encode())
    for folder in code_folders(site.settings):
        add_files(digest, folder, "*.py")
    digest.update(json.dumps(installed_packages()).encode())
    settings = gate_settings(site.settings)
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    data_dir = site.content_dir / site.settings["DIRECTORY_DATA_DIR"]
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        if path.name != APPROVERS_FILE:
            digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
            digest.update(file_digest(path) or b"")
    digest.update(display_path(site.content_dir).encode())
    return digest.hexdigest()


def is_consistent(files) -> bool:
    """True when ``files`` is ``{kind: {path: FileCheck}}`` naming its own paths."""
    return isinstance(files, dict) and all(
        kind in (STORIES, PAGES, DOCUMENTS)
        and isinstance(checks, dict)
        and all(
            isinstance(checked, FileCheck)
            and isinstance(checked.digest, bytes)
            and all(problem.path == path for problem in checked.problems)
            for path, checked in checks.items()
        )
        for kind, checks in files.items()
    )


class GateState:
    """The checks kept from the last run, and the ones this run makes.

    :param site: the site being checked (its clock and content folder).
    :param path: the state file, or None to keep nothing.
    :param version: ``state_version`` of this run.
    :param kept: the checks a valid saved state holds, by kind and path.
    :param note: why this run checks everything, or "".
    """

    def __init__(self, site, path=None, version="", kept=None, note=""):
        self.site, self.path, self.version = site, path, version
        self.kept = kept or {}
        self.made: dict[str, dict[str, FileCheck]] = {}
        self.note = note
        self.digests: dict[Path, bytes | None] = {}

    @classmethod
    def none(cls, site) -> "GateState":
        """A state that keeps nothing: every file is checked."""
        return cls(site)

    @classmethod
    def open(cls, site, display_path) -> "GateState":
        """The state saved in the site's ``CACHE_PATH``; none without one."""
        if not site.settings.get("CACHE_PATH"):
            return cls.none(site)
        path = Path(site.settings["CACHE_PATH"], STATE_FILE)
        version = state_version(site, display_path)
        if not path.exists():
            return cls(site, path, version, note=FULL_CHECK + MISSING.format(path=path))
        try:
            saved = load_pickle(path, {})
            consistent = (
                saved.get("format") == FORMAT
                and isinstance(saved.get("version"), str)
                and is_consistent(saved.get("files"))
            )
        except Exception:  # noqa: BLE001 - any damage: the state is only a shortcut
            consistent = False
        if not consistent:
            return cls(site, path, version, note=FULL_CHECK + DAMAGED.format(path=path))
        if saved["version"] != version:
            return cls(site, path, version, note=FULL_CHECK + CHANGED)
        return cls(site, path, version, saved["files"])

    def input_digest(self, path: Path) -> bytes | None:
        """A photo's or PDF's hash, read once per run."""
        if path not in self.digests:
            self.digests[path] = file_digest(path)
        return self.digests[path]

    def reusable(self, kind: str, path: str, source: Path) -> FileCheck | None:
        """The kept check of ``source`` if it still holds, else None.

        It holds when the file has the same bytes, each photo it names is still
        the same file with the same bytes (or still missing), each PDF too, and
        the clock has passed none of its turns since.
        """
        kept = self.kept.get(kind, {}).get(path)
        if kept is None or file_digest(source) != kept.digest:
            return None
        now = self.site.now
        if any((kept.now < turn) != (now < turn) for turn in kept.turns):
            return None
        content_dir = self.site.content_dir
        for reference, named, digest in kept.inputs:
            path = content_dir / named
            if (
                reference
                and resolve_media(reference, content_dir, source.parent) != path
            ):
                return None
            if self.input_digest(path) != digest:
                return None
        return kept

    def keep(self, kind: str, checks: dict[str, FileCheck]) -> None:
        """Record this run's checks of ``kind`` (the files that exist now)."""
        if checks:
            self.made[kind] = checks

    def save(self) -> str:
        """Write the state whole (a rename), unless nothing changed.

        Returns "" or, when it cannot be written, one line saying so: the
        check stands, the next one reads everything again.
        """
        if self.path is None or (not self.note and self.made == self.kept):
            return ""
        saved = {"format": FORMAT, "version": self.version, "files": self.made}
        try:
            with exclusive(self.path.with_name(LOCK_FILE), on_busy=lambda: None):
                save_pickle(self.path, saved)
        except OSError as error:
            return UNWRITABLE.format(path=self.path, error=error.strerror or error)
        return ""
