"""The royalty scale (khung nhuận bút): a data file the site owner edits."""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tintuc.editorial.problems import ERROR, Problem

# The scale's file, among the site's data files.
SCALE_FILE = "royalties.toml"


class ScaleError(ValueError):
    """The scale file is missing or broken; carries ``path:line`` problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Band:
    """The coefficient range of one story type."""

    type_slug: str
    low: float
    high: float
    default: float


@dataclass(frozen=True)
class Scale:
    decision: str
    sample: bool
    point_value: int
    bands: dict[str, Band]


def number(value) -> float | None:
    """``value`` as a non-negative number, or None (``true`` is not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value >= 0 else None


def table_line(text: str, table: str, position: int) -> int:
    """The line where the ``position``-th ``[[table]]`` starts (1 if not found)."""
    seen = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        if line.strip() == f"[[{table}]]":
            seen += 1
            if seen == position:
                return line_number
    return 1


def load_scale(path: Path, types) -> Scale:
    """Read and check the scale; ``ScaleError`` names each problem's line."""
    shown = str(path)

    def problem(line, message, hint):
        return Problem(shown, line, ERROR, message, hint)

    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except FileNotFoundError as error:
        raise ScaleError(
            [problem(1, "không tìm thấy khung nhuận bút", "royalty scale missing")]
        ) from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        # Python 3.11's TOMLDecodeError gives the line only in its message.
        found = re.search(r"at line (\d+)", str(error))
        line = int(found[1]) if found else 1
        raise ScaleError(
            [problem(line, f"khung nhuận bút sai cú pháp: {error}", "broken TOML")]
        ) from error
    problems = []
    point_value = document.get("point_value")
    if number(point_value) is None or int(point_value) != point_value:
        problems.append(
            problem(
                1, "point_value phải là số đồng nguyên, không âm", "bad point value"
            )
        )
    bands = {}
    for position, raw in enumerate(document.get("kind", []), start=1):
        line = table_line(text, "kind", position)
        slug = str(raw.get("type", ""))
        if types.find(slug) is None:
            problems.append(
                problem(
                    line, f"thể loại '{slug}' không có trong types.toml", "unknown type"
                )
            )
            continue
        values = [number(raw.get(key)) for key in ("min", "max", "default")]
        if None in values:
            problems.append(
                problem(
                    line,
                    f"'{slug}': min, max và default phải là số không âm",
                    "bad coefficient range",
                )
            )
            continue
        low, high, default = values
        if not low <= default <= high:
            problems.append(
                problem(
                    line,
                    f"'{slug}': hệ số mặc định {default:g} ngoài khung "
                    f"{low:g}–{high:g}",
                    "default outside its range",
                )
            )
            continue
        bands[types.find(slug).slug] = Band(slug, low, high, default)
    if problems:
        raise ScaleError(problems)
    return Scale(
        decision=str(document.get("decision", "")),
        sample=bool(document.get("sample", False)),
        point_value=int(point_value),
        bands=bands,
    )


def coefficient_number(written: str) -> tuple[float | None, str]:
    """A ``Coefficient:`` as a number (a decimal comma or point), or why not."""
    try:
        value = float(written.replace(",", "."))
    except ValueError:
        return None, f"hệ số '{written}' không phải là số"
    if not value >= 0:  # negative, or not a number at all ("nan")
        return None, f"hệ số '{written}' không được âm"
    return value, ""


def coefficient_problem(written: str, band: Band | None) -> str:
    """Why a story's ``Coefficient:`` cannot be used; "" when it can."""
    value, problem = coefficient_number(written)
    if problem:
        return problem
    if band is None:
        return "thể loại của bài không có trong khung nhuận bút"
    if not band.low <= value <= band.high:
        return f"hệ số {written} ngoài khung {band.low:g}–{band.high:g} của thể loại"
    return ""
