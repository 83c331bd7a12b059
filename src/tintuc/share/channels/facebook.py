"""Facebook Page: Graph API ``POST /{page-id}/feed`` with the link and a message.

The link preview (photo, title, description) comes from our Open Graph tags.
The Page access token is read from ``FACEBOOK_PAGE_TOKEN`` and sent in the
request body, never in the URL of a post. When an answer was lost, the Page's
own posts (``GET /{page-id}/posts``, each with the link it carries) say
whether the post went up.
"""

import datetime
import urllib.parse

from .base import ChannelStopped, RetryLater, StoryRefused, call

TOKEN = "FACEBOOK_PAGE_TOKEN"
# Graph API error codes: throttling (try later) and a dead token (stop).
THROTTLED = {4, 17, 32, 341, 368, 613}
BAD_TOKEN = {102, 190}
MISSING_PERMISSION = {10, 200, 210, 230}
# Since v3.3 a Page post's ``link`` field is gone; its attachment carries the link.
POST_FIELDS = "id,created_time,attachments{unshimmed_url,url}"
PAGE_SIZE, MAX_PAGES = 100, 5


def same_link(a: str, b: str) -> bool:
    """Two links to the same story (query, fragment and a final slash aside)."""

    def bare(link: str) -> str:
        parts = urllib.parse.urlsplit(link)
        return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"

    return bool(a and b) and bare(a) == bare(b)


class Facebook:
    """Posts to one Facebook Page."""

    name = "facebook"
    label = "Facebook"

    def __init__(self, settings: dict, environment: dict):
        self.api = settings["SHARE_FACEBOOK_API"].rstrip("/")
        self.page_id = settings["SHARE_FACEBOOK_PAGE_ID"]
        self.token = environment.get(TOKEN, "").strip()

    @property
    def configured(self) -> bool:
        """A page and a token: without either, the run is a dry run."""
        return bool(self.page_id and self.token)

    def preview(self, story) -> str:
        """The message posted with the link."""
        lines = [story.title, "", story.summary]
        if story.hashtags:
            lines += ["", " ".join(story.hashtags)]
        return "\n".join(lines).strip()

    def post(self, story) -> str:
        """Post the story; the new post's id."""
        status, answer = call(
            self.label,
            f"{self.api}/{self.page_id}/feed",
            form={
                "message": self.preview(story),
                "link": story.url,
                "access_token": self.token,
            },
        )
        if status == 200 and answer.get("id"):
            return str(answer["id"])
        self.raise_refusal(status, answer, "pages_manage_posts")
        error = answer.get("error", {})
        raise StoryRefused(
            f"Facebook từ chối bài này ({status}, mã {error.get('code')}): "
            f"{error.get('message', 'không rõ')}"
        )

    def find_posts(self, pending: list[dict], since: datetime.datetime) -> dict:
        """The Page's posts since ``since`` that carry a pending link: link → post id.

        Raises ``RetryLater`` when the list cannot be read to its end.
        """
        found, after = {}, ""
        for _ in range(MAX_PAGES):
            query = {
                "fields": POST_FIELDS,
                "since": int(since.timestamp()),
                "limit": PAGE_SIZE,
                "access_token": self.token,
            }
            if after:
                query["after"] = after
            status, answer = call(
                self.label,
                f"{self.api}/{self.page_id}/posts?{urllib.parse.urlencode(query)}",
                method="GET",
            )
            if status != 200 or not isinstance(answer.get("data"), list):
                self.raise_refusal(status, answer, "pages_read_engagement")
                raise ChannelStopped(
                    f"Facebook không cho đọc danh sách bài của Trang ({status}); "
                    "không biết bài chưa rõ đã lên chưa. (The Page's posts cannot "
                    "be read.)"
                )
            for post in answer["data"]:
                for attachment in post.get("attachments", {}).get("data", []):
                    for entry in pending:
                        links = (attachment.get("unshimmed_url"), attachment.get("url"))
                        if any(same_link(link, entry["link"]) for link in links):
                            found[entry["link"]] = str(post.get("id", ""))
            paging = answer.get("paging", {})
            after = paging.get("cursors", {}).get("after", "")
            if not paging.get("next") or not after:
                return found
        raise RetryLater("Facebook: danh sách bài của Trang dài quá, chưa đọc hết")

    def raise_refusal(self, status: int, answer: dict, permission: str) -> None:
        """Raise for an answer that says try later or stop the channel."""
        code = answer.get("error", {}).get("code")
        if code in THROTTLED:
            raise RetryLater(f"Facebook: bị giới hạn số lần gọi (mã {code})")
        if code in MISSING_PERMISSION:
            raise ChannelStopped(
                f"Facebook: mã truy cập thiếu quyền {permission} cho Trang "
                f"{self.page_id}; cấp lại quyền theo README. (Missing permission.)"
            )
        if code in BAD_TOKEN or status in (401, 403):
            raise ChannelStopped(
                "Facebook: mã truy cập Trang (FACEBOOK_PAGE_TOKEN) hết hạn hoặc bị thu "
                "hồi; tạo mã mới theo README rồi cập nhật secret. "
                "(The Page token is invalid.)"
            )
