"""`make share`: post each newly published story to the district's pages, once."""

from .share import register

__all__ = ["register"]
