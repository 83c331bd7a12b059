"""Sections, communes and contributing units read from editable data files."""

from .newsroom import register

__all__ = ["register"]
