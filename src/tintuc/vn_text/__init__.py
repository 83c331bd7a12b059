"""Vietnamese text handling for Pelican: NFC reading, ASCII slugs, local dates."""

from .vn_text import register

__all__ = ["register"]
