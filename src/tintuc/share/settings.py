"""Default settings of the poster; publishconf.py names the pages. No secret here.

Tokens come only from environment variables (GitHub Actions secrets).
"""

DEFAULTS = {
    # What the poster reads in the built site: the site feed (the newest stories,
    # with their bodies) and the archive feed (every story, without bodies).
    "SHARE_FEED": "feeds/feed.json",
    "SHARE_ARCHIVE": "du-lieu/tat-ca-tin-bai.json",
    # At most this many posts per channel per run; the rest wait for the next run.
    "SHARE_MAX_PER_RUN": 5,
    # A failed post waits this long, doubled at each failure, at most 6 hours.
    "SHARE_RETRY_MINUTES": 10,
    "SHARE_RETRY_MAX_MINUTES": 360,
    # A post sent with no answer back is looked for in the channel's own list of
    # posts; it is posted again only if still not there this long after it was
    # sent (the list may take a moment to show a new post).
    "SHARE_SETTLE_SECONDS": 600,
    # Facebook Page: Graph API. Token: FACEBOOK_PAGE_TOKEN.
    "SHARE_FACEBOOK_API": "https://graph.facebook.com/v21.0",
    "SHARE_FACEBOOK_PAGE_ID": "",
    # Zalo OA: article API. Secrets: ZALO_APP_SECRET, ZALO_REFRESH_TOKEN; the new
    # refresh token is written to the file named by ZALO_REFRESH_TOKEN_FILE.
    "SHARE_ZALO_API": "https://openapi.zalo.me",
    "SHARE_ZALO_OAUTH": "https://oauth.zaloapp.com/v4/oa/access_token",
    "SHARE_ZALO_APP_ID": "",
    # Send each article to the OA's followers too (within the OA's quota).
    "SHARE_ZALO_BROADCAST": False,
    # Telegram channel: Bot API. Token: TELEGRAM_BOT_TOKEN.
    "SHARE_TELEGRAM_API": "https://api.telegram.org",
    "SHARE_TELEGRAM_CHAT_ID": "",
}
