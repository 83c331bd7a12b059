"""Wire the HTML sanitiser and the video facades into every reader.

Needs ``vn_text`` listed before it in ``PLUGINS``: it wraps the reader
``vn_text`` has chosen.
"""

from pelican import signals

from tintuc.shared.embeds import parse_duration, provider_of, video_embed_url
from tintuc.shared.readers import add_reading_step

from .embeds import facade_embeds
from .html_policy import sanitise_html


def describe_video(generator, metadata):
    """A video story's player address and duration, for its facade and JSON-LD."""
    address = str(metadata.get("video") or "")
    embed = video_embed_url(address) if address else None
    if embed:
        metadata["video_embed"] = embed
        metadata["video_provider"] = provider_of(embed)
        seconds = parse_duration(str(metadata.get("video_duration") or ""))
        if seconds:
            metadata["video_seconds"] = seconds


def sanitised(content: str, metadata: dict) -> tuple[str, dict]:
    """Strip HTML outside the allow-list; turn video embeds into facades."""
    return (facade_embeds(sanitise_html(content)) if content else content), metadata


def sanitise_while_reading(readers):
    """Sanitise in every reader, so Pelican's reader cache keeps the clean HTML.

    Connected after ``vn_text`` has chosen its reader.
    """
    add_reading_step(readers, sanitised)


def register():
    signals.readers_init.connect(sanitise_while_reading)
    signals.article_generator_context.connect(describe_video)
