"""Characters a reader cannot see, as Word and Google Docs leave them in pasted text.

One table: the gate warns on them in header fields, and the newsroom's form
(newsroom.js, through config.json) replaces them when text is pasted or saved.

Control characters are worse: a NUL makes the feeds unwritable (XML has no
place for it) and a direction override shows a title as something else. The
gate refuses them anywhere in a file.
"""

import re
import unicodedata

from tintuc.vn_text.front_matter import FrontMatter

from .problems import ERROR, WARNING, Problem

# Each character, what it becomes, and its name for the writer.
INVISIBLE = {
    "\u200b": ("", "dấu cách độ rộng 0"),
    "\u200c": ("", "ký tự nối ẩn"),
    "\u200d": ("", "ký tự nối ẩn"),
    "\u2060": ("", "ký tự nối ẩn"),
    "\ufeff": ("", "ký tự BOM"),
    "\u00ad": ("", "gạch nối mềm"),
    "\u00a0": (" ", "dấu cách không ngắt"),
    "\u202f": (" ", "dấu cách không ngắt"),
    "\u2007": (" ", "dấu cách không ngắt"),
}


def without_invisible(text: str) -> str:
    """``text`` with every invisible character replaced by what it stands for."""
    return "".join(INVISIBLE[char][0] if char in INVISIBLE else char for char in text)


# Marks that turn the direction of the text (a title read backwards).
DIRECTION_CONTROLS = frozenset("\u200e\u200f\u061c") | frozenset(
    chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
)
# Kept: what the text's own lines are made of.
ALLOWED_CONTROLS = frozenset("\n\t")


def is_control(char: str) -> bool:
    """True for a character no story may hold: C0/C1 controls, direction marks."""
    if char in ALLOWED_CONTROLS:
        return False
    return char in DIRECTION_CONTROLS or unicodedata.category(char) == "Cc"


# Every character ``is_control`` refuses, to find them all in one pass. Unicode
# adds no character to the Cc category (its stability policy): all are below
# U+0100, so the rule needs testing on those and the direction marks alone.
CONTROLS = re.compile(
    "["
    + "".join(
        re.escape(char)
        for char in sorted({*map(chr, range(0x100)), *DIRECTION_CONTROLS})
        if is_control(char)
    )
    + "]"
)


def without_controls(text: str) -> str:
    """``text`` without control or direction characters; tabs and line ends stay."""
    return CONTROLS.sub("", text)


def control_codes(text: str) -> list[str]:
    """The control characters in ``text`` as ``U+XXXX``, once each, in order."""
    found = (f"U+{ord(char):04X}" for char in CONTROLS.findall(text))
    return list(dict.fromkeys(found))


def invisible_names(text: str) -> list[str]:
    """The names of the invisible characters in ``text``, once each, in order."""
    return list(dict.fromkeys(INVISIBLE[char][1] for char in text if char in INVISIBLE))


def invisible_problems(path: str, front: FrontMatter) -> list[Problem]:
    """A warning on each header line holding characters a reader cannot see.

    And an error on each line, header or body, holding a control character.
    """
    problems = []
    for key, meta in front.fields.items():
        for offset, value in enumerate(meta.values):
            codes = control_codes(value)
            if codes:
                problems.append(control_problem(path, meta.line + offset, key, codes))
            names = invisible_names(value)
            if names:
                problems.append(
                    Problem(
                        path,
                        meta.line + offset,
                        WARNING,
                        f"trường '{key}' có ký tự ẩn ({', '.join(names)}), thường do "
                        "dán từ Word; hãy gõ lại đoạn đó hoặc lưu lại trong phòng "
                        "biên tập",
                        "invisible characters in a header field",
                    )
                )
    body = front.body if CONTROLS.search(front.body) else ""
    for number, line in enumerate(body.split("\n"), start=front.body_line):
        codes = control_codes(line)
        if codes:
            problems.append(control_problem(path, number, "", codes))
    return problems


def control_problem(path: str, line: int, key: str, codes: list[str]) -> Problem:
    """An error naming the control characters on one line."""
    where = f"trường '{key}'" if key else "nội dung"
    return Problem(
        path,
        line,
        ERROR,
        f"{where} có ký tự điều khiển không hiện ra ({', '.join(codes)}), có thể "
        "làm hỏng bản tin RSS hoặc đảo chiều chữ; hãy xóa và gõ lại đoạn đó",
        "control character in the text",
    )
