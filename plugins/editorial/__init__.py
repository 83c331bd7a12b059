"""The editorial gate: story schema, content checks, sanitising and previews."""

from .editorial import register

__all__ = ["register"]
