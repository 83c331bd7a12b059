"""Plugin settings: each plugin's defaults, which a site's own values override."""

import copy


def apply_defaults(settings: dict, defaults: dict) -> None:
    """Copy each default into ``settings`` unless the site set it already."""
    for name, value in defaults.items():
        settings.setdefault(name, copy.deepcopy(value))
