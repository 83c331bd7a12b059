"""Read a story's metadata block with the line number of every field.

Follows the rules of Python-Markdown's ``meta`` extension, which Pelican
uses: ``Key: value`` lines at the top, continuation lines indented by four
spaces, ended by a blank line.
"""

import re
from dataclasses import dataclass, field

FIELD_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
FENCES = ("---", "...")


@dataclass
class MetaField:
    """A field's values (one per line) and the line it starts on."""

    line: int
    values: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All values joined as one string, stripped."""
        return " ".join(value.strip() for value in self.values).strip()


@dataclass
class FrontMatter:
    """The fields of a story, and where its body starts."""

    fields: dict[str, MetaField]
    body: str
    body_line: int
    # Keys written on two separate lines, with the later line: (key, line).
    repeated: list[tuple[str, int]] = field(default_factory=list)

    def get(self, key: str) -> str:
        """The field's text, or "" when it is absent."""
        meta = self.fields.get(key)
        return meta.text if meta else ""


def parse_front_matter(text: str) -> FrontMatter:
    """Split ``text`` into fields (keys lowercased) and body."""
    lines = text.split("\n")
    fields: dict[str, MetaField] = {}
    repeated: list[tuple[str, int]] = []
    index = 1 if lines and lines[0].strip() == "---" else 0
    current = None
    while index < len(lines):
        line = lines[index]
        if not line.strip() or (index and line.strip() in FENCES):
            index += 1
            break
        match = FIELD_LINE.match(line)
        more = CONTINUATION_LINE.match(line)
        if match:
            key = match["key"].lower()
            if key in fields:
                repeated.append((key, index + 1))
            current = fields.setdefault(key, MetaField(line=index + 1))
            current.values.append(match["value"])
        elif more and current is not None:
            current.values.append(more["value"])
        else:
            break
        index += 1
    if not fields:
        index = 0
    return FrontMatter(fields, "\n".join(lines[index:]), index + 1, repeated)
