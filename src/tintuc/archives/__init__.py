"""Month archives grouped in one pass (Pelican's grouping grows with the square)."""

from .archives import register

__all__ = ["register"]
