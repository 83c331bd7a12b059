"""What HTML a story may contain: one allow-list for the check and the build.

Editors write Markdown; raw HTML is allowed only for ordinary formatting
and for video embeds from YouTube, Facebook and TikTok. The check reports
anything else with its line; the build sanitises with nh3 whatever is left.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from tintuc.shared.embeds import EMBED_PREFIXES

ALLOWED_TAGS = (nh3.ALLOWED_TAGS - {"map", "area"}) | {"iframe", "figure", "figcaption"}
ALLOWED_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "iframe": {"src", "title", "width", "height", "allow", "allowfullscreen"},
    "img": {"src", "alt", "width", "height", "title", "loading"},
    "a": {"href", "title", "hreflang"},
    "*": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "srcset"}

# Code, where "<script>" is text to show, not markup.
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def is_allowed_embed(url: str) -> bool:
    """True for an embed address from YouTube, Facebook or TikTok."""
    return url.strip().startswith(EMBED_PREFIXES)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "iframe" and attribute == "src" and not is_allowed_embed(value):
        return None
    return value


def sanitise_html(html: str) -> str:
    """Remove every tag, attribute and URL scheme outside the allow-list."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def _blank_code(text: str) -> str:
    """Replace code spans and blocks by spaces, keeping line numbers."""
    return _CODE.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)


class _HtmlFinder(HTMLParser):
    """Collect (line, message) for every disallowed tag or attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag not in ALLOWED_TAGS:
            self.found.append((line, f"thẻ <{tag}>"))
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        for name, raw_value in attrs:
            value = raw_value or ""
            if name.startswith("on") or name not in allowed:
                self.found.append((line, f"thuộc tính {name}= trong <{tag}>"))
            elif tag == "iframe" and name == "src" and not is_allowed_embed(value):
                host = urlsplit(value).netloc or value
                self.found.append((line, f"nhúng từ '{host}'"))
            elif name in URL_ATTRIBUTES and _is_script_url(value):
                self.found.append((line, "liên kết javascript:"))


def _is_script_url(value: str) -> bool:
    scheme = "".join(value.split()).lower().split(":", 1)[0]
    return ":" in value and scheme in {"javascript", "vbscript", "data"}


def find_disallowed_html(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Each disallowed piece of HTML in a Markdown body, with its file line."""
    text = _blank_code(body)
    finder = _HtmlFinder()
    finder.feed(text)
    finder.close()
    found = [(first_line + line - 1, what) for line, what in finder.found]
    for number, line in enumerate(text.split("\n"), start=first_line):
        if "javascript:" in "".join(line.split()).lower() and not any(
            found_line == number for found_line, _ in found
        ):
            found.append((number, "liên kết javascript:"))
    return sorted(found)
