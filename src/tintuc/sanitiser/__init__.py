"""Story HTML kept to an allow-list (nh3), and video embeds turned into facades."""

from .sanitiser import register

__all__ = ["register"]
