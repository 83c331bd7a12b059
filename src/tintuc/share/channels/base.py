"""What every channel is, and how a failed call is sorted.

A channel is a small module: a class with ``name``, ``label``, a ``configured``
test on the environment, ``post(story) -> post id`` and ``preview(story)``
(the text it would post, for dry runs). A channel whose API lists what it has
posted also has ``find_posts(pending, since) -> {link: post id}``, which the
poster asks when it does not know whether a post went up.

Errors are sorted here once, by *when* a call failed: a failure while
connecting (name lookup, TCP, TLS) means nothing was sent, so it is tried
again on a later run; once any byte of a POST may have left, a dropped,
reset or timed-out connection is ``Uncertain``. 5xx and rate limits are
answers, tried again later; a 4xx that cannot succeed stops the channel.
"""

import http.client
import json
import urllib.parse

TIMEOUT_SECONDS = 20


class RetryLater(Exception):
    """A failure that may pass, and nothing was posted: network, 5xx, rate limit."""


class ChannelStopped(Exception):
    """The channel cannot post at all (token, permission); the message says why."""


class StoryRefused(Exception):
    """The API refused this one story for good; the others may still go."""


class Uncertain(Exception):
    """No answer after the request went out: it may have been posted."""


def connection_for(url: str) -> tuple[http.client.HTTPConnection, str]:
    """A connection to ``url``'s host (not yet opened) and the request target."""
    parts = urllib.parse.urlsplit(url)
    kind = {"https": http.client.HTTPSConnection, "http": http.client.HTTPConnection}
    if parts.scheme not in kind or not parts.hostname:
        raise ValueError("not an http(s) URL")
    connection = kind[parts.scheme](parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return connection, target


def call(
    label: str,
    url: str,
    *,
    method: str = "POST",
    form=None,
    body=None,
    headers=None,
) -> tuple[int, dict]:
    """One request to an API; (HTTP status, parsed JSON). Never puts the URL in errors.

    The URL may hold a token (Telegram's does), so messages name only the
    channel and the kind of error. A GET changes nothing, so any failure of
    one is only tried again later.
    """
    headers = dict(headers or {})
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body, ensure_ascii=False).encode()
        headers["Content-Type"] = "application/json; charset=utf-8"
    try:
        connection, target = connection_for(url)
        # Name lookup, TCP and the TLS handshake: nothing of the request has left.
        connection.connect()
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise RetryLater(
            f"{label}: không kết nối được ({type(error).__name__})"
        ) from None
    try:
        connection.request(method, target, body=data, headers=headers)
        response = connection.getresponse()
        status, raw = response.status, response.read()
    except (OSError, http.client.HTTPException) as error:
        kind = type(error).__name__
        if method == "GET":
            raise RetryLater(f"{label}: không đọc được trả lời ({kind})") from None
        raise Uncertain(
            f"{label}: đã gửi yêu cầu nhưng không nhận được trả lời ({kind})"
        ) from None
    finally:
        connection.close()
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
