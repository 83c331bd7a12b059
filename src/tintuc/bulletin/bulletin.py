"""The week's published stories as a loudspeaker bulletin (bản tin truyền thanh).

Which stories count is the statistics' rule (``stats.works``): published,
dated by the end of the period and not in the future, and not refused by the
gate. Wording, order and reading rate come from data files.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from tintuc.directory.model import DirectoryError, read_data_file
from tintuc.documents.model import load_kinds
from tintuc.stats.works import read_contributions, read_front
from tintuc.vn_text.names import mid_sentence

from .script import Item, spoken_item
from .speech import CitedDocument, SpeechRules, date_words, leftovers, speak

BULLETIN_FILE = "bulletin.toml"
ABBREVIATIONS_FILE = "abbreviations.toml"
SYLLABLE = re.compile(r"[^\W\d_]+")
DEFAULT_RATE = 140


class BulletinError(ValueError):
    """A data file or a choice the bulletin cannot be made with, in Vietnamese."""


@dataclass
class Wording:
    """bulletin.toml: the formulas, the order of sections, the reading rate."""

    opening: list[str]
    closing: list[str]
    place: str
    sections: list[str]
    section_intro: str
    rate: int
    sample: bool


@dataclass
class Bulletin:
    start: datetime.date
    end: datetime.date
    opening: list[str]
    closing: list[str]
    groups: list[tuple[str, list[Item]]]
    rate: int
    left_out: list[Item] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sample: bool = False

    def seconds(self, text: str) -> int:
        """Reading time of ``text`` at the rate, in whole seconds."""
        return round(len(SYLLABLE.findall(text)) * 60 / self.rate)

    def lines(self) -> list[str]:
        """The script: one paragraph a line, a blank line between items."""
        lines = [*self.opening, ""]
        for intro, items in self.groups:
            if intro:
                lines += [intro, ""]
            for item in items:
                lines += [paragraph.text for paragraph in item.paragraphs] + [""]
        return lines + self.closing

    def total_seconds(self) -> int:
        return self.seconds("\n".join(self.lines()))


def duration_words(seconds: int) -> str:
    """``95`` → "1 phút 35 giây" (for the announcer's page, not read aloud)."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} phút {rest:02d} giây" if minutes else f"{rest} giây"


def load_wording(data_dir: Path) -> Wording:
    path = data_dir / BULLETIN_FILE
    data = read_data_file(path)
    rate = data.get("syllables_per_minute", DEFAULT_RATE)
    if not isinstance(rate, int) or not 60 <= rate <= 300:  # noqa: PLR2004
        raise BulletinError(
            f"{path}: syllables_per_minute phải là số nguyên từ 60 đến 300 "
            f"(thường 130–160), không phải {rate!r}."
        )
    return Wording(
        opening=list(data.get("opening", [])),
        closing=list(data.get("closing", [])),
        place=data.get("place", ""),
        sections=list(data.get("sections", [])),
        section_intro=data.get("section_intro", ""),
        rate=rate,
        sample=bool(data.get("sample", False)),
    )


def load_rules(data_dir: Path, settings: dict) -> SpeechRules:
    """Abbreviations, units and allowed words; the documents a story may cite."""
    data = read_data_file(data_dir / ABBREVIATIONS_FILE)
    types_file = data_dir / settings.get("DOCUMENTS_TYPES_FILE", "document_types.toml")
    # A site without a document library has no types file.
    kinds = load_kinds(types_file, "type").entries if types_file.is_file() else []
    documents = {}
    folder = Path(settings["PATH"], settings.get("DOCUMENTS_PATH", "documents"))
    for source in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        front = read_front(source)
        if front is None or not front.get("number"):
            continue
        documents[front.get("number")] = CitedDocument(
            type_name=front.get("type"),
            issuer=front.get("issuer"),
        )
    return SpeechRules(
        abbreviations=dict(data.get("abbreviations", {})),
        units=dict(data.get("units", {})),
        allowed=frozenset(data.get("allowed", [])),
        document_types={kind.code: kind.name for kind in kinds if kind.code},
        documents=documents,
    )


def formula(lines: list[str], place: str, start, end, rules) -> list[str]:
    """The opening or closing lines, with the period and the place filled in."""
    values = {
        "place": place,
        "from": f"ngày {date_words(start.day, start.month, start.year)}",
        "to": f"ngày {date_words(end.day, end.month, end.year)}",
    }
    try:
        return [speak(line.format(**values), rules) for line in lines]
    except (KeyError, IndexError, ValueError) as error:
        raise BulletinError(
            f"{BULLETIN_FILE}: lời mở đầu/kết thúc chỉ dùng {{place}}, {{from}}, "
            f"{{to}}; không hiểu {error}."
        ) from error


@dataclass(frozen=True)
class Choice:
    """What the office asked for: the days; sections, a commune, a time limit."""

    start: datetime.date
    end: datetime.date
    sections: tuple[str, ...] = ()
    commune: str = ""
    max_minutes: float | None = None


def chosen_works(works, choice: Choice, directory: dict) -> list:
    """The published stories of the days, sections and commune asked for."""
    wanted = {entry.slug for entry in find_all(directory, "section", choice.sections)}
    communes = directory["commune"]
    place = find_all(directory, "commune", [choice.commune]) if choice.commune else []
    chosen = []
    for work in works:
        if not choice.start <= work.date.date() <= choice.end:
            continue
        if wanted and (work.section is None or work.section.slug not in wanted):
            continue
        if place and not any(
            communes.current(c) == communes.current(place[0]) for c in work.communes
        ):
            continue
        chosen.append(work)
    return sorted(chosen, key=lambda w: (w.date, w.path), reverse=True)


def make_bulletin(settings: dict, choice: Choice, now: datetime.datetime) -> Bulletin:
    """The bulletin of the stories published from ``choice.start`` to its end."""
    if choice.start > choice.end:
        raise BulletinError(
            f"Ngày bắt đầu {choice.start:%d/%m/%Y} sau ngày kết thúc "
            f"{choice.end:%d/%m/%Y}."
        )
    contributions = read_contributions(settings, now)
    directory = contributions.site.directory
    data_dir = contributions.site.content_dir / settings.get(
        "DIRECTORY_DATA_DIR", "data"
    )
    wording = load_wording(data_dir)
    rules = load_rules(data_dir, settings)
    order = section_order(wording, directory)
    items, problems = [], []
    for work in chosen_works(contributions.works, choice, directory):
        section = work.section.slug if work.section else ""
        front = read_front(Path(work.path))
        item, found = spoken_item(work.path, front, rules, work.date, section)
        items.append(item)
        problems += found
    place = directory["commune"].find(choice.commune) if choice.commune else None
    place = directory["commune"].current(place) if place else None
    said_place = mid_sentence(place.name) if place else wording.place
    bulletin = Bulletin(
        start=choice.start,
        end=choice.end,
        opening=formula(wording.opening, said_place, choice.start, choice.end, rules),
        closing=formula(wording.closing, said_place, choice.start, choice.end, rules),
        groups=[],
        rate=wording.rate,
        sample=wording.sample,
    )
    for line in bulletin.opening + bulletin.closing:
        problems += [
            f"{data_dir / BULLETIN_FILE}: lời mở đầu/kết thúc còn “{left}”."
            for left in leftovers(line, rules)
        ]
    kept = fit(items, bulletin, choice.max_minutes)
    bulletin.left_out = [item for item in items if item not in kept]
    names = {entry.slug: entry.name for entry in directory["section"]}
    for slug in order + sorted({i.section for i in kept} - set(order)):
        group = [item for item in kept if item.section == slug]
        if group:
            intro = wording.section_intro.format(section=names.get(slug, slug))
            bulletin.groups.append((speak(intro, rules) if intro else "", group))
    bulletin.problems = [p for p in problems if not leftout(p, bulletin.left_out)]
    return bulletin


def leftout(problem: str, items: list[Item]) -> bool:
    return any(problem.startswith(f"{item.path}:") for item in items)


def fit(items: list[Item], bulletin: Bulletin, max_minutes: float | None):
    """The newest items whose reading time fits in ``max_minutes`` with the rest."""
    if max_minutes is None:
        return list(items)
    budget = max_minutes * 60 - bulletin.seconds(
        "\n".join(bulletin.opening + bulletin.closing)
    )
    kept = []
    for item in items:  # newest first
        cost = bulletin.seconds(item.text)
        if cost <= budget:
            kept.append(item)
            budget -= cost
    return kept


def find_all(directory: dict, kind: str, names) -> list:
    """Each named section or commune, or a Vietnamese error naming the unknown."""
    found = []
    for name in names:
        entry = directory[kind].find(name)
        if entry is None:
            label = "chuyên mục" if kind == "section" else "xã"
            close = directory[kind].suggest(name)
            hint = f" Có phải “{close.slug}” ({close.name})?" if close else ""
            raise BulletinError(f"Không có {label} “{name}”.{hint}")
        found.append(entry)
    return found


def section_order(wording: Wording, directory: dict) -> list[str]:
    order = []
    for slug in wording.sections:
        entry = directory["section"].find(slug)
        if entry is None:
            raise BulletinError(
                f"{BULLETIN_FILE}: chuyên mục “{slug}” không có trong sections.toml."
            )
        order.append(entry.slug)
    return order


__all__ = ["Bulletin", "BulletinError", "Choice", "DirectoryError", "make_bulletin"]
