"""The link check keeps each page's links: unchanged pages are not read again,
yet every link is checked against this build, with a full check's findings."""

import os
import pickle

import pytest

from tintuc.linkcheck import linkcheck
from tintuc.linkcheck.linkcheck import broken_links
from tintuc.shared.cachefiles import load_pickle, save_pickle

SITE = "http://127.0.0.1:8765"
PAGES = {
    "index.html": '<a href="/a/">a</a><a href="/b/">b</a><a href="/a-b/">a-b</a>',
    "a/index.html": '<a href="/b/">b</a><img src="/anh/thieu.jpg" alt="">',
    "a/b/index.html": '<a href="../../c/">c</a><a href="tel:0208">gọi</a>',
    "a-b/index.html": '<a href="/c/">c</a><a href="#dau">đầu</a>',
    "b/index.html": '<a href="/c/">c</a><a href="/a/b/">a/b</a>',
    "c/index.html": f'<a href="{SITE}/">trang chủ</a><a href="/b">b</a>',
}


def publish(cache, output, name, html):
    """Put a page in ``output`` as the page cache does: a hard link to a kept file."""
    kept = cache / f"{len(list(cache.iterdir()))}.html"
    kept.write_text(html, encoding="utf-8")
    (output / name).parent.mkdir(parents=True, exist_ok=True)
    if (output / name).exists():
        (output / name).unlink()
    os.link(kept, output / name)


@pytest.fixture
def site(tmp_path):
    cache, output = tmp_path / "pages", tmp_path / "output"
    cache.mkdir()
    output.mkdir()
    for name, html in PAGES.items():
        publish(cache, output, name, html)
    return cache, output


@pytest.fixture
def reads(monkeypatch):
    """The pages the link check opens."""
    opened = []

    def recording_open(path, *args, **kwargs):
        opened.append(os.path.basename(os.path.dirname(path)) or path)
        return open(path, *args, **kwargs)

    monkeypatch.setattr(linkcheck, "open", recording_open, raising=False)
    return opened


def test_pages_taken_from_the_cache_are_not_read_yet_links_to_removed_pages_break(
    site, reads
):
    cache, output = site
    known = {}
    assert broken_links(output, SITE, known=known) == [
        ("a/index.html", "/anh/thieu.jpg")
    ]
    assert len(reads) == 2 * len(PAGES)  # each read to digest, then to parse
    reads.clear()
    (output / "c" / "index.html").unlink()  # a story removed
    publish(cache, output, "a/index.html", '<a href="/b/">b</a>')  # one edited
    found = broken_links(output, SITE, known=known)
    assert reads == ["a", "a"]
    assert found == broken_links(output, SITE)  # what a full check finds
    assert found == [
        ("a/b/index.html", "../../c/"),
        ("a-b/index.html", "/c/"),
        ("b/index.html", "/c/"),
    ]
    assert sorted(known["pages"]) == sorted(set(PAGES) - {"c/index.html"})


def test_findings_come_in_the_order_of_a_full_check(site):
    _, output = site
    (output / "c" / "index.html").unlink()
    pages = sorted(output.rglob("*.html"))  # as the check listed them before
    order = [page.relative_to(output).as_posix() for page in pages]
    found = [page for page, _ in broken_links(output, SITE)]
    assert found == sorted(found, key=order.index)
    assert found.index("a/b/index.html") < found.index("a-b/index.html")


def test_a_page_written_again_in_place_is_read_again(site, reads):
    _, output = site
    known = {}
    broken_links(output, SITE, known=known)
    reads.clear()
    page = output / "b" / "index.html"
    html = page.read_text(encoding="utf-8").replace("/c/", "/d/")  # the same size
    before = page.stat().st_mtime_ns
    page.write_text(html, encoding="utf-8")  # through the link, as a careless tool
    # Builds apart, as a tool's write and the check are (not in one clock tick).
    os.utime(page, ns=(before + 10**9, before + 10**9))
    assert ("b/index.html", "/d/") in broken_links(output, SITE, known=known)
    assert reads == ["b", "b"]


def foreign_version(path):
    kept = pickle.loads(path.read_bytes())
    kept["version"] = "0" * 64
    save_pickle(path, kept)


def cut_short(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def wrong_links(path):
    kept = pickle.loads(path.read_bytes())
    stamp, digest, _ = kept["pages"]["b/index.html"]
    kept["pages"]["b/index.html"] = (stamp, digest, [b"/c/"])
    save_pickle(path, kept)


def not_a_map(path):
    save_pickle(path, [1, 2])


def old_format(path):
    # The cache of the check before it kept stamps: links by a digest of bytes.
    save_pickle(path, {b"\x00" * 64: ["/c/"]})


@pytest.mark.parametrize(
    "damage", [foreign_version, cut_short, wrong_links, not_a_map, old_format]
)
def test_a_damaged_cache_of_links_is_not_used_and_every_page_is_read(
    site, reads, tmp_path, damage
):
    _, output = site
    kept_file = tmp_path / "linkcheck" / "links.pickle"
    known = load_pickle(kept_file, {})
    broken_links(output, SITE, known=known)
    save_pickle(kept_file, known)
    damage(kept_file)
    (output / "c" / "index.html").unlink()
    full = broken_links(output, SITE)
    reads.clear()
    known = load_pickle(kept_file, {})
    assert broken_links(output, SITE, known=known) == full
    assert len(reads) == 2 * (len(PAGES) - 1)
    reads.clear()
    assert broken_links(output, SITE, known=known) == full
    assert reads == []  # kept again, whole


def test_memory_is_given_back_before_parsing_a_whole_site(site, monkeypatch):
    cache, output = site
    calls = []
    monkeypatch.setattr(linkcheck, "give_back_memory", lambda: calls.append(1))
    monkeypatch.setattr(linkcheck, "MANY_PAGES", len(PAGES) + 1)
    broken_links(output, SITE, 1, {})
    assert calls == []  # fewer pages to parse: not worth a collection
    monkeypatch.setattr(linkcheck, "MANY_PAGES", len(PAGES))
    broken_links(output, SITE, 1, {})
    assert calls == [1]
