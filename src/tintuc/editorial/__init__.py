"""The editorial gate: story schema, content checks, approvers and previews."""

from .editorial import register

__all__ = ["register"]
