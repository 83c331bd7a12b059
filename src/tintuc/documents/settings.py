"""Default settings of the documents plugin; a site's own values win."""

DEFAULTS = {
    # Folder of the document files, inside PATH; their PDFs may sit below it.
    "DOCUMENTS_PATH": "documents",
    # document_types.toml and fields.toml, in DIRECTORY_DATA_DIR.
    "DOCUMENTS_TYPES_FILE": "document_types.toml",
    "DOCUMENTS_FIELDS_FILE": "fields.toml",
    "DOCUMENT_URL": "van-ban/{slug}/",
    "DOCUMENT_SAVE_AS": "van-ban/{slug}/index.html",
    "DOCUMENTS_INDEX_URL": "van-ban/",
    "DOCUMENTS_INDEX_SAVE_AS": "van-ban/index.html",
    # One page per type, issuer, field and year of issue.
    "DOCUMENTS_FACET_URL": "van-ban/{facet}/{slug}/",
    "DOCUMENTS_FACET_SAVE_AS": "van-ban/{facet}/{slug}/index.html",
    # Where the cleaned PDFs are published.
    "DOCUMENTS_FILES_DIR": "tep",
    # The largest PDF accepted, in bytes.
    "DOCUMENTS_MAX_PDF_BYTES": 20 * 1024 * 1024,
    "DOCUMENTS_FEED_DIR": "feeds/van-ban",
    # The share picture written beside each document's page.
    "DOCUMENTS_SHARE_CARD": "chia-se.jpg",
}
# The facets' path words, and what each groups by.
FACETS = {"loai": "type", "co-quan": "issuer", "linh-vuc": "field", "nam": "year"}
