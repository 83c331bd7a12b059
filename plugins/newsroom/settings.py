"""Default settings of the newsroom plugin; a site's own values win."""

DEFAULTS = {
    # Folder of sections.toml, communes.toml and units.toml, inside PATH.
    "NEWSROOM_DATA_DIR": "data",
    "NEWSROOM_COMMUNE_URL": "xa/{slug}/",
    "NEWSROOM_COMMUNE_SAVE_AS": "xa/{slug}/index.html",
    "NEWSROOM_UNIT_URL": "don-vi/{slug}/",
    "NEWSROOM_UNIT_SAVE_AS": "don-vi/{slug}/index.html",
    "NEWSROOM_TYPE_URL": "the-loai/{slug}/",
    "NEWSROOM_TYPE_SAVE_AS": "the-loai/{slug}/index.html",
}

# Where each kind of entry lives; sections are Pelican's categories.
URL_SETTINGS = {
    "section": ("CATEGORY_URL", "CATEGORY_SAVE_AS"),
    "commune": ("NEWSROOM_COMMUNE_URL", "NEWSROOM_COMMUNE_SAVE_AS"),
    "unit": ("NEWSROOM_UNIT_URL", "NEWSROOM_UNIT_SAVE_AS"),
    "type": ("NEWSROOM_TYPE_URL", "NEWSROOM_TYPE_SAVE_AS"),
}
# The story metadata that names each kind of entry.
STORY_KEYS = {"commune": "communes", "unit": "unit", "type": "story_type"}
