"""Default settings of the feeds plugin; a site's own values win."""

from tintuc.shared.clock import NEWS_DAYS

DEFAULTS = {
    # Social auto-share tools read only the newest items.
    "FEEDS_MAX_ITEMS": 50,
    # WebSub hub every feed names, and that deploys ping. "" turns WebSub off.
    "FEEDS_HUB": "https://pubsubhubbub.appspot.com/",
    # Folders of the site's, each section's, each commune's and each unit's feeds.
    "FEEDS_SITE_PATH": "feeds/",
    "FEEDS_SECTION_PATH": "feeds/chuyen-muc/{slug}/",
    "FEEDS_COMMUNE_PATH": "feeds/xa/{slug}/",
    "FEEDS_UNIT_PATH": "feeds/don-vi/{slug}/",
    "FEEDS_FILES": {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"},
    # Every published story in one JSON Feed, uncapped and without bodies: what
    # make share reads beyond the newest FEEDS_MAX_ITEMS. "" writes none.
    "FEEDS_ARCHIVE_JSON": "du-lieu/tat-ca-tin-bai.json",
    # The page that lists every feed for social-page admins.
    "FEEDS_PAGE_URL": "nguon-tin/",
    "FEEDS_PAGE_SAVE_AS": "nguon-tin/index.html",
    # Google News sitemap: stories from the last two days, at most 1,000.
    "FEEDS_NEWS_DAYS": NEWS_DAYS,
    "FEEDS_NEWS_MAX": 1000,
    # Paths robots.txt asks crawlers to leave alone (pelicanconf.py names /admin/).
    "FEEDS_ROBOTS_DISALLOW": [],
    # Publisher logo for schema.org, inside the theme's static folder.
    "FEEDS_LOGO": "images/logo.png",
    # Keep every file written in CACHE_PATH/feeds and reuse those whose inputs
    # did not change (see keyed.py).
    "FEEDS_CACHE": True,
}

FEED_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
