"""Turn a published story into a feed item: pure functions, no Pelican objects kept."""

import mimetypes
import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from markupsafe import Markup

from tintuc.photos.photos import with_photos

URL_ATTRIBUTES = {"a": "href", "img": "src", "iframe": "src", "source": "src"}
# Attributes for browsers that a feed reader neither needs nor keeps.
BROWSER_ONLY = ("srcset", "sizes", "loading", "fetchpriority", "decoding")


@dataclass(frozen=True)
class FeedImage:
    """The picture an auto-share tool posts with the story."""

    url: str
    length: int
    mime_type: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class FeedVideo:
    """The clip a video story is about: its page, its player, its length."""

    url: str
    embed_url: str
    seconds: int | None = None


@dataclass(frozen=True)
class FeedItem:
    """Everything the feed writers need about one story."""

    guid: str
    url: str
    title: str
    summary: str
    content_html: str
    published: datetime
    updated: datetime
    authors: tuple[str, ...]
    categories: tuple[str, ...] = ()
    image: FeedImage | None = None
    video: FeedVideo | None = None
    extra: dict = field(default_factory=dict, compare=False)


def absolute_url(base: str, value: str) -> str:
    """``value`` made absolute against ``base`` (the site's own address)."""
    return urljoin(base.rstrip("/") + "/", value)


def feed_html(html: str, base: str) -> str:
    """Story HTML for feed readers: plain <img>, every URL absolute."""
    soup = BeautifulSoup(html, "html.parser")
    for picture in soup.find_all("picture"):
        image = picture.find("img")
        if image is None:
            picture.decompose()
            continue
        picture.replace_with(image)
    for tag, attribute in URL_ATTRIBUTES.items():
        for element in soup.find_all(tag, attrs={attribute: True}):
            element[attribute] = absolute_url(base, element[attribute])
    for element in soup.find_all(True):
        for attribute in BROWSER_ONLY:
            element.attrs.pop(attribute, None)
    return str(soup)


def feed_image(social_image: dict | None, siteurl: str) -> FeedImage | None:
    """The share image as an enclosure: absolute URL, byte length, type and size."""
    if not social_image or not social_image.get("path"):
        return None
    path = social_image["path"]
    return FeedImage(
        url=absolute_url(siteurl, social_image["url"]),
        length=os.path.getsize(path),
        mime_type=mimetypes.guess_type(path)[0] or "image/jpeg",
        width=social_image["width"],
        height=social_image["height"],
        alt=social_image.get("alt", ""),
    )


def corrections_html(article) -> str:
    """A corrected story's notes, as its page shows them, for the top of the item."""
    note = Markup("<p><strong>{}:</strong> {}</p>")
    corrections = getattr(article, "corrections", None) or ()
    return "".join(note.format(c.label, c.note) for c in corrections)


def guid_of(metadata: dict) -> str:
    """A story's GUID in every feed: its permanent Id, never its URL."""
    return f"urn:uuid:{metadata['id']}"


def item_from_article(article, siteurl: str, cited: dict | None = None) -> FeedItem:
    """A feed item whose GUID is the story's permanent Id, never its URL.

    Its ``content_html`` is the body as the story's page shows it (corrections,
    photos, citations): what the feed is keyed by. ``for_feed_readers`` makes
    it what a feed holds.
    """
    # Here, not on top: the documents plugin imports this module.
    from tintuc.documents.citations import linked_citations  # noqa: PLC0415

    metadata = article.metadata
    tags = [tag.name for tag in getattr(article, "tags", [])]
    return FeedItem(
        guid=guid_of(metadata),
        url=absolute_url(siteurl, article.url),
        title=article.title,
        summary=metadata.get("summary", ""),
        content_html=corrections_html(article)
        + linked_citations(with_photos(article.content, article), cited or {}),
        published=article.date,
        updated=getattr(article, "modified", None) or article.date,
        authors=tuple(author.name for author in getattr(article, "authors", [])),
        categories=(article.category.name, *tags),
        image=feed_image(getattr(article, "social_image", None), siteurl),
        video=feed_video(article),
    )


def for_feed_readers(item: FeedItem, siteurl: str) -> FeedItem:
    """``item`` with its body rewritten for feed readers (see ``feed_html``)."""
    return replace(item, content_html=feed_html(item.content_html, siteurl))


def feed_video(article) -> FeedVideo | None:
    """A video story's clip, from the fields the sanitiser checked."""
    embed = getattr(article, "video_embed", None)
    if not embed:
        return None
    return FeedVideo(
        url=str(article.metadata.get("video", "")),
        embed_url=embed,
        seconds=getattr(article, "video_seconds", None),
    )


def newest_first(items, limit: int) -> list[FeedItem]:
    """The ``limit`` newest items, ties broken by GUID so the order never wobbles."""
    ordered = sorted(items, key=lambda item: item.guid)
    ordered.sort(key=lambda item: item.published, reverse=True)
    return ordered[:limit]
