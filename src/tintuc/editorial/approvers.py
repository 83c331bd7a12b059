"""Who may approve stories, and for which units: the approvers data file.

A story on ``main`` is public, so its ``Approver`` must be on this list, be
allowed for the story's unit and not be one of its authors.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from tintuc.directory.model import DirectoryError, Entry, Registry, read_data_file
from tintuc.vn_text.dates import VIETNAM_TIME
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
        today = today or datetime.datetime.now(VIETNAM_TIME).date()
        return [p for p in self.people if p.until is None or p.until >= today]


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
