"""Characters a reader cannot see, as Word and Google Docs leave them in pasted text.

One table: the gate warns on them in header fields, and the newsroom's form
(newsroom.js, through config.json) replaces them when text is pasted or saved.
"""

from tintuc.vn_text.front_matter import FrontMatter

from .problems import WARNING, Problem

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


def invisible_names(text: str) -> list[str]:
    """The names of the invisible characters in ``text``, once each, in order."""
    return list(dict.fromkeys(INVISIBLE[char][1] for char in text if char in INVISIBLE))


def invisible_problems(path: str, front: FrontMatter) -> list[Problem]:
    """A warning on each header line holding characters a reader cannot see."""
    problems = []
    for key, meta in front.fields.items():
        for offset, value in enumerate(meta.values):
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
    return problems
