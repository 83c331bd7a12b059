"""Search: a folded copy of every story for Pagefind, and the index itself."""

from .search import register

__all__ = ["register"]
