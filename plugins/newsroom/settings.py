"""Default settings of the newsroom plugin; a site's own values win."""

DEFAULTS = {
    # Folder of sections.toml, communes.toml and units.toml, inside PATH.
    "NEWSROOM_DATA_DIR": "data",
}
