"""Zalo Official Account: an OA article per story, then a broadcast if allowed.

Zalo's access token lives about 25 hours and is made from a refresh token that
works once: every refresh returns a new refresh token, which is written to the
file ``ZALO_REFRESH_TOKEN_FILE`` names before anything else happens (the CI job
stores it back as a secret). One refresh per run, and runs never overlap.

When an answer was lost, the OA's article list (``article/getslice``, newest
first, titles only) and each namesake's body (``article/getdetail``, which
holds the story's link) say whether the article was made.
"""

import datetime
import itertools
import os
import urllib.parse
from pathlib import Path

from .base import (
    ChannelStopped,
    RetryLater,
    StoryRefused,
    Uncertain,
    call,
    shorten,
)

APP_SECRET = "ZALO_APP_SECRET"
REFRESH_TOKEN = "ZALO_REFRESH_TOKEN"
REFRESH_TOKEN_FILE = "ZALO_REFRESH_TOKEN_FILE"
TITLE_MAX, DESCRIPTION_MAX, AUTHOR_MAX = 150, 300, 50
# OA API error codes: an access token that is wrong or expired, and throttling.
BAD_TOKEN = {-216, -124, -118}
THROTTLED = {-32, -211}
NO_ARTICLE_RIGHTS = {-224, -230}
PAGE_SIZE, MAX_PAGES = 10, 5


class Zalo:
    """Writes OA articles (and broadcasts them when the OA may)."""

    name = "zalo"
    label = "Zalo OA"

    def __init__(self, settings: dict, environment: dict):
        self.api = settings["SHARE_ZALO_API"].rstrip("/")
        self.oauth = settings["SHARE_ZALO_OAUTH"]
        self.app_id = settings["SHARE_ZALO_APP_ID"]
        self.broadcast = settings["SHARE_ZALO_BROADCAST"]
        self.secret = environment.get(APP_SECRET, "").strip()
        self.refresh_token = environment.get(REFRESH_TOKEN, "").strip()
        self.token_file = environment.get(REFRESH_TOKEN_FILE, "").strip()
        self.access = ""
        self.notes: list[str] = []

    @property
    def configured(self) -> bool:
        """An app, its secret and a refresh token."""
        return bool(self.app_id and self.secret and self.refresh_token)

    def article(self, story) -> dict:
        """The OA article, within Zalo's limits."""
        body = [{"type": "text", "content": story.content_html or story.summary}]
        return {
            "type": "normal",
            "title": shorten(story.title, TITLE_MAX),
            "author": shorten(", ".join(story.authors) or "Ban biên tập", AUTHOR_MAX),
            "cover": {
                "cover_type": "photo",
                "photo_url": story.image,
                "status": "show",
            },
            "description": shorten(story.summary or story.title, DESCRIPTION_MAX),
            "body": [*body, {"type": "text", "content": f"Nguồn: {story.url}"}],
            "status": "show",
            "comment": "show",
        }

    def preview(self, story) -> str:
        """What the article shows first."""
        article = self.article(story)
        return f"{article['title']}\n{article['description']}\n(ảnh bìa: {story.image})"

    def access_token(self) -> str:
        """The access token for this run; the new refresh token is saved first."""
        if self.access:
            return self.access
        if not self.token_file:
            raise ChannelStopped(
                f"Zalo: thiếu {REFRESH_TOKEN_FILE}; không làm mới mã để khỏi mất mã "
                "làm mới (refresh token chỉ dùng được một lần)."
            )
        try:
            status, answer = call(
                self.label,
                self.oauth,
                form={
                    "refresh_token": self.refresh_token,
                    "app_id": self.app_id,
                    "grant_type": "refresh_token",
                },
                headers={"secret_key": self.secret},
            )
        except Uncertain:
            # No article was asked for; but the one-use refresh token may be spent.
            raise ChannelStopped(
                "Zalo: đã gửi yêu cầu làm mới mã nhưng không nhận được trả lời; "
                "lượt sau sẽ thử lại, nếu Zalo báo mã làm mới (ZALO_REFRESH_TOKEN) "
                "đã dùng thì cấp lại theo README."
            ) from None
        if status != 200 or not answer.get("access_token"):
            raise ChannelStopped(
                "Zalo: mã làm mới (ZALO_REFRESH_TOKEN) không còn dùng được "
                f"({answer.get('error_name') or status}); cấp lại theo README."
            )
        path = Path(self.token_file)
        path.write_text(answer["refresh_token"], encoding="utf-8")
        os.chmod(path, 0o600)
        self.access = answer["access_token"]
        return self.access

    def call_oa(self, path: str, body: dict | None = None, query=None) -> dict:
        """One OA API call (a GET with ``query``); its ``data`` when ``error`` is 0."""
        url = f"{self.api}{path}"
        if query is not None:
            url += f"?{urllib.parse.urlencode(query)}"
        status, answer = call(
            self.label,
            url,
            method="POST" if query is None else "GET",
            body=body,
            headers={"access_token": self.access_token()},
        )
        code = answer.get("error")
        if status == 200 and code == 0:
            return answer.get("data") or {}
        if code in THROTTLED:
            raise RetryLater(f"Zalo: bị giới hạn số lần gọi (mã {code})")
        if code in BAD_TOKEN or status in (401, 403):
            raise ChannelStopped(
                "Zalo: mã truy cập bị từ chối; kiểm tra quyền của ứng dụng với OA "
                "theo README."
            )
        if code in NO_ARTICLE_RIGHTS:
            raise ChannelStopped(
                f"Zalo: OA chưa được quyền đăng bài viết (mã {code}); xem README."
            )
        raise StoryRefused(
            f"Zalo từ chối bài này (mã {code}): {answer.get('message', status)}"
        )

    def post(self, story) -> str:
        """Create the article (and broadcast it); the article's token."""
        article = self.call_oa("/v2.0/article/create", self.article(story))
        token = str(article.get("token", ""))
        if self.broadcast and token:
            # The article exists now: a failed broadcast must not make a second one.
            try:
                self.send_to_followers(token)
            except (RetryLater, ChannelStopped, StoryRefused, Uncertain) as error:
                self.notes.append(
                    f"Zalo: đã đăng bài viết nhưng chưa gửi được ({error})"
                )
        return token

    def find_posts(self, pending: list[dict], since: datetime.datetime) -> dict:
        """The OA's articles since ``since`` that hold a pending link: link → id.

        The list gives titles, not links: an article with a pending story's
        title is opened, and it is that story's when its body holds the link.
        Raises ``RetryLater`` when the list cannot be read back to ``since``.
        """
        found = {}
        try:
            for page in range(MAX_PAGES):
                query = {"offset": page * PAGE_SIZE, "limit": PAGE_SIZE}
                medias = self.call_oa(
                    "/v2.0/article/getslice", query={**query, "type": "normal"}
                )["medias"]
                for media, entry in itertools.product(medias, pending):
                    link = entry["link"]
                    if (
                        media.get("title") == shorten(entry["title"], TITLE_MAX)
                        and link not in found
                        and self.holds_link(media["id"], link)
                    ):
                        found[link] = str(media["id"])
                # Newest first: a page that reaches back before ``since`` is the last.
                reached = any(
                    media.get("create_date", float("inf")) / 1000 < since.timestamp()
                    for media in medias
                )
                if reached or len(medias) < PAGE_SIZE:
                    return found
        except (KeyError, TypeError, StoryRefused) as error:
            raise RetryLater(
                f"Zalo: không đọc được danh sách bài viết ({type(error).__name__})"
            ) from None
        raise RetryLater("Zalo: danh sách bài viết dài quá, chưa đọc hết")

    def holds_link(self, article_id: str, link: str) -> bool:
        """True when the OA article's body holds ``link``."""
        detail = self.call_oa("/v2.0/article/getdetail", query={"id": article_id})
        return any(link in part.get("content", "") for part in detail.get("body", []))

    def send_to_followers(self, token: str) -> None:
        """Broadcast the article, within the OA's quota."""
        if token:
            verified = self.call_oa("/v2.0/article/verify", {"token": token})
            self.call_oa(
                "/v2.0/oa/message",
                {
                    "recipient": {"target": {}},
                    "message": {
                        "attachment": {
                            "type": "template",
                            "payload": {
                                "template_type": "media",
                                "elements": [
                                    {
                                        "media_type": "article",
                                        "attachment_id": verified.get("id", token),
                                    }
                                ],
                            },
                        }
                    },
                },
            )
