"""What every channel is, and the two ways a post can fail.

A channel is a small module: a class with ``name``, ``label``, a ``configured``
test on the environment, ``post(story) -> post id`` and ``preview(story)``
(the text it would post, for dry runs). Errors are sorted here once:
network trouble, 5xx and rate limits are tried again on a later run; a 4xx
that cannot succeed (expired token, missing permission) stops the channel.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT_SECONDS = 20


class RetryLater(Exception):
    """A failure that may pass: network, 5xx, rate limit."""


class ChannelStopped(Exception):
    """The channel cannot post at all (token, permission); the message says why."""


class StoryRefused(Exception):
    """The API refused this one story for good; the others may still go."""


class Uncertain(Exception):
    """No answer after the request went out: it may have been posted."""


def call(
    label: str, url: str, *, form=None, body=None, headers=None
) -> tuple[int, dict]:
    """POST to an API; (HTTP status, parsed JSON). Never puts the URL in errors.

    The URL may hold a token (Telegram's does), so messages name only the channel.
    """
    headers = dict(headers or {})
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body, ensure_ascii=False).encode()
        headers["Content-Type"] = "application/json; charset=utf-8"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except TimeoutError:
        raise Uncertain(f"{label}: không nhận được trả lời") from None
    except (urllib.error.URLError, ConnectionError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None)
        if isinstance(reason, TimeoutError):
            raise Uncertain(f"{label}: không nhận được trả lời") from None
        # Only the kind of error: its text may hold a URL, and a URL a token.
        kind = type(reason or error).__name__
        raise RetryLater(f"{label}: không kết nối được ({kind})") from None
    try:
        parsed = json.loads(raw or b"{}")
    except ValueError:
        parsed = {}
    if status >= 500 or status == 429:
        raise RetryLater(f"{label}: máy chủ trả lỗi {status}, sẽ thử lại sau")
    return status, parsed if isinstance(parsed, dict) else {}


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"
