"""The signals our plugins send one another, declared once.

``pages_needed``: sent by search and linkcheck (in ``finalized``) when they need
every page on disk; buildspeed, which defers rendering, renders them then.
"""

from blinker import signal

pages_needed = signal("buildspeed.pages_needed")
