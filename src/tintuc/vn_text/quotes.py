"""Typographic quotes, as Vietnamese print sets them: “…”, at build time.

Text only: the HTML is walked with a parser, so attributes, code, scripts
and styles keep their straight quotes.
"""

from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

# Elements whose text is code or data, never prose.
VERBATIM = frozenset({"code", "pre", "kbd", "samp", "var", "tt", "script", "style"})
# Elements that start a new run of prose: a quote at their start opens.
BLOCKS = frozenset(
    {
        "p", "li", "dd", "dt", "td", "th", "caption", "figcaption", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article", "figure",
        "body", "br",
    }
)  # fmt: skip
# After these (or at the start) a straight quote opens; elsewhere it closes.
OPENS_AFTER = frozenset(" \t\n\r\u00a0([{—–-/“‘")
NOT_PROSE = (Comment, Declaration, Doctype, ProcessingInstruction)


def curly_text(text: str, before: str = "") -> str:
    """``text`` with each straight double quote turned to “ or ”.

    ``before`` is the character just ahead of ``text`` ("" at a start).
    """
    if '"' not in text:
        return text
    out, previous = [], before
    for written in text:
        character = written
        if written == '"':
            character = "“" if not previous or previous in OPENS_AFTER else "”"
        out.append(character)
        previous = character
    return "".join(out)


def block_of(node):
    """The nearest block element around ``node`` (None at the top)."""
    return next((p for p in node.parents if p.name in BLOCKS), None)


def curly_html(html: str) -> str:
    """``html`` with typographic quotes in its prose; unchanged when none."""
    if not html or '"' not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    changed, previous, previous_block = False, "", None
    for node in soup.find_all(string=True):
        if isinstance(node, NOT_PROSE):
            continue
        if any(parent.name in VERBATIM for parent in node.parents):
            previous = "x"  # a quote right after code closes: `x`"
            continue
        block = block_of(node)
        if (
            block is not previous_block
            or node.previous_sibling is not None
            and (getattr(node.previous_sibling, "name", None) in BLOCKS)
        ):
            previous = ""
        text = str(node)
        curly = curly_text(text, previous)
        if curly != text:
            node.replace_with(NavigableString(curly))
            changed = True
        previous, previous_block = (text[-1:] or previous), block
    return str(soup) if changed else html


def typographic_quotes(content: str, metadata: dict) -> tuple[str, dict]:
    """A reading step: curly quotes in the body, the title and the summary."""
    for field in ("title", "summary"):
        value = metadata.get(field)
        if isinstance(value, str):
            metadata[field] = curly_text(value)
    return curly_html(content), metadata
