"""Official documents (văn bản): numbers, PDFs, pages, feeds and citations."""

from .documents import register

__all__ = ["register"]
