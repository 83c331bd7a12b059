"""A parser-based (lxml) link check of the built site, run at the end of a build.

With ``LINKCHECK_ENABLED`` (on in publishconf.py), a broken internal link
stops the build; the staged output is then thrown away and nothing deploys.

The links of each page are kept in ``CACHE_PATH/linkcheck``, so a rebuild
reads only the pages that changed. A page whose file is the very file parsed
last time (same inode, size and modification time, and hard-linked: a page
taken from the page cache, whose files are never written over) is not read;
any other page is read, and parsed unless its bytes were parsed before.
Whether each link's target exists is checked every time, against this build.
"""

import hashlib
import os
import posixpath
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html
from pelican import signals

from tintuc.shared.cachefiles import entries_below, load_pickle, save_pickle
from tintuc.shared.signals import output_needed
from tintuc.shared.workers import children_within, fork_map, give_back_memory

# Parsing this many pages (a new site's) first gives memory back.
MANY_PAGES = 1000

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


def target_file(
    url: str, page_dir: str, output: str, siteurl: str, files: set[str]
) -> str | None:
    """The output file (a path string) an internal URL points to; None if outside.

    ``files`` are paths known to be files, not folders: not asked again.
    """
    if siteurl and url.startswith(siteurl + "/"):
        url = url[len(siteurl) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = output if path.startswith("/") else page_dir
    target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if path.endswith("/") or (target not in files and os.path.isdir(target)):
        target = posixpath.join(target, "index.html")
    return target


def broken_links(
    output: Path, siteurl: str, workers: int = 1, known: dict | None = None
) -> list[tuple[str, str]]:
    """(page, url) for every internal link or asset with no file behind it.

    ``known`` holds the links of the pages of an earlier check (see
    ``links_of``); it is updated to hold exactly the pages checked now.
    """
    pages, files = output_tree(str(output))
    links = links_of(pages, workers, {} if known is None else known)
    return broken_in(pages, links, output, siteurl, files)


def output_tree(root: str) -> tuple[list[tuple[str, str, tuple | None]], set[str]]:
    """The HTML pages in ``root``, in ``Path`` order, and the path of every file.

    Each page is (path in ``root``, path, stamp). The stamp names the file
    itself (device, inode, size, modification time) when it is hard-linked,
    as the page cache's files are; else None. Plain strings from
    ``os.scandir``: tens of thousands of files.
    """
    pages, files = [], set()
    for name, entry in entries_below(root):
        if not entry.is_file():
            continue
        files.add(entry.path)
        if name.endswith(".html"):
            found = entry.stat()
            stamp = None
            if found.st_nlink > 1:
                stamp = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
            pages.append((name, entry.path, stamp))
    pages.sort(key=lambda page: page[0].split("/"))
    return pages, files


def kept_version() -> str:
    """The version of the kept links: this module's code, which parsed them."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def kept_pages(known: dict, version: str) -> dict:
    """``known``'s pages if it is whole and of this version, else nothing.

    Each page in the map holds (stamp, digest of its bytes, links).
    """
    pages = known.get("pages") if known.get("version") == version else None
    if not isinstance(pages, dict):
        return {}
    for page, kept in pages.items():
        if not (
            isinstance(page, str)
            and type(kept) is tuple
            and len(kept) == 3
            and (kept[0] is None or type(kept[0]) is tuple)
            and type(kept[1]) is bytes
            and type(kept[2]) is list
            and set(map(type, kept[2])) <= {str}
        ):
            return {}
    return pages


def links_of(pages: list, workers: int, known: dict) -> list[list[str]]:
    """The links of each page: kept in ``known`` when its file or bytes are.

    ``known`` is then made to hold exactly ``pages``, for the next check.
    """
    version = kept_version()
    previous = kept_pages(known, version)
    now, unread = {}, []
    for name, path, stamp in pages:
        kept = previous.get(name)
        if stamp is not None and kept is not None and kept[0] == stamp:
            now[name] = kept
        else:
            unread.append((name, path, stamp))
    by_digest = {kept[1]: kept[2] for kept in previous.values()} if unread else {}
    unparsed = []
    for name, path, stamp in unread:
        with open(path, "rb") as page:
            digest = hashlib.blake2b(page.read()).digest()
        if digest in by_digest:
            now[name] = (stamp, digest, by_digest[digest])
        else:
            unparsed.append((name, path, stamp, digest))
    parsed = parse_in_shares([path for _, path, _, _ in unparsed], workers)
    # The same URL on thousands of pages is kept once, here and in the cache file.
    same = {}
    for (name, _, stamp, digest), urls in zip(unparsed, parsed, strict=True):
        now[name] = (stamp, digest, [same.setdefault(url, url) for url in urls])
    known.clear()
    known.update(version=version, pages=now)
    return [now[name][2] for name, _, _ in pages]


def parse_in_shares(paths: list[str], workers: int) -> list[list[str]]:
    """``parse_pages(paths)``, on up to ``workers`` processes when worth it."""
    if len(paths) >= MANY_PAGES:
        # A whole site's links: room first, where the build's cycles were (at
        # 10,000 stories the peak fell from 503 to 459 MiB; collecting right
        # after the rendering, before search records and feeds, did not help).
        give_back_memory()
    if workers < 2 or len(paths) < 2 * workers:
        return parse_pages(paths)
    size = -(-len(paths) // workers)
    shares = [paths[start : start + size] for start in range(0, len(paths), size)]
    return [urls for share in fork_map(parse_pages, shares, workers) for urls in share]


def parse_pages(paths: list[str]) -> list[list[str]]:
    """The distinct links of each page, in order."""
    links = []
    for path in paths:
        with open(path, encoding="utf-8") as page:
            links.append(list(dict.fromkeys(page_links(page.read()))))
    return links


def broken_in(
    pages, links, output: Path, siteurl: str, files: set[str]
) -> list[tuple[str, str]]:
    """The broken links among each page's ``links``; ``files`` are in the output."""
    root = str(output)

    def is_file(target: str) -> bool:
        # Not among the files seen: a file linked in under another name, or none.
        return target in files or os.path.isfile(target)

    # Most links are absolute or outside and repeat on every page (menus,
    # sections, sharing): each of those is resolved once for the whole site,
    # and only a page holding a broken or a relative one is gone through.
    everywhere, relative = {}, set()
    for url in set().union(*links):
        target = target_file(url, root, root, siteurl, files)
        if (
            target is None
            or url.startswith("/")
            or (siteurl and url.startswith(siteurl))
        ):
            everywhere[url] = target
        else:
            relative.add(url)
    suspect = relative | {
        url for url, target in everywhere.items() if target and not is_file(target)
    }
    broken = []
    for (name, path, _), urls in zip(pages, links, strict=True):
        if suspect.isdisjoint(urls):
            continue
        page_dir = os.path.dirname(path)
        for url in urls:
            if url in everywhere:
                target = everywhere[url]
            else:
                target = target_file(url, page_dir, root, siteurl, files)
            if target is not None and not is_file(target):
                broken.append((name, url))
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
    refusal = report_broken(broken)
    if refusal:
        raise SystemExit(refusal)


def report_broken(broken: list[tuple[str, str]]) -> str:
    """Print each broken link (page, url); the build's refusal, or "" if none."""
    for page, url in broken:
        print(f"{page}: lỗi: liên kết hỏng {url} (broken link)", file=sys.stderr)
    if not broken:
        return ""
    count = len(broken)
    return f"Không xuất bản: {count} liên kết hỏng. ({count} broken links.)"


def register():
    signals.finalized.connect(check_links_after_build)
