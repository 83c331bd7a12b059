"""The video sites a story may embed: one list for sanitiser, facades and CSP."""

import re
from urllib.parse import parse_qs, quote, urlsplit

# (provider, origin, path prefixes of an embeddable player), in the CSP's order.
EMBED_SITES = (
    ("YouTube", "https://www.youtube-nocookie.com", ("/embed/",)),
    ("YouTube", "https://www.youtube.com", ("/embed/",)),
    (
        "Facebook",
        "https://www.facebook.com",
        ("/plugins/video.php", "/plugins/post.php"),
    ),
    ("TikTok", "https://www.tiktok.com", ("/embed/", "/player/v1/")),
)

EMBED_PREFIXES = tuple(
    origin + prefix for _, origin, prefixes in EMBED_SITES for prefix in prefixes
)
PROVIDERS = {origin.removeprefix("https://"): name for name, origin, _ in EMBED_SITES}
EMBED_ORIGINS = " ".join(origin for _, origin, _ in EMBED_SITES)

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
TIKTOK_VIDEO = re.compile(r"^/@[^/]+/video/(\d+)")
DURATION = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)$")


def video_embed_url(address: str) -> str | None:
    """The player address of a YouTube, Facebook or TikTok clip; None for others.

    Editors paste the address they see in the browser (``watch?v=``, ``youtu.be``,
    ``/shorts/``, a Facebook video, a TikTok video) or the embed address itself.
    """
    parts = urlsplit(address.strip())
    host = parts.netloc.lower().removeprefix("m.").removeprefix("www.")
    if parts.scheme not in ("http", "https"):
        return None
    if address.strip().startswith(EMBED_PREFIXES):
        return address.strip()
    youtube_id = ""
    if host == "youtube.com" and parts.path == "/watch":
        youtube_id = parse_qs(parts.query).get("v", [""])[0]
    elif host == "youtube.com" and parts.path.startswith("/shorts/"):
        youtube_id = parts.path.split("/")[2]
    elif host == "youtu.be":
        youtube_id = parts.path.strip("/")
    if youtube_id:
        if not YOUTUBE_ID.match(youtube_id):
            return None
        return f"https://www.youtube-nocookie.com/embed/{youtube_id}"
    if (host == "facebook.com" and "/videos/" in parts.path) or host == "fb.watch":
        return "https://www.facebook.com/plugins/video.php?href=" + quote(
            address.strip(), safe=""
        )
    tiktok = TIKTOK_VIDEO.match(parts.path) if host == "tiktok.com" else None
    return f"https://www.tiktok.com/embed/{tiktok[1]}" if tiktok else None


def watch_url(embed: str) -> str:
    """The page where a reader watches a player's clip on its own site.

    YouTube's player becomes its watch page, Facebook's the video it wraps;
    any other player is its own page.
    """
    parts = urlsplit(embed)
    if parts.netloc in ("www.youtube-nocookie.com", "www.youtube.com"):
        clip = parts.path.removeprefix("/embed/").strip("/")
        if YOUTUBE_ID.match(clip):
            return f"https://www.youtube.com/watch?v={clip}"
    if parts.netloc == "www.facebook.com" and parts.path.startswith("/plugins/"):
        return parse_qs(parts.query).get("href", [embed])[0]
    return embed


def provider_of(embed: str) -> str:
    """The site a player comes from: "YouTube", "Facebook" or "TikTok"."""
    return PROVIDERS.get(urlsplit(embed).netloc, "trang gốc")


def parse_duration(text: str) -> int | None:
    """``3:25`` or ``1:02:05`` in seconds; None when it is not written so."""
    match = DURATION.match(text.strip())
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def iso_duration(seconds: int) -> str:
    """Seconds as schema.org wants a duration: PT1H2M5S."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return (
        "PT"
        + "".join(
            f"{value}{unit}"
            for value, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
            if value
        )
        if hours or minutes or seconds
        else "PT0S"
    )
