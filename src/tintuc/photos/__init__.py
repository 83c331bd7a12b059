"""Photo pipeline: private, upright, sRGB derivatives in WebP and JPEG, cached."""

from .photos import register

__all__ = ["register"]
