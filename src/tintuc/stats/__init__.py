"""Contribution statistics and royalty sheets (``make report``), and /thong-ke/."""

from .stats import register

__all__ = ["register"]
