"""Facebook Page: Graph API ``POST /{page-id}/feed`` with the link and a message.

The link preview (photo, title, description) comes from our Open Graph tags.
The Page access token is read from ``FACEBOOK_PAGE_TOKEN`` and sent in the
request body, never in the URL.
"""

from .base import ChannelStopped, RetryLater, StoryRefused, call

TOKEN = "FACEBOOK_PAGE_TOKEN"
# Graph API error codes: throttling (try later) and a dead token (stop).
THROTTLED = {4, 17, 32, 341, 368, 613}
BAD_TOKEN = {102, 190}
MISSING_PERMISSION = {10, 200, 210, 230}


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
        error = answer.get("error", {})
        code = error.get("code")
        if code in THROTTLED:
            raise RetryLater(f"Facebook: bị giới hạn số lần gọi (mã {code})")
        if code in BAD_TOKEN or status in (401, 403):
            raise ChannelStopped(
                "Facebook: mã truy cập Trang (FACEBOOK_PAGE_TOKEN) hết hạn hoặc bị thu "
                "hồi; tạo mã mới theo README rồi cập nhật secret. "
                "(The Page token is invalid.)"
            )
        if code in MISSING_PERMISSION:
            raise ChannelStopped(
                "Facebook: mã truy cập thiếu quyền pages_manage_posts cho Trang "
                f"{self.page_id}; cấp lại quyền theo README. (Missing permission.)"
            )
        raise StoryRefused(
            f"Facebook từ chối bài này ({status}, mã {code}): "
            f"{error.get('message', 'không rõ')}"
        )
