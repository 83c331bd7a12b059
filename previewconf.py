"""Preview settings: drafts, stories under review and future stories, for editors.

The output goes to preview/, which is never deployed.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402, F403

EDITORIAL_PREVIEW = True
WITH_FUTURE_DATES = True
OUTPUT_PATH = "preview"
SEARCH_INDEX_ENABLED = False
# Its own reader cache (made with other settings), sharing the photo derivatives.
CACHE_PATH = "cache/preview"
PHOTOS_CACHE_DIR = "../photos"
