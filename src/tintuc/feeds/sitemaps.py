"""sitemap.xml, the Google News sitemap and robots.txt, written with ElementTree."""

import datetime
from dataclasses import dataclass
from xml.etree import ElementTree

from tintuc.shared.clock import in_news_window

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True)
class SitemapEntry:
    """One public page and when it last changed."""

    url: str
    lastmod: datetime.datetime


@dataclass(frozen=True)
class NewsEntry:
    """One recent story for Google News."""

    url: str
    title: str
    published: datetime.datetime


def xml_bytes(root: ElementTree.Element) -> bytes:
    """Serialise with a declaration, indented, the same bytes every time."""
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def sitemap_bytes(entries: list[SitemapEntry]) -> bytes:
    """The sitemap of every public page, sorted by URL."""
    ElementTree.register_namespace("", SITEMAP_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in sorted(entries, key=lambda entry: entry.url):
        url = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.url
        ElementTree.SubElement(
            url, f"{{{SITEMAP_NS}}}lastmod"
        ).text = entry.lastmod.isoformat(timespec="seconds")
    return xml_bytes(root)


def recent_news(entries, now: datetime.datetime, days: int, limit: int):
    """Stories published in the last ``days`` days, newest first, at most ``limit``."""
    recent = [e for e in entries if in_news_window(e.published, now, days)]
    recent.sort(key=lambda entry: (entry.published, entry.url), reverse=True)
    return recent[:limit]


def news_sitemap_bytes(entries: list[NewsEntry], publication: str) -> bytes:
    """The Google News sitemap for ``entries``."""
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("news", NEWS_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in entries:
        url = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.url
        news = ElementTree.SubElement(url, f"{{{NEWS_NS}}}news")
        source = ElementTree.SubElement(news, f"{{{NEWS_NS}}}publication")
        ElementTree.SubElement(source, f"{{{NEWS_NS}}}name").text = publication
        ElementTree.SubElement(source, f"{{{NEWS_NS}}}language").text = "vi"
        ElementTree.SubElement(
            news, f"{{{NEWS_NS}}}publication_date"
        ).text = entry.published.isoformat(timespec="seconds")
        ElementTree.SubElement(news, f"{{{NEWS_NS}}}title").text = entry.title
    return xml_bytes(root)


def robots_txt(
    sitemap_urls: list[str], allow: bool = True, disallow: tuple[str, ...] = ()
) -> str:
    """robots.txt naming the sitemaps; a preview build disallows everything."""
    kept_out = [f"Disallow: {path}" for path in disallow] if allow else []
    lines = ["User-agent: *", *kept_out, "Allow: /" if allow else "Disallow: /", ""]
    lines += [f"Sitemap: {url}" for url in sitemap_urls] if allow else []
    return "\n".join(lines).rstrip("\n") + "\n"
