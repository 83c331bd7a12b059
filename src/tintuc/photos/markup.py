"""Rewrite a story's HTML so every photo is a responsive <picture>.

Edited with BeautifulSoup, never with regular expressions.
"""

from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from .paths import STATIC_PREFIXES
from .settings import PHOTO_SUFFIXES


@dataclass
class Rendition:
    """A processed photo: its derivatives' URLs and sizes."""

    webp: list[tuple[str, int]] = field(default_factory=list)
    jpeg: list[tuple[str, int, int]] = field(default_factory=list)
    social: tuple[str, int, int] | None = None
    social_path: str | None = None
    original: str | None = None
    thumb_webp: list[tuple[str, int]] = field(default_factory=list)
    thumb_jpeg: list[tuple[str, int, int]] = field(default_factory=list)

    def srcset(self, kind: str) -> str:
        """``url 480w, url 800w, …`` for one format."""
        return ", ".join(f"{entry[0]} {entry[1]}w" for entry in getattr(self, kind))

    def picture_html(
        self, alt: str, sizes: str, fallback_width: int, lead: bool
    ) -> str:
        """The <picture> markup of this photo, as a string for templates."""
        soup = BeautifulSoup("", "html.parser")
        return str(picture_tag(soup, self, alt, sizes, fallback_width, lead=lead))

    def thumbnail_html(self, sizes: str) -> str:
        """A lazy 3:2 thumbnail beside a headline; its headline says what it is."""
        thumbnail = Rendition(webp=self.thumb_webp, jpeg=self.thumb_jpeg)
        smallest = self.thumb_jpeg[0][1]
        return thumbnail.picture_html("", sizes, smallest, lead=False)

    def fallback(self, width: int) -> tuple[str, int, int]:
        """The JPEG nearest below ``width`` (the smallest if all are wider)."""
        fitting = [entry for entry in self.jpeg if entry[1] <= width]
        return fitting[-1] if fitting else self.jpeg[0]


def picture_tag(
    soup, rendition: Rendition, alt: str, sizes: str, fallback_width: int, *, lead: bool
):
    """A <picture> element: WebP source, JPEG fallback, width and height set."""
    picture = soup.new_tag("picture")
    picture.append(
        soup.new_tag(
            "source",
            attrs={
                "type": "image/webp",
                "srcset": rendition.srcset("webp"),
                "sizes": sizes,
            },
        )
    )
    src, width, height = rendition.fallback(fallback_width)
    image = soup.new_tag(
        "img",
        attrs={
            "src": src,
            "srcset": rendition.srcset("jpeg"),
            "sizes": sizes,
            "alt": alt,
            "width": str(width),
            "height": str(height),
            "decoding": "async",
        },
    )
    if lead:
        image["fetchpriority"] = "high"
    else:
        image["loading"] = "lazy"
    picture.append(image)
    return picture


def rewrite_photos(
    html: str, renditions: dict[str, Rendition], sizes: str, fallback_width: int
) -> str:
    """Replace each processed <img> by a <picture>; point links at stripped copies.

    ``renditions`` maps the ``src``/``href`` as written in the story to its photo.
    """
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for image in soup.find_all("img"):
        rendition = renditions.get(image.get("src", ""))
        if rendition is None:
            continue
        image.replace_with(
            picture_tag(
                soup, rendition, image.get("alt", ""), sizes, fallback_width, lead=False
            )
        )
        changed = True
    for link in soup.find_all("a", href=True):
        rendition = renditions.get(link["href"])
        if rendition is not None and rendition.original:
            link["href"] = rendition.original
            changed = True
    return str(soup) if changed else html


def is_photo_address(address: str) -> bool:
    """True when ``address`` names a file with a photo's extension."""
    path = address.split("#", 1)[0].split("?", 1)[0]
    return path.lower().endswith(PHOTO_SUFFIXES)


def note_body_photos(html: str) -> tuple[str, list[tuple[str, str, bool]]]:
    """The photos a story's body shows or links to, and the body to keep.

    Each is ``(as written, as the body now says it, linked)``. ``{static}`` is
    taken off a photo's address: the photos plugin publishes derivatives, never
    the upload, so Pelican has no file to point it at (``/x`` means the same).
    """
    if not any(suffix in html.lower() for suffix in PHOTO_SUFFIXES):
        return html, []
    soup = BeautifulSoup(html, "html.parser")
    found, changed = [], False
    for tag, attribute, linked in (("img", "src", False), ("a", "href", True)):
        for element in soup.find_all(tag, attrs={attribute: True}):
            written = element[attribute]
            if not is_photo_address(written):
                continue
            address = written
            for prefix in STATIC_PREFIXES:
                if address.startswith(prefix):
                    address = element[attribute] = address[len(prefix) :]
                    changed = True
                    break
            found.append((written, address, linked))
    return (str(soup) if changed else html), found
