"""Give the poster's settings their defaults in every build's settings.

The poster itself runs after a deploy (``python -m share``), not in a build.
"""

from pelican import signals

from tintuc.shared.settings import apply_defaults

from .settings import DEFAULTS


def set_default_settings(pelican):
    """Copy each default into the site's settings unless the site set it."""
    apply_defaults(pelican.settings, DEFAULTS)


def register():
    signals.initialized.connect(set_default_settings)
