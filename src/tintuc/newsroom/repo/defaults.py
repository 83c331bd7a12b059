"""Default settings of the repository side; the web side passes its own values."""

from tintuc.documents.settings import DEFAULTS as DOCUMENT_DEFAULTS
from tintuc.photos.settings import DEFAULTS as PHOTO_DEFAULTS

DEFAULTS = {
    # The branch the public site is built from, and the remote's name for it.
    "NEWSROOM_BRANCH": "main",
    # Commit addresses are <username>@ this: stable, and never anyone's real mail.
    "NEWSROOM_EMAIL_DOMAIN": "newsroom.invalid",
    # Who commits for the server itself (merges, recovery).
    "NEWSROOM_SERVER_NAME": "Máy chủ tòa soạn",
    "NEWSROOM_SERVER_EMAIL": "may-chu@newsroom.invalid",
    # Uploads: a phone photo is at most a few MB; a decompression bomb is refused
    # by its pixel count, as the photo pipeline refuses it.
    "NEWSROOM_PHOTO_MAX_BYTES": 20 * 1024 * 1024,
    "NEWSROOM_PHOTO_MAX_PIXELS": PHOTO_DEFAULTS["PHOTOS_MAX_PIXELS"],
    "NEWSROOM_PDF_MAX_BYTES": DOCUMENT_DEFAULTS["DOCUMENTS_MAX_PDF_BYTES"],
    # A failed push is tried again on a request at most this often (seconds).
    "NEWSROOM_PUSH_RETRY_SECONDS": 30,
    # Seconds a push or fetch may take before it counts as failed.
    "NEWSROOM_REMOTE_TIMEOUT": 120,
    # More Pelican settings for NEWSROOM_PUBLISH=build, as NAME=json.
    "NEWSROOM_BUILD_OPTIONS": [],
    # Decap's label prefix for a workflow branch's status (cms_label_prefix).
    "NEWSROOM_LABEL_PREFIX": "decap-cms/",
}
