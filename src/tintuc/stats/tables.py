"""The report's tables, as plain rows: the same for the workbook, CSV and HTML."""

from collections import defaultdict
from dataclasses import dataclass, field

from tintuc.vn_text.names import mid_sentence

from .money import dong_in_words
from .periods import Period
from .scale import Scale, coefficient_problem


@dataclass
class Table:
    """A titled table: headers, rows and (optionally) a totals row."""

    name: str  # short: sheet and file name
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    totals: list | None = None
    money_columns: tuple[int, ...] = ()


@dataclass
class Royalty:
    """One line of the royalty sheet: an author's share of one work."""

    author: str
    pen_name: str
    title: str
    kind: str
    date: str
    unit: str
    coefficient: float
    is_default: bool
    share: float  # 1 / number of authors
    amount: int
    day: object = None  # the work's date, to order lines by


def entry_label(registry, entry) -> str:
    """An entry's name, with today's name when it was merged since."""
    current = registry.current(entry)
    if current == entry:
        return entry.name
    return f"{entry.name} (nay là {mid_sentence(current.name)})"


def listed_entries(registry, works, key) -> list:
    """Every entry of today, and each merged one that some work still names."""
    named = {slug for work in works for slug in key(work)}
    return [e for e in registry if not e.merged_into or e.slug in named]


def counts_by(works, key) -> dict:
    """Stories, photos, videos and words of ``works``, grouped by ``key(work)``."""
    grouped = defaultdict(lambda: {"stories": 0, "photos": 0, "videos": 0, "words": 0})
    for work in works:
        for name in dict.fromkeys(key(work)):  # a commune named twice counts once
            counts = grouped[name]
            counts["stories"] += 1
            # A Pelican article (the public page) counts stories only.
            counts["photos"] += getattr(work, "photos", 0)
            counts["videos"] += int(bool(getattr(work, "video", False)))
            counts["words"] += getattr(work, "words", 0)
    return grouped


def month_header(month) -> str:
    return f"T{month[1]}/{month[0]}"


def place_table(
    name, title, *, label, registry, contributions, period, key, documents=None
):
    """Per unit or per commune: each month, the totals, and the comparisons."""
    works = contributions.works
    inside = [w for w in works if period.holds(w.date)]
    before = counts_by([w for w in works if period.previous().holds(w.date)], key)
    year_ago = counts_by([w for w in works if period.year_before().holds(w.date)], key)
    monthly = {
        month: counts_by(
            [w for w in inside if (w.date.year, w.date.month) == month], key
        )
        for month in period.months
    }
    totals = counts_by(inside, key)
    headers = [label]
    headers += [month_header(m) for m in period.months]
    headers += ["Tin, bài", "Ảnh", "Video"]
    if documents is not None:
        headers.append("Văn bản")
    headers += ["Số chữ", "Kỳ trước", "Cùng kỳ năm trước"]
    table = Table(name, title, headers)
    for entry in listed_entries(registry, works, key):
        counts = totals.get(
            entry.slug, {"stories": 0, "photos": 0, "videos": 0, "words": 0}
        )
        row = [entry_label(registry, entry)]
        row += [monthly[m].get(entry.slug, {}).get("stories", 0) for m in period.months]
        row += [counts["stories"], counts["photos"], counts["videos"]]
        if documents is not None:
            row.append(
                sum(
                    1
                    for d in documents
                    if d.issuer and d.issuer.slug == entry.slug and period.holds(d.date)
                )
            )
        row += [
            counts["words"],
            before.get(entry.slug, {}).get("stories", 0),
            year_ago.get(entry.slug, {}).get("stories", 0),
        ]
        table.rows.append(row)
    table.totals = ["Tổng"] + [
        sum(row[column] for row in table.rows) for column in range(1, len(headers))
    ]
    return table


def simple_table(name, title, *, label, works, period, key):
    inside = [w for w in works if period.holds(w.date)]
    counts = counts_by(inside, key)
    table = Table(name, title, [label, "Tin, bài", "Ảnh", "Video", "Số chữ"])
    for group in sorted(counts):
        c = counts[group]
        table.rows.append([group, c["stories"], c["photos"], c["videos"], c["words"]])
    table.totals = ["Tổng"] + [
        sum(row[column] for row in table.rows) for column in range(1, 5)
    ]
    return table


def coefficient_problems(works, scale: Scale, period: Period) -> list[str]:
    """``path:line`` problems of the coefficients of the period's works."""
    found = []
    for work in works:
        if not period.holds(work.date) or not work.coefficient:
            continue
        problem = coefficient_problem(work.coefficient, scale.bands.get(work.type.slug))
        if problem:
            found.append(f"{work.path}:{work.coefficient_line}: lỗi: {problem}")
    return found


def royalties(works, scale: Scale, period: Period) -> list[Royalty]:
    """Each author's share of each work of the period, by the scale."""
    lines = []
    for work in sorted(works, key=lambda w: (w.date, w.path)):
        if not period.holds(work.date) or not work.authors:
            continue
        band = scale.bands.get(work.type.slug)
        if band is None:
            continue
        written = work.coefficient.replace(",", ".") if work.coefficient else ""
        coefficient = float(written) if written else band.default
        share = 1 / len(work.authors)
        for author in work.authors:
            lines.append(
                Royalty(
                    author=author,
                    pen_name=work.pen_name if len(work.authors) == 1 else "",
                    title=work.title,
                    kind=work.type.name,
                    date=work.date.strftime("%d/%m/%Y"),
                    unit=work.unit.name if work.unit else "",
                    coefficient=coefficient,
                    is_default=not written,
                    share=share,
                    amount=round(coefficient * scale.point_value * share),
                    day=work.date,
                )
            )
    return sorted(lines, key=lambda line: (line.author, line.day, line.title))


def author_table(works, lines: list[Royalty], period: Period) -> Table:
    inside = [w for w in works if period.holds(w.date)]
    counts = counts_by(inside, lambda w: w.authors)
    pen_names = {
        w.authors[0]: w.pen_name for w in inside if w.pen_name and len(w.authors) == 1
    }
    owed = defaultdict(int)
    for line in lines:
        owed[line.author] += line.amount
    table = Table(
        "tac-gia",
        "Theo tác giả",
        [
            "Tác giả",
            "Bút danh",
            "Tin, bài",
            "Ảnh",
            "Video",
            "Số chữ",
            "Nhuận bút (đồng)",
        ],
        money_columns=(6,),
    )
    for author in sorted(counts):
        c = counts[author]
        table.rows.append(
            [author, pen_names.get(author, ""), c["stories"], c["photos"], c["videos"],
             c["words"], owed[author]]
        )  # fmt: skip
    table.totals = ["Tổng", ""] + [
        sum(row[column] for row in table.rows) for column in range(2, 7)
    ]
    return table


def royalty_total_words(lines: list[Royalty]) -> str:
    return dong_in_words(sum(line.amount for line in lines))
