"""Security headers: a strict Content-Security-Policy, referrer policy, _headers."""

from .security import register

__all__ = ["register"]
