"""Sections, communes and contributing units read from editable data files."""

from .directory import register

__all__ = ["register"]
