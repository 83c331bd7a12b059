"""Document types and fields (data files), and one document as written."""

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from tintuc.directory.model import DirectoryError, read_data_file
from tintuc.vn_text.front_matter import FrontMatter
from tintuc.vn_text.slug import slugify_vi

# schema.org type of each kind: a decision or directive has legal force.
SCHEMA_TYPES = ("Legislation", "DigitalDocument")


@dataclass(frozen=True)
class Kind:
    """A document type (công văn, kế hoạch…) or a field (lĩnh vực)."""

    slug: str
    name: str
    code: str = ""  # the symbol's first part: KH in 227/KH-UBND; "" for any
    schema: str = "DigitalDocument"
    aliases: tuple[str, ...] = ()
    # Whether its documents come into and out of force: only those show a status.
    legal_effect: bool = False


@dataclass
class Kinds:
    """The entries of one data file, found by slug, name or alias."""

    path: Path
    entries: list[Kind]
    by_key: dict = field(init=False)

    def __post_init__(self):
        self.by_key = {}
        for entry in self.entries:
            for key in (entry.slug, entry.name, *entry.aliases):
                self.by_key.setdefault(slugify_vi(key), entry)

    def find(self, text: str) -> Kind | None:
        return self.by_key.get(slugify_vi(text or ""))


def load_kinds(path: Path, table: str) -> Kinds:
    """Read ``[[table]]`` entries from a data file (types or fields)."""
    document = read_data_file(path)
    entries = []
    for position, raw in enumerate(document.get(table, []), start=1):
        if not isinstance(raw, dict) or not raw.get("name"):
            raise DirectoryError(f"{path}: mục {table} thứ {position} thiếu 'name'")
        schema = raw.get("schema", "DigitalDocument")
        if schema not in SCHEMA_TYPES:
            raise DirectoryError(
                f"{path}: '{raw['name']}': schema phải là một trong "
                f"{', '.join(SCHEMA_TYPES)}"
            )
        entries.append(
            Kind(
                slug=raw.get("slug") or slugify_vi(raw["name"]),
                name=raw["name"],
                code=raw.get("code", ""),
                schema=schema,
                aliases=tuple(raw.get("aliases", ())),
                legal_effect=bool(raw.get("legal_effect", schema == "Legislation")),
            )
        )
    return Kinds(path, entries)


@dataclass(frozen=True)
class Attachment:
    """A file of a document as written: ``path | label``."""

    source: str
    label: str
    line: int


def file_lines(values) -> list[tuple[int, str, str]]:
    """(line offset, path, label) of each ``path | label`` line of ``Files:``."""
    if isinstance(values, str):
        values = values.split("\n")
    found = []
    for offset, value in enumerate(values or []):
        source, _, label = value.strip().partition("|")
        if source.strip():
            found.append((offset, source.strip(), label.strip()))
    return found


def attachment_path(document, written: str, content) -> Path | None:
    """The file a document's ``Files:`` line names; None if outside ``content``.

    Resolved first (symbolic links followed), so no ``..`` or link leads out:
    nothing on the server but the site's content is ever read or published.
    """
    path = (Path(document).parent / written).resolve()
    return path if path.is_relative_to(Path(content).resolve()) else None


def attachment_folders(document: str, front: FrontMatter) -> set[str]:
    """The folders of the files a document names, as POSIX paths beside it.

    ``document``: its POSIX path. Worked out from the text alone, for whoever
    must have the files at hand; ``attachment_path`` decides what is read.
    """
    folder = posixpath.dirname(document)
    return {
        posixpath.dirname(posixpath.normpath(posixpath.join(folder, item.source)))
        for item in attachments(front)
    }


def attachments(front: FrontMatter) -> list[Attachment]:
    """The ``Files:`` field as written, with each file's line."""
    meta = front.fields.get("files")
    if meta is None:
        return []
    return [
        Attachment(source, label, meta.line + offset)
        for offset, source, label in file_lines(meta.values)
    ]
