"""A parser-based (lxml) link check of the built site, run at the end of a build.

With ``LINKCHECK_ENABLED`` (on in publishconf.py), a broken internal link
stops the build; the staged output is then thrown away and nothing deploys.
The links of each page are kept in ``CACHE_PATH/linkcheck`` by a digest of
its bytes, so a rebuild parses only the pages that changed; whether each
link's target exists is checked every time.
"""

import hashlib
import os
import posixpath
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html
from pelican import signals

from tintuc.shared.cachefiles import load_pickle, save_pickle
from tintuc.shared.signals import output_needed
from tintuc.shared.workers import children_within, fork_map

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


def broken_links(
    output: Path, siteurl: str, workers: int = 1, known: dict | None = None
) -> list[tuple[str, str]]:
    """(page, url) for every internal link or asset with no file behind it.

    ``known`` maps a digest of a page's bytes to its links, from an earlier
    check; it is updated to hold exactly the pages checked now.
    """
    pages = sorted(output.rglob("*.html"))
    links = links_of(pages, workers, {} if known is None else known)
    return broken_in(pages, links, output, siteurl)


def links_of(pages: list[Path], workers: int, known: dict) -> list[list[str]]:
    """The links of each page: from ``known`` when its bytes are, else parsed."""
    digests = [hashlib.blake2b(page.read_bytes()).digest() for page in pages]
    missing = [
        page for page, digest in zip(pages, digests, strict=True) if digest not in known
    ]
    if workers < 2 or len(missing) < 2 * workers:
        parsed = parse_pages(missing)
    else:
        size = -(-len(missing) // workers)
        shares = [
            missing[start : start + size] for start in range(0, len(missing), size)
        ]
        parsed = [
            urls for share in fork_map(parse_pages, shares, workers) for urls in share
        ]
    found = dict(zip(missing, parsed, strict=True))
    # The same URL on thousands of pages is kept once, here and in the cache file.
    same = {}
    result = []
    for page, digest in zip(pages, digests, strict=True):
        urls = known.get(digest)
        if urls is None:
            urls = [same.setdefault(url, url) for url in found[page]]
        result.append(urls)
    known.clear()
    known.update(zip(digests, result, strict=True))
    return result


def parse_pages(pages: list[Path]) -> list[list[str]]:
    """The distinct links of each page, in order."""
    return [
        list(dict.fromkeys(page_links(page.read_text(encoding="utf-8"))))
        for page in pages
    ]


def broken_in(pages, links, output: Path, siteurl: str) -> list[tuple[str, str]]:
    """The broken links among each page's ``links``."""
    broken, exists, absolute = [], {}, {}
    root = str(output)
    for page, urls in zip(pages, links, strict=True):
        page_dir = str(page.parent)
        for url in urls:
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
    output_needed.send(pelican)
    memo = Path(pelican.settings["CACHE_PATH"], "linkcheck", "links.pickle")
    known = load_pickle(memo, {})
    workers = children_within(pelican.settings, os.cpu_count() or 1)
    broken = broken_links(
        Path(pelican.output_path), pelican.settings["SITEURL"], workers, known
    )
    save_pickle(memo, known)
    for page, url in broken:
        print(f"{page}: lỗi: liên kết hỏng {url} (broken link)", file=sys.stderr)
    if broken:
        count = len(broken)
        raise SystemExit(
            f"Không xuất bản: {count} liên kết hỏng. ({count} broken links.)"
        )


def register():
    signals.finalized.connect(check_links_after_build)
