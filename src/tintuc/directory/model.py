"""Load and look up the site's sections, communes and units.

These lists are data the site owner edits: the 2025 reform merged communes,
so an entry can name the entry it was merged into, and its old slug and
name keep resolving.
"""

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tintuc.vn_text.slug import fold_diacritics, slugify_vi

KINDS = ("section", "commune", "unit", "type")
# A code as document numbers write it: a unit's (UBND), a document type's
# (KH, TTr); the numbers' pattern (documents.numbers) is made of it.
CODE = r"[A-ZĐ][A-ZĐa-zđ0-9]*"
UNIT_CODE = re.compile(CODE)


class DirectoryError(ValueError):
    """A data file is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class Entry:
    """One section, commune or unit, as the data file describes it."""

    kind: str
    slug: str
    name: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    merged_into: str | None = None
    label: str = ""  # a story type's small label in listings
    code: str = ""  # a unit's part of its documents' numbers: UBND in 227/KH-UBND

    def __str__(self) -> str:
        return self.name


@dataclass
class Registry:
    """All entries of one kind, findable by slug, name or alias."""

    kind: str
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self):
        self._by_key = {}
        for entry in self.entries:
            for key in (entry.slug, entry.name, *entry.aliases):
                self._by_key.setdefault(slugify_vi(key), entry)

    def __iter__(self):
        return iter(self.entries)

    def find(self, text: str) -> Entry | None:
        """Return the entry whose slug, name or alias matches ``text``.

        Matching ignores case, diacritics and punctuation, so "Thoi su",
        "thời sự" and "thoi-su" all find "Thời sự".
        """
        return self._by_key.get(slugify_vi(text))

    def find_current(self, text: str | None) -> Entry | None:
        """The entry ``text`` names as it exists today (after merges), or None."""
        entry = self.find(text) if text else None
        return self.current(entry) if entry is not None else None

    def current(self, entry: Entry) -> Entry:
        """Follow ``merged_into`` links to the entry that exists today."""
        while entry.merged_into:
            entry = self._by_key[entry.merged_into]
        return entry

    def merged_into(self, entry: Entry) -> list[Entry]:
        """Entries that were merged, directly or not, into ``entry``."""
        return [
            other
            for other in self.entries
            if other.merged_into and self.current(other) == entry
        ]

    def active(self) -> list[Entry]:
        """Entries not merged into another one."""
        return [entry for entry in self.entries if not entry.merged_into]

    def suggest(self, text: str) -> Entry | None:
        """The closest entry to a misspelt ``text``, for "did you mean …"."""
        names = {fold_diacritics(entry.name): entry for entry in self.entries}
        close = difflib.get_close_matches(fold_diacritics(text), names, n=1)
        return names[close[0]] if close else None


def parse_entries(kind: str, document: dict, source: str) -> Registry:
    """Build a registry from the parsed TOML ``document`` of one data file."""
    entries = []
    for position, raw in enumerate(document.get(kind, []), start=1):
        if not isinstance(raw, dict) or not raw.get("name"):
            raise DirectoryError(f"{source}: mục {kind} thứ {position} thiếu 'name'")
        slug = raw.get("slug") or slugify_vi(raw["name"])
        if slug != slugify_vi(slug):
            raise DirectoryError(
                f"{source}: slug '{slug}' phải là chữ thường không dấu, nối bằng '-'"
            )
        entries.append(
            Entry(
                kind=kind,
                slug=slug,
                name=raw["name"],
                description=raw.get("description", ""),
                aliases=tuple(raw.get("aliases", ())),
                merged_into=raw.get("merged_into"),
                label=raw.get("label", ""),
                code=unit_code(raw, source),
            )
        )
    check_entries(entries, source)
    return Registry(kind, entries)


def unit_code(raw: dict, source: str) -> str:
    """An entry's ``code``: capitals and digits, as in document numbers."""
    code = raw.get("code", "")
    if code and not (isinstance(code, str) and UNIT_CODE.fullmatch(code)):
        raise DirectoryError(
            f"{source}: '{raw['name']}' có code '{code}': chữ in hoa đầu, rồi chữ "
            "và số, như phần cơ quan trong ký hiệu văn bản (UBND trong 227/KH-UBND)"
        )
    return code


def check_entries(entries: list[Entry], source: str) -> None:
    """Refuse duplicate slugs and merges into unknown or circular targets."""
    slugs = [entry.slug for entry in entries]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        raise DirectoryError(f"{source}: slug bị trùng: {', '.join(duplicates)}")
    targets = {entry.slug: entry.merged_into for entry in entries}
    for entry in entries:
        seen = {entry.slug}
        target = entry.merged_into
        while target:
            if target not in targets:
                raise DirectoryError(
                    f"{source}: '{entry.slug}' sáp nhập vào '{target}' không có"
                )
            if target in seen:
                raise DirectoryError(f"{source}: vòng sáp nhập tại '{entry.slug}'")
            seen.add(target)
            target = targets[target]


def read_data_file(path: Path) -> dict:
    """Parse one TOML data file, or say in Vietnamese why it cannot be read."""
    try:
        with path.open("rb") as data_file:
            return tomllib.load(data_file)
    except FileNotFoundError as error:
        raise DirectoryError(f"{path}: không tìm thấy tệp dữ liệu") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DirectoryError(f"{path}: tệp dữ liệu sai cú pháp: {error}") from error


def load_directory(data_dir: Path) -> dict[str, Registry]:
    """Read ``sections.toml``, ``communes.toml``, ``units.toml`` and ``types.toml``."""
    directory = {}
    for kind in KINDS:
        path = Path(data_dir) / f"{kind}s.toml"
        directory[kind] = parse_entries(kind, read_data_file(path), str(path))
        if not directory[kind].active():
            raise DirectoryError(f"{path}: cần ít nhất một mục {kind}")
    return directory
