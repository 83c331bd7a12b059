"""A problem found in the content, printed as ``path:line: message``."""

from dataclasses import dataclass

ERROR = "lỗi"
WARNING = "cảnh báo"


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning, in Vietnamese with a short English hint."""

    path: str
    line: int
    severity: str
    message: str
    hint: str

    @property
    def is_error(self) -> bool:
        """True when the problem stops the build."""
        return self.severity == ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message} ({self.hint})"


def summarise(problems: list[Problem]) -> str:
    """The closing line of a report: how many errors and warnings."""
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    return f"{errors} lỗi, {warnings} cảnh báo ({errors} errors, {warnings} warnings)"
