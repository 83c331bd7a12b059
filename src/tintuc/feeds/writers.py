"""Write RSS 2.0 and Atom with feedgen, and JSON Feed 1.1 with json."""

import datetime
import html
import json
from dataclasses import dataclass
from typing import NamedTuple

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .items import FeedItem, absolute_url, guid_of

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_NS = "http://search.yahoo.com/mrss/"
GENERATOR = "Tin tức Định Hóa (feedgen)"


@dataclass(frozen=True)
class FeedInfo:
    """What a feed is about and where it and its page live."""

    title: str
    description: str
    home_url: str
    urls: dict  # kind ("rss", "atom", "json") -> absolute URL
    updated: datetime.datetime  # when an empty feed last changed
    hub: str = ""
    language: str = "vi"


class WebSubRss(BaseExtension):
    """feedgen extension: the rel=hub atom:link that RSS needs for WebSub."""

    def __init__(self):
        self.hub = ""

    def extend_ns(self):
        """The Atom namespace, for atom:link."""
        return {"atom": ATOM_NS}

    def extend_rss(self, feed):
        """Add ``<atom:link rel="hub">`` to the channel."""
        if self.hub:
            channel = feed[0]
            etree.SubElement(channel, f"{{{ATOM_NS}}}link", href=self.hub, rel="hub")
        return feed


class MediaNamespace(BaseExtension):
    """feedgen feed extension: declares Media RSS on the feed (feedgen needs one)."""

    def extend_ns(self):
        """The Media RSS namespace."""
        return {"media": MEDIA_NS}


class SharePhoto(BaseEntryExtension):
    """feedgen entry extension: the share image (and a video story's clip), once each.

    One ``media:content`` directly in the item (a ``media:group`` needs several
    alternatives), and in Atom a ``rel="enclosure"`` link with type and length.
    feedgen's own media extension always writes a group, and its Atom entry
    links lose their ``rel``, so two would read as two ``rel="alternate"``.
    """

    def __init__(self):
        self.image = None
        self.video = None

    def extend_ns(self):
        """The Media RSS namespace."""
        return {"media": MEDIA_NS}

    def media_content(self, parent):
        """``<media:content>`` for the image."""
        image = self.image
        etree.SubElement(
            parent,
            f"{{{MEDIA_NS}}}content",
            url=image.url,
            type=image.mime_type,
            medium="image",
            width=str(image.width),
            height=str(image.height),
            fileSize=str(image.length),
        )

    def media_video(self, parent):
        """``<media:content medium="video">`` with its player, for a video story."""
        video = self.video
        attributes = {"url": video.url, "medium": "video"}
        if video.seconds:
            attributes["duration"] = str(video.seconds)
        content = etree.SubElement(parent, f"{{{MEDIA_NS}}}content", **attributes)
        etree.SubElement(content, f"{{{MEDIA_NS}}}player", url=video.embed_url)

    def extend_rss(self, item):
        """RSS: the enclosure is feedgen's; add the media elements."""
        if self.image:
            self.media_content(item)
        if self.video:
            self.media_video(item)
        return item

    def extend_atom(self, entry):
        """Atom: the enclosure link and the media element."""
        if self.image:
            # feedgen writes Atom unqualified under a default namespace.
            etree.SubElement(
                entry,
                "link",
                rel="enclosure",
                href=self.image.url,
                type=self.image.mime_type,
                length=str(self.image.length),
            )
            self.media_content(entry)
        if self.video:
            self.media_video(entry)
        return entry


def feed_generator(info: FeedInfo, kind: str, items: list[FeedItem]) -> FeedGenerator:
    """A feedgen feed holding ``items``, newest first, with no build timestamp."""
    generator = FeedGenerator()
    generator.register_extension(
        "photo", MediaNamespace, SharePhoto, atom=True, rss=True
    )
    generator.load_extension("dc", rss=True, atom=False)
    generator.register_extension("websub", WebSubRss, atom=False, rss=True)
    generator.websub.hub = info.hub
    generator.id(info.urls[kind])
    generator.title(info.title)
    generator.description(info.description)
    generator.language(info.language)
    generator.generator(GENERATOR)
    generator.link(href=info.urls[kind], rel="self")
    if info.hub:
        generator.link(href=info.hub, rel="hub")
    # Last, because feedgen takes the RSS <link> from the last link given.
    generator.link(href=info.home_url, rel="alternate")
    # Stable output: the feed changes only when a story does, never at build time.
    generator.updated(max((item.updated for item in items), default=info.updated))
    # feedgen prepends entries, so add the oldest first.
    for item in reversed(items):
        add_entry(generator, item, kind)
    return generator


def add_entry(generator: FeedGenerator, item: FeedItem, kind: str) -> None:
    """One story as an RSS item or Atom entry."""
    entry = generator.add_entry()
    entry.id(item.guid)
    entry.guid(item.guid, permalink=False)
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate")
    summary = item.summary or item.title
    # RSS readers take <description> as HTML: the plain-text summary is escaped
    # once more, so a summary reading "<img onerror=…>" stays text.
    entry.description(
        html.escape(summary) if kind == "rss" else summary, isSummary=True
    )
    entry.content(item.content_html, type="html" if kind == "atom" else "CDATA")
    entry.published(item.published)
    entry.updated(item.updated)
    for name in item.authors:
        if kind == "rss":
            entry.dc.dc_creator(name)
        else:
            entry.author(name=name)
    for term in item.categories:
        entry.category(term=term)
    if item.image:
        if kind == "rss":
            image = item.image
            entry.enclosure(image.url, str(image.length), image.mime_type)
        entry.photo.image = item.image
    entry.photo.video = item.video


def rss_bytes(info: FeedInfo, items: list[FeedItem]) -> bytes:
    """The RSS 2.0 document."""
    return feed_generator(info, "rss", items).rss_str(pretty=True)


def atom_bytes(info: FeedInfo, items: list[FeedItem]) -> bytes:
    """The Atom 1.0 document."""
    return feed_generator(info, "atom", items).atom_str(pretty=True)


def json_feed_document(info: FeedInfo, entries: list[dict]) -> bytes:
    """A JSON Feed 1.1 document holding ``entries``."""
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "home_page_url": info.home_url,
        "feed_url": info.urls["json"],
        "description": info.description,
        "language": info.language,
        "items": entries,
    }
    if info.hub:
        document["hubs"] = [{"type": "WebSub", "url": info.hub}]
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def json_feed_bytes(info: FeedInfo, items: list[FeedItem]) -> bytes:
    """The JSON Feed 1.1 document."""
    return json_feed_document(info, [json_item(item) for item in items])


def json_item(item: FeedItem) -> dict:
    """One story as a JSON Feed item."""
    entry = {
        "id": item.guid,
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "content_html": item.content_html,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": name} for name in item.authors],
        "tags": list(item.categories),
        "language": "vi",
        # JSON Feed extension: the section, which the tags list first.
        "_dinhhoa": {"section": item.categories[0] if item.categories else ""},
    }
    if item.image:
        entry["image"] = item.image.url
        entry["attachments"] = [
            {
                "url": item.image.url,
                "mime_type": item.image.mime_type,
                "size_in_bytes": item.image.length,
                "title": item.image.alt,
            }
        ]
    if item.video:
        video = {"url": item.video.url, "mime_type": "text/html", "title": "Video"}
        if item.video.seconds:
            video["duration_in_seconds"] = item.video.seconds
        entry.setdefault("attachments", []).append(video)
        entry["_dinhhoa"]["video"] = {
            "url": item.video.url,
            "embed_url": item.video.embed_url,
        }
    return entry


class ArchiveStory(NamedTuple):
    """What the archive feed shows of one story (no body).

    Plain text only, in a tuple: the archive lists every story, and its key
    digests them all on every build.
    """

    guid: str
    url: str  # as the site links it; made absolute in the feed
    title: str
    summary: str
    published: str  # ISO 8601, as the feed gives it
    authors: tuple[str, ...]
    section: str
    tags: tuple[str, ...]
    social_url: str  # the share image's, or ""


def archive_story(article, social_url: str) -> ArchiveStory:
    """The archive's fields of a story."""
    return ArchiveStory(
        guid=guid_of(article.metadata),
        url=article.url,
        title=article.title,
        summary=article.metadata.get("summary", ""),
        published=article.date.isoformat(),
        authors=tuple(author.name for author in getattr(article, "authors", [])),
        section=article.category.name,
        tags=tuple(tag.name for tag in getattr(article, "tags", [])),
        social_url=social_url,
    )


def archive_item(story: ArchiveStory, siteurl: str) -> dict:
    """One story in the archive feed: what a social post needs, no body."""
    entry = {
        "id": story.guid,
        "url": absolute_url(siteurl, story.url),
        "title": story.title,
        "summary": story.summary,
        "content_text": story.summary or story.title,
        "date_published": story.published,
        "authors": [{"name": name} for name in story.authors],
        "tags": [story.section, *story.tags],
        "language": "vi",
        "_dinhhoa": {"section": story.section},
    }
    if story.social_url:
        entry["image"] = absolute_url(siteurl, story.social_url)
    return entry


def archive_feed_bytes(
    info: FeedInfo, stories: list[ArchiveStory], siteurl: str
) -> bytes:
    """A JSON Feed of every published story, newest first (the poster reads it)."""
    return json_feed_document(info, [archive_item(s, siteurl) for s in stories])


FEED_FORMATS = {"rss": rss_bytes, "atom": atom_bytes, "json": json_feed_bytes}
