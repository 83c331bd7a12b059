"""A parser-based (lxml) link check of the built site, run at the end of a build.

With ``LINKCHECK_ENABLED`` (on in publishconf.py), a broken internal link
stops the build; the staged output is then thrown away and nothing deploys.
"""

import multiprocessing
import os
import posixpath
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from blinker import signal
from lxml import html as lxml_html
from pelican import signals

LINK_XPATH = "//@href | //@src | //@poster | //@srcset"


def page_links(html: str) -> list[str]:
    """Every URL in an HTML document, in order (lxml's C parser: fast)."""
    if not html.strip():
        return []
    document = lxml_html.document_fromstring(html)
    urls = []
    for value in document.xpath(LINK_XPATH):
        if value.attrname == "srcset":
            urls += [part.split()[0] for part in value.split(",") if part.strip()]
        elif value:
            urls.append(str(value))
    return urls


def target_file(url: str, page_dir: str, output: str, siteurl: str) -> str | None:
    """The output file (a path string) an internal URL points to; None if outside."""
    if siteurl and url.startswith(siteurl + "/"):
        url = url[len(siteurl) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = output if path.startswith("/") else page_dir
    target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if path.endswith("/") or os.path.isdir(target):
        target = posixpath.join(target, "index.html")
    return target


def broken_links(output: Path, siteurl: str, workers: int = 1) -> list[tuple[str, str]]:
    """(page, url) for every internal link or asset with no file behind it."""
    pages = sorted(output.rglob("*.html"))
    if workers < 2 or len(pages) < 2 * workers:
        return broken_in(pages, output, siteurl)
    shares = [(pages[n::workers], output, siteurl) for n in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        found = pool.starmap(broken_in, shares)
    rank = {page.relative_to(output).as_posix(): n for n, page in enumerate(pages)}
    return sorted((pair for share in found for pair in share), key=lambda p: rank[p[0]])


def broken_in(pages: list[Path], output: Path, siteurl: str) -> list[tuple[str, str]]:
    """The broken links of some pages."""
    broken, exists, absolute = [], {}, {}
    root = str(output)
    for page in pages:
        page_dir = str(page.parent)
        html = page.read_text(encoding="utf-8")
        for url in dict.fromkeys(page_links(html)):
            # Most links are absolute and repeat on every page (menus, sections):
            # resolve each of those once for the whole site.
            if url in absolute:
                target = absolute[url]
            else:
                target = target_file(url, page_dir, root, siteurl)
                if url.startswith("/") or (siteurl and url.startswith(siteurl)):
                    absolute[url] = target
            if target is None:
                continue
            if target not in exists:
                exists[target] = os.path.isfile(target)
            if not exists[target]:
                broken.append((page.relative_to(output).as_posix(), url))
    return broken


def check_links_after_build(pelican):
    """Stop the build when any internal link is broken."""
    if not pelican.settings.get("LINKCHECK_ENABLED"):
        return
    # Pages may still be waiting to be rendered (see the buildspeed plugin).
    signal("buildspeed.pages_needed").send(pelican)
    broken = broken_links(
        Path(pelican.output_path), pelican.settings["SITEURL"], os.cpu_count() or 1
    )
    for page, url in broken:
        print(f"{page}: lỗi: liên kết hỏng {url} (broken link)", file=sys.stderr)
    if broken:
        count = len(broken)
        raise SystemExit(
            f"Không xuất bản: {count} liên kết hỏng. ({count} broken links.)"
        )


def register():
    signals.finalized.connect(check_links_after_build)
