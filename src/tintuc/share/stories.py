"""The published stories, as the built site's JSON Feed lists them."""

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

GUID = re.compile(r"^urn:uuid:(?P<id>[0-9a-f-]{36})$")


class FeedUnreadable(SystemExit):
    """The built site has no readable feed: nothing can be shared."""


@dataclass(frozen=True)
class Story:
    """What a social post is made from."""

    story_id: str
    url: str
    title: str
    summary: str
    section: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    image: str
    content_html: str
    published: datetime.datetime

    @property
    def hashtags(self) -> list[str]:
        """The tags as hashtags: words joined, marks kept (#NôngThônMới)."""
        tags = []
        for tag in self.tags:
            word = "".join(
                part[:1].upper() + part[1:] for part in re.split(r"\W+", tag)
            )
            if word:
                tags.append("#" + word)
        return tags


def story_from_item(item: dict) -> Story | None:
    """A story from one JSON Feed item; None for an item that is not ours."""
    match = GUID.match(item.get("id", ""))
    if not match:
        return None
    extension = item.get("_dinhhoa", {})
    section = extension.get("section", "")
    return Story(
        story_id=match["id"],
        url=item["url"],
        title=item["title"],
        summary=item.get("summary", ""),
        section=section,
        tags=tuple(tag for tag in item.get("tags", []) if tag != section),
        authors=tuple(author["name"] for author in item.get("authors", [])),
        image=item.get("image", ""),
        content_html=item.get("content_html", "") or item.get("content_text", ""),
        published=datetime.datetime.fromisoformat(item["date_published"]),
    )


def read_items(path: Path) -> list[dict]:
    """The items of one JSON Feed in the built site."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        items = document["items"]
        if not isinstance(items, list):
            raise TypeError("items is not a list")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise FeedUnreadable(
            f"Không đọc được {path}: {error}. Hãy dựng trang (make publish) trước. "
            "(The built feed cannot be read.)"
        ) from error
    return items


def read_stories(output: Path, feed: str, archive: str = "") -> list[Story]:
    """Every published story, oldest first.

    The site feed holds the newest stories with their bodies; the archive
    feed (when there is one) holds every story, without bodies.
    """
    items = {item.get("id"): item for item in read_items(Path(output) / feed)}
    if archive and (Path(output) / archive).is_file():
        for item in read_items(Path(output) / archive):
            items.setdefault(item.get("id"), item)
    try:
        stories = [story_from_item(item) for item in items.values()]
    except (KeyError, TypeError, ValueError) as error:
        raise FeedUnreadable(
            f"Nguồn tin trong {output} thiếu trường cần thiết: {error}. "
            "(A feed item lacks a field.)"
        ) from error
    return sorted((s for s in stories if s), key=lambda s: (s.published, s.story_id))
