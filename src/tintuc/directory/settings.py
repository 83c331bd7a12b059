"""Default settings of the directory plugin; a site's own values win."""

DEFAULTS = {
    # Folder of sections.toml, communes.toml and units.toml, inside PATH.
    "DIRECTORY_DATA_DIR": "data",
    "DIRECTORY_COMMUNE_URL": "xa/{slug}/",
    "DIRECTORY_COMMUNE_SAVE_AS": "xa/{slug}/index.html",
    "DIRECTORY_UNIT_URL": "don-vi/{slug}/",
    "DIRECTORY_UNIT_SAVE_AS": "don-vi/{slug}/index.html",
    "DIRECTORY_TYPE_URL": "the-loai/{slug}/",
    "DIRECTORY_TYPE_SAVE_AS": "the-loai/{slug}/index.html",
    # The index pages: every section, commune and unit with its story count.
    "DIRECTORY_SECTIONS_INDEX_URL": "chuyen-muc/",
    "DIRECTORY_SECTIONS_INDEX_SAVE_AS": "chuyen-muc/index.html",
    "DIRECTORY_COMMUNES_INDEX_URL": "xa/",
    "DIRECTORY_COMMUNES_INDEX_SAVE_AS": "xa/index.html",
    "DIRECTORY_UNITS_INDEX_URL": "don-vi/",
    "DIRECTORY_UNITS_INDEX_SAVE_AS": "don-vi/index.html",
}

# Where each kind of entry lives; sections are Pelican's categories.
URL_SETTINGS = {
    "section": ("CATEGORY_URL", "CATEGORY_SAVE_AS"),
    "commune": ("DIRECTORY_COMMUNE_URL", "DIRECTORY_COMMUNE_SAVE_AS"),
    "unit": ("DIRECTORY_UNIT_URL", "DIRECTORY_UNIT_SAVE_AS"),
    "type": ("DIRECTORY_TYPE_URL", "DIRECTORY_TYPE_SAVE_AS"),
}
# The story metadata that names each kind of entry.
STORY_KEYS = {"commune": "communes", "unit": "unit", "type": "story_type"}
# The index pages: kind, the story metadata naming it, title, settings prefix.
INDEXES = (
    ("section", "section", "Chuyên mục", "DIRECTORY_SECTIONS_INDEX"),
    ("commune", "communes", "Các xã", "DIRECTORY_COMMUNES_INDEX"),
    ("unit", "unit", "Đơn vị gửi bài", "DIRECTORY_UNITS_INDEX"),
)
