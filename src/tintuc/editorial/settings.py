"""Default settings of the editorial plugin; a site's own values win."""

DEFAULTS = {
    # True only in previewconf.py: drafts and stories under review are built,
    # every page says so and asks search engines not to index it.
    "EDITORIAL_PREVIEW": False,
    # Zalo and Facebook cut longer titles and descriptions.
    "EDITORIAL_TITLE_MAX": 150,
    "EDITORIAL_SUMMARY_MAX": 300,
    "EDITORIAL_PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    "EDITORIAL_PHOTO_MAX_SIDE": 4000,
    "EDITORIAL_FUTURE_WARNING_DAYS": 365,
}
