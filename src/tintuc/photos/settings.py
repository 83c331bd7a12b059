"""Default settings of the photos plugin; a site's own values win."""

DEFAULTS = {
    # Derivative widths; none is ever wider than the original.
    "PHOTOS_WIDTHS": [480, 800, 1200, 1600],
    "PHOTOS_QUALITY": {"webp": 75, "jpeg": 80},
    # Width of the JPEG an old browser (and a feed reader) gets in <img src>.
    "PHOTOS_FALLBACK_WIDTH": 800,
    "PHOTOS_SIZES": "(min-width: 44rem) 42rem, 100vw",
    # Thumbnails beside headlines in listings: cropped to 3:2 around Image_focus.
    "PHOTOS_THUMB_WIDTHS": [160, 320, 480],
    "PHOTOS_THUMB_RATIO": [3, 2],
    "PHOTOS_THUMB_SIZES": "(min-width: 44rem) 10rem, 6rem",
    # Where derivatives go in the output, and the cache inside CACHE_PATH.
    "PHOTOS_OUTPUT_DIR": "anh",
    "PHOTOS_CACHE_DIR": "photos",
    # A photo with more pixels is refused: a decompression bomb, or a mistake.
    "PHOTOS_MAX_PIXELS": 50_000_000,
    "PHOTOS_SOCIAL_SIZE": [1200, 630],
    # Share cards for stories without a photo: font and colours.
    "PHOTOS_CARD_FONT": "fonts/BeVietnamPro-Bold.ttf",  # inside THEME
    "PHOTOS_CARD_BACKGROUND": "#a4161a",
    "PHOTOS_CARD_TEXT": "#ffffff",
    # Worker processes for photos not in the cache; 0 means one per core.
    "PHOTOS_WORKERS": 0,
}

PHOTO_SUFFIXES = (
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".heic",
    ".heif",
    ".tif",
    ".tiff",
)
# Bump when the pipeline changes its output, so every cached derivative is redone.
PIPELINE_VERSION = 2
