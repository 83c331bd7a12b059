"""Who may approve stories, and for which units: the approvers data file.

A story or a document on ``main`` is public, so its ``Approver`` must be on
this list, be allowed for its unit, not be one of the people who wrote or
signed it, and still approve on its date: ``approval_problems``, the one rule
the gate applies to both.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from tintuc.directory.model import DirectoryError, Entry, Registry, read_data_file
from tintuc.shared import clock
from tintuc.shared.clock import approves_on
from tintuc.vn_text.slug import slugify_vi

APPROVERS_FILE = "approvers.toml"
EVERY_UNIT = "*"


@dataclass(frozen=True)
class Approver:
    """One person who may approve, the units they answer for, until when."""

    name: str
    units: tuple[str, ...]
    github: str = ""
    until: datetime.date | None = None

    def may_approve(self, unit: Entry | None, units: Registry) -> bool:
        """True when this person answers for ``unit`` (or for every unit)."""
        if EVERY_UNIT in self.units:
            return True
        if unit is None:
            return False
        return unit.slug in self.units or units.current(unit).slug in self.units


@dataclass
class Approvers:
    """The approvers file, findable by name with or without diacritics."""

    path: str
    people: list[Approver]

    def find(self, name: str) -> Approver | None:
        """The approver named ``name``, ignoring case, marks and spacing."""
        key = slugify_vi(name)
        return next((p for p in self.people if slugify_vi(p.name) == key), None)

    def active(self, today: datetime.date | None = None) -> list[Approver]:
        """Approvers still approving ``today``: the ones a writer may choose."""
        today = today or clock.now().date()
        return [p for p in self.people if approves_on(p.until, today)]


@dataclass(frozen=True)
class Wording:
    """How the messages name what is approved, who wrote it and its unit."""

    what: str  # "bài"
    writer: str  # "tác giả bài"
    unit: str  # "đơn vị"
    what_en: str  # "story"
    writer_en: str  # "an author"


STORY_WORDING = Wording("bài", "tác giả bài", "đơn vị", "story", "an author")
DOCUMENT_WORDING = Wording(
    "văn bản", "người ký", "cơ quan ban hành", "document", "the signer"
)


@dataclass(frozen=True)
class Approval:
    """An approval as a file writes it.

    :param name: the ``Approver`` field, as written.
    :param writers: who wrote it (a story's authors, a document's signer).
    :param unit: the unit it comes from, or None.
    :param unit_written: whether the file names a unit at all: an unknown one
        is reported on its own line, not here.
    :param date: the file's ``Date``, the day the approval must still hold.
    """

    name: str
    writers: tuple[str, ...]
    unit: Entry | None
    unit_written: bool
    date: datetime.date | None


def approval_problems(
    approval: Approval, approvers: Approvers, units: Registry, wording: Wording
) -> list[tuple[str, str]]:
    """Why ``approval`` does not hold, as (Vietnamese message, English hint).

    The one approval rule for stories and documents: the approver is on the
    list, is not one of the writers, answers for the unit and had not stopped
    approving by the file's date.
    """
    approver = approvers.find(approval.name)
    if approver is None:
        return [
            (
                f"người duyệt '{approval.name}' không có trong danh sách người "
                f"duyệt ({approvers.path})",
                "approver is not on the approvers list",
            )
        ]
    problems = []
    if any(same_person(approval.name, writer) for writer in approval.writers):
        problems.append(
            (
                f"người duyệt '{approval.name}' cũng là {wording.writer}; "
                f"{wording.what} phải do một người khác duyệt",
                f"{wording.writer_en} cannot approve their own {wording.what_en}",
            )
        )
    unit_known = approval.unit is not None or not approval.unit_written
    if unit_known and not approver.may_approve(approval.unit, units):
        unit_name = approval.unit.name if approval.unit else "(chưa ghi đơn vị)"
        problems.append(
            (
                f"người duyệt '{approver.name}' không được duyệt {wording.what} của "
                f"{wording.unit} '{unit_name}'",
                f"approver is not allowed for the {wording.what_en}'s unit",
            )
        )
    if approver.until and approval.date and approval.date > approver.until:
        problems.append(
            (
                f"người duyệt '{approver.name}' đã thôi duyệt từ "
                f"{approver.until:%d/%m/%Y}, trước ngày ghi ở trường Date "
                f"({approval.date:%d/%m/%Y})",
                "approver had stopped approving by the file's date",
            )
        )
    return problems


def same_person(one: str, other: str) -> bool:
    """True when two names differ only in case, marks or spacing."""
    return bool(slugify_vi(one)) and slugify_vi(one) == slugify_vi(other)


def parse_approvers(document: dict, source: str, units: Registry) -> Approvers:
    """Build the list from the parsed TOML of the approvers file."""
    people = []
    for position, raw in enumerate(document.get("approver", []), start=1):
        if not isinstance(raw, dict) or not raw.get("name"):
            raise DirectoryError(f"{source}: người duyệt thứ {position} thiếu 'name'")
        unit_names = raw.get("units", [])
        if isinstance(unit_names, str) or not unit_names:
            raise DirectoryError(
                f"{source}: '{raw['name']}' cần 'units = [\"slug đơn vị\", …]' "
                f'hoặc units = ["{EVERY_UNIT}"]'
            )
        slugs = []
        for unit_name in unit_names:
            if unit_name == EVERY_UNIT:
                slugs.append(EVERY_UNIT)
                continue
            entry = units.find(str(unit_name))
            if entry is None:
                raise DirectoryError(
                    f"{source}: đơn vị '{unit_name}' của '{raw['name']}' "
                    "không có trong units.toml"
                )
            slugs.append(entry.slug)
        until = raw.get("until")
        if until is not None and not isinstance(until, datetime.date):
            raise DirectoryError(
                f"{source}: 'until' của '{raw['name']}' phải là ngày, ví dụ 2026-12-31"
            )
        people.append(
            Approver(raw["name"], tuple(slugs), str(raw.get("github", "")), until)
        )
    names = [slugify_vi(person.name) for person in people]
    twice = sorted({p.name for p in people if names.count(slugify_vi(p.name)) > 1})
    if twice:
        raise DirectoryError(f"{source}: người duyệt bị trùng: {', '.join(twice)}")
    return Approvers(source, people)


def load_approvers(data_dir: Path, units: Registry) -> Approvers:
    """Read the approvers file of the data folder."""
    path = Path(data_dir) / APPROVERS_FILE
    return parse_approvers(read_data_file(path), str(path), units)
