"""Feeds (RSS, Atom, JSON Feed), social metadata, sitemaps and WebSub pings."""

from .feeds import register

__all__ = ["register"]
