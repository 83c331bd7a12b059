"""The browser newsroom at /admin/: Decap CMS, configured from the story schema."""

from .cms import register

__all__ = ["register"]
