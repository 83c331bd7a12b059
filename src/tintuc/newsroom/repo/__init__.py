"""The newsroom's repository side: Decap's proxy protocol on a git clone.

No web framework is imported here; the web side calls ``Newsroom.handle``.
"""

from ..actor import Actor
from .errors import Refused
from .newsroom import Newsroom
from .targets import Target

__all__ = ["Actor", "Newsroom", "Refused", "Target"]
