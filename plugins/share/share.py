"""Give the poster's settings their defaults in every build's settings.

The poster itself runs after a deploy (``python -m share``), not in a build.
"""

import copy

from pelican import signals

from .settings import DEFAULTS


def set_default_settings(pelican):
    """Copy each default into the site's settings unless the site set it."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, copy.deepcopy(value))


def register():
    signals.initialized.connect(set_default_settings)
