"""The channels the poster can post to; a new one is a module and a line here."""

from .facebook import Facebook
from .telegram import Telegram
from .zalo import Zalo

CHANNELS = (Facebook, Zalo, Telegram)
