"""A parser-based link check of the built site, run at the end of a build.

With ``LINKCHECK_ENABLED`` (on in publishconf.py), a broken internal link
stops the build; the staged output is then thrown away and nothing deploys.
"""

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican import signals

LINK_ATTRIBUTES = {"href", "src", "poster", "data"}


class _LinkCollector(HTMLParser):
    """Collect every URL a page links to or loads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in LINK_ATTRIBUTES:
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [
                    part.split()[0] for part in value.split(",") if part.strip()
                ]


def page_links(html: str) -> list[str]:
    """Every URL in an HTML document, in order."""
    collector = _LinkCollector()
    collector.feed(html)
    collector.close()
    return collector.urls


def target_file(url: str, page: Path, output: Path, siteurl: str) -> Path | None:
    """The output file an internal URL points to; None for an outside URL."""
    if siteurl and url.startswith(siteurl + "/"):
        url = url[len(siteurl) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = output if path.startswith("/") else page.parent
    target = base / path.lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(output: Path, siteurl: str) -> list[tuple[str, str]]:
    """(page, url) for every internal link or asset with no file behind it."""
    broken = []
    for page in sorted(output.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for url in dict.fromkeys(page_links(html)):
            target = target_file(url, page, output, siteurl)
            if target is not None and not target.is_file():
                broken.append((page.relative_to(output).as_posix(), url))
    return broken


def check_links_after_build(pelican):
    """Stop the build when any internal link is broken."""
    if not pelican.settings.get("LINKCHECK_ENABLED"):
        return
    broken = broken_links(Path(pelican.output_path), pelican.settings["SITEURL"])
    for page, url in broken:
        print(f"{page}: lỗi: liên kết hỏng {url} (broken link)", file=sys.stderr)
    if broken:
        count = len(broken)
        raise SystemExit(
            f"Không xuất bản: {count} liên kết hỏng. ({count} broken links.)"
        )


def register():
    signals.finalized.connect(check_links_after_build)
