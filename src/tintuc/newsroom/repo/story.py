"""A story file as the server rewrites and checks it. Pure functions on text.

Stories are Pelican's ``Key: value`` header, then a blank line, then the body
(``tintuc.vn_text.front_matter``). The server owns the fields only an
approver may write, whatever the browser sent.
"""

import re

from tintuc.editorial import schema
from tintuc.editorial.problems import Problem
from tintuc.vn_text.front_matter import FrontMatter, parse_front_matter
from tintuc.vn_text.normalise import source_text

# Written by the server from the approver who acts, never from a request.
APPROVER_FIELD = next(
    spec.name for spec in schema.FIELDS if spec.kind == schema.APPROVER
)
# The royalty coefficient is the approver's to set (schema: "Người duyệt ghi hệ số").
APPROVER_ONLY = (APPROVER_FIELD, "Coefficient")
ID_FIELD = "Id"
ORDER = [spec.name.lower() for spec in schema.FIELDS]
BODY = "body"
MISSING_FIELD = re.compile(r"trường bắt buộc '(?P<name>[A-Za-z_]+)'")


def front(raw: str) -> FrontMatter:
    """The story's fields and body, read as the site reads them."""
    return parse_front_matter(source_text(raw))


def field_spans(matter: FrontMatter) -> dict[str, tuple[int, int]]:
    """Each field's first and last line (1-based, continuation lines included)."""
    return {
        key: (meta.line, meta.line + len(meta.values) - 1)
        for key, meta in matter.fields.items()
    }


def with_field(raw: str, name: str, value: str) -> str:
    """``raw`` with the field ``name`` set to ``value`` ("" removes it)."""
    lines = raw.split("\n")
    matter = front(raw)
    spans = field_spans(matter)
    key = name.lower()
    value = " ".join(value.split())
    new = [f"{name}: {value}"] if value else []
    if key in spans:
        first, last = spans[key]
        return "\n".join(lines[: first - 1] + new + lines[last:])
    if not new:
        return raw
    if not spans:
        return "\n".join([*new, "", *lines])
    rank = ORDER.index(key) if key in ORDER else len(ORDER)
    later = [
        span[0]
        for other, span in spans.items()
        if other in ORDER and ORDER.index(other) > rank
    ]
    at = min(later) - 1 if later else max(last for _, last in spans.values())
    return "\n".join(lines[:at] + new + lines[at:])


def approver_fields(raw: str | None) -> dict[str, str]:
    """The approver-only fields of a story (empty when there is none)."""
    matter = front(raw) if raw else None
    return {name: matter.get(name.lower()) if matter else "" for name in APPROVER_ONLY}


def keep_approver_fields(raw: str, previous: str | None, approver=False) -> str:
    """``raw`` with the fields its saver may not write as ``previous`` had them.

    ``Approver`` is the server's to write, at signing; what the browser sent
    for it is ignored. So is a writer's ``Coefficient``: only an ``approver``
    of the story's unit sets it.
    """
    for name, value in approver_fields(previous).items():
        if not (approver and name != APPROVER_FIELD):
            raw = with_field(raw, name, value)
    return raw


def keep_id(raw: str, previous: str | None) -> str:
    """``raw`` with the ``Id`` ``previous`` had: a story's id never changes.

    Feeds and social posts know a story by it. A form saved twice at once
    (a double click) would send a new one the second time.
    """
    kept = field_value(previous, ID_FIELD)
    if kept and field_value(raw, ID_FIELD) != kept:
        return with_field(raw, ID_FIELD, kept)
    return raw


def with_approver(raw: str, approver_name: str) -> str:
    """``raw`` signed by the approver who sets it ready or publishes it."""
    return with_field(raw, APPROVER_FIELD, approver_name)


def field_value(raw: str | None, name: str) -> str:
    """One field's text, "" when absent."""
    return front(raw).get(name.lower()) if raw else ""


def as_under_review(raw: str) -> str:
    """The text the gate checks at a save before an approver has signed it.

    Decap writes ``Status: published`` into every story; until an approver
    signs it, the story is checked as the gate checks one sent for review,
    so only a missing approver is allowed (every other required field is not).
    The line count is unchanged, so problems keep their line numbers.
    """
    status = field_value(raw, "Status").lower()
    if field_value(raw, APPROVER_FIELD) or status not in ("", schema.DEFAULT_STATUS):
        return raw
    spans = field_spans(front(raw))
    if "status" not in spans:
        return with_field(raw, "Status", "review")
    lines = raw.split("\n")
    first, last = spans["status"]
    lines[first - 1] = "Status: review"
    lines[first:last] = ["    "] * (last - first)
    return "\n".join(lines)


def field_of(problem: Problem, raw: str) -> str | None:
    """The Decap field (lowercase key) a problem is about, if one can be told."""
    matter = front(raw)
    found = MISSING_FIELD.search(problem.message)
    if found:
        return found["name"].lower()
    for key, (first, last) in field_spans(matter).items():
        if first <= problem.line <= last:
            return key
    if matter.fields and problem.line >= matter.body_line:
        return BODY
    return None


def problem_list(problems: list[Problem], raw: str) -> list[dict]:
    """Problems as the board shows them: ``{"field", "message"}``."""
    return [
        {"field": field_of(problem, raw), "message": problem.message}
        for problem in problems
    ]
