"""The video sites a story may embed: one list for sanitiser, facades and CSP."""

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
