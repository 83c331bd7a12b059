"""Report periods: months, a quarter, the one before, the same one a year ago."""

import datetime
import re
from dataclasses import dataclass


class PeriodError(ValueError):
    """A period the office cannot have meant, in Vietnamese."""


@dataclass(frozen=True)
class Period:
    """Whole months from ``first`` to ``last`` (each a (year, month) pair)."""

    first: tuple[int, int]
    last: tuple[int, int]

    @property
    def months(self) -> list[tuple[int, int]]:
        found, (year, month) = [], self.first
        while (year, month) <= self.last:
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    @property
    def label(self) -> str:
        """``2026-11``, ``2026-Q4`` or ``2026-09_2026-11``: folder and file names."""
        (y1, m1), (y2, m2) = self.first, self.last
        if self.first == self.last:
            return f"{y1}-{m1:02d}"
        if y1 == y2 and m1 % 3 == 1 and m2 == m1 + 2:
            return f"{y1}-Q{(m1 + 2) // 3}"
        return f"{y1}-{m1:02d}_{y2}-{m2:02d}"

    @property
    def title(self) -> str:
        """``tháng 11/2026``, ``quý IV/2026``, ``từ tháng 9/2026 đến tháng 11/2026``."""
        (y1, m1), (y2, m2) = self.first, self.last
        if self.first == self.last:
            return f"tháng {m1}/{y1}"
        if self.label.endswith(("Q1", "Q2", "Q3", "Q4")):
            return f"quý {('I', 'II', 'III', 'IV')[(m1 - 1) // 3]}/{y1}"
        return f"từ tháng {m1}/{y1} đến tháng {m2}/{y2}"

    def holds(self, moment: datetime.datetime) -> bool:
        return self.first <= (moment.year, moment.month) <= self.last

    def shifted(self, months: int) -> "Period":
        return Period(add_months(self.first, months), add_months(self.last, months))

    def previous(self) -> "Period":
        """The period of the same length just before."""
        return self.shifted(-len(self.months))

    def year_before(self) -> "Period":
        return self.shifted(-12)


def add_months(month: tuple[int, int], count: int) -> tuple[int, int]:
    index = month[0] * 12 + month[1] - 1 + count
    return index // 12, index % 12 + 1


def parse_month(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise PeriodError(f"tháng '{text}' phải viết như 2026-11")
    return int(match[1]), int(match[2])


def parse_period(
    start: str = "",
    end: str = "",
    quarter: str = "",
    today: datetime.date | None = None,
) -> Period:
    """FROM/TO months, or a QUARTER; with neither, the last whole month."""
    if quarter:
        match = re.fullmatch(r"(\d{4})-Q([1-4])", quarter.strip().upper())
        if not match:
            raise PeriodError(f"quý '{quarter}' phải viết như 2026-Q4")
        year, number = int(match[1]), int(match[2])
        return Period((year, number * 3 - 2), (year, number * 3))
    if start or end:
        first = parse_month(start or end)
        last = parse_month(end or start)
        if last < first:
            raise PeriodError(f"TO={end} đứng trước FROM={start}")
        return Period(first, last)
    today = today or datetime.date.today()
    month = add_months((today.year, today.month), -1)
    return Period(month, month)
