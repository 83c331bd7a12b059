"""Measure first-load bytes: each page's HTML plus its render-blocking CSS, gzipped.

Usage: python tools/budget.py OUTPUTDIR [--limit BYTES]
Byte counts are deterministic (gzip level 9, no timestamp), so tests can hold
the theme to the budget exactly.
"""

import argparse
import gzip
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

FIRST_LOAD_LIMIT = 14_600


def gzipped_size(data: bytes) -> int:
    """Bytes after gzip -9, the way a server would send them."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


class _Stylesheets(HTMLParser):
    """Collect stylesheets that block rendering (not print-only ones)."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        is_stylesheet = tag == "link" and values.get("rel") == "stylesheet"
        if is_stylesheet and values.get("media", "all") != "print":
            self.hrefs.append(values["href"])


def first_load_bytes(page: Path, output: Path) -> int:
    """Gzipped HTML of ``page`` plus every stylesheet it needs to render."""
    html = page.read_bytes()
    parser = _Stylesheets()
    parser.feed(html.decode("utf-8"))
    total = gzipped_size(html)
    for href in parser.hrefs:
        path = urlsplit(href).path
        total += gzipped_size((output / path.lstrip("/")).read_bytes())
    return total


def budget_report(output: Path) -> list[tuple[str, int]]:
    """(page, bytes) of every page a reader lands on, largest first.

    The home page, every story and document, the documents' list and the
    statistics page.
    """
    pages = [output / "index.html", *sorted(output.glob("bai-viet/*/index.html"))]
    pages += sorted(output.glob("van-ban/[0-9]*/index.html"))
    pages += [
        p
        for p in (output / "van-ban/index.html", output / "thong-ke/index.html")
        if p.is_file()
    ]
    sizes = [
        (page.relative_to(output).as_posix(), first_load_bytes(page, output))
        for page in pages
    ]
    return sorted(sizes, key=lambda item: (-item[1], item[0]))


def main(argv=None) -> int:
    """Print the report; exit 1 when any page is over the limit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--limit", type=int, default=FIRST_LOAD_LIMIT)
    arguments = parser.parse_args(argv)
    report = budget_report(arguments.output)
    over = [(page, size) for page, size in report if size > arguments.limit]
    print(f"HTML + CSS đầu tiên, đã nén gzip (giới hạn {arguments.limit} byte):")
    for page, size in report:
        print(f"  {size:6d}  {page}{'  VƯỢT (over)' if size > arguments.limit else ''}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
