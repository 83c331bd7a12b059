"""Build speed: work Pelican would repeat for every page, done once."""

from .buildspeed import register

__all__ = ["register"]
