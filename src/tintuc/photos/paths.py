"""Find the file a photo reference in a story points to."""

from pathlib import Path

STATIC_PREFIXES = ("{static}", "{attach}")


def is_local(source: str) -> bool:
    """False for an address on another site or a data: URL."""
    return not ("://" in source or source.startswith(("//", "data:", "mailto:")))


def resolve_media(source: str, content_dir: Path, story_dir: Path) -> Path | None:
    """The file ``source`` points to; None for an outside address.

    ``{static}/x`` and ``/x`` are relative to the content folder; a bare
    ``x`` to the story's folder first, then to the content folder.
    """
    if not is_local(source):
        return None
    for prefix in STATIC_PREFIXES:
        if source.startswith(prefix):
            source = source[len(prefix) :]
            break
    if source.startswith("/"):
        return content_dir / source.lstrip("/")
    relative = story_dir / source
    return relative if relative.exists() else content_dir / source
