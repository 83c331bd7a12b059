"""Production settings: the local ones plus the public address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402, F403

SITEURL = "https://dinhhoa.example.vn"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# A broken internal link stops the production build, so nothing broken deploys.
LINKCHECK_ENABLED = True
# Written as CNAME on the gh-pages branch; "" for a *.github.io address.
GITHUB_PAGES_CNAME = "dinhhoa.example.vn"
OUTPUT_RETENTION = [".git"]

# The newsroom signs in to GitHub through an OAuth proxy the site owner runs
# (README, "Phòng biên tập trên trang thật"). Addresses only: no secret here.
CMS_BACKEND = {
    "name": "github",
    "repo": "ubnd-dinhhoa/tin-tuc-dinh-hoa",
    "branch": "main",
    "base_url": "https://oauth.dinhhoa.example.vn",
    "auth_endpoint": "auth",
}

# Pelican's own feeds stay off here too; the feeds plugin writes them.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None

# make share: the district's pages (ids only; tokens are GitHub Actions secrets).
SHARE_FACEBOOK_PAGE_ID = ""
SHARE_ZALO_APP_ID = ""
SHARE_TELEGRAM_CHAT_ID = ""
