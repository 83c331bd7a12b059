"""Telegram channel: Bot API ``sendPhoto`` with a caption (``sendMessage`` without).

The bot token is part of the Bot API's URL, so errors never name the URL.
"""

import html

from .base import ChannelStopped, RetryLater, StoryRefused, call, shorten

TOKEN = "TELEGRAM_BOT_TOKEN"
CAPTION_MAX = 1024


class Telegram:
    """Posts to one Telegram channel or group."""

    name = "telegram"
    label = "Telegram"

    def __init__(self, settings: dict, environment: dict):
        self.api = settings["SHARE_TELEGRAM_API"].rstrip("/")
        self.chat_id = settings["SHARE_TELEGRAM_CHAT_ID"]
        self.token = environment.get(TOKEN, "").strip()

    @property
    def configured(self) -> bool:
        """A chat and a bot token."""
        return bool(self.chat_id and self.token)

    def preview(self, story) -> str:
        """The caption, in Telegram's HTML: title bold, summary, link, hashtags."""
        hashtags = " ".join(story.hashtags)
        link = f'<a href="{html.escape(story.url)}">Đọc tiếp</a>'
        summary = shorten(story.summary, CAPTION_MAX - len(story.title) - 80)
        parts = [f"<b>{html.escape(story.title)}</b>", html.escape(summary), link]
        return "\n\n".join([*parts, html.escape(hashtags)] if hashtags else parts)

    def post(self, story) -> str:
        """Send the story; the message id."""
        method = "sendPhoto" if story.image else "sendMessage"
        form = {"chat_id": self.chat_id, "parse_mode": "HTML"}
        if story.image:
            form |= {"photo": story.image, "caption": self.preview(story)}
        else:
            form |= {"text": self.preview(story)}
        status, answer = call(
            self.label, f"{self.api}/bot{self.token}/{method}", form=form
        )
        if answer.get("ok"):
            return str(answer["result"]["message_id"])
        if status in (401, 403, 404):
            raise ChannelStopped(
                "Telegram: mã bot (TELEGRAM_BOT_TOKEN) sai, hoặc bot không được đăng "
                "vào kênh; xem README."
            )
        if answer.get("parameters", {}).get("retry_after"):
            raise RetryLater("Telegram: bị giới hạn số lần gọi")
        if status == 400 and "http url" in answer.get("description", "").lower():
            # Telegram could not fetch our photo yet: the site may still be deploying.
            raise RetryLater("Telegram: chưa tải được ảnh của bài")
        raise StoryRefused(
            f"Telegram từ chối bài này ({status}): {answer.get('description', '')}"
        )
