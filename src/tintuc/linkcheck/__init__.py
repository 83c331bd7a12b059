"""Check that every internal link and asset of the built site resolves."""

from .linkcheck import register

__all__ = ["register"]
