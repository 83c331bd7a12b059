"""Write and read the audit log: who did what, from where, allowed or not."""

import datetime
import logging
import re

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from tintuc.newsroom.models import ROLE_LABELS, STATUS_LABELS, AuditEntry

logger = logging.getLogger(__name__)

# What an entry keeps of a request's own words (its headers, paths, reasons).
TARGET_LIMIT = 500
DETAIL_LIMIT = 1000
HEADER_LIMIT = 200
# Refusals of requests no account sent, written per address and minute.
ANONYMOUS_REFUSALS = 30

# The repository library's and Django's English results, said in Vietnamese
# when shown (the log keeps what was said). First match wins.
DETAIL_WORDS = [
    (re.compile(r"^entry persisted$"), "Đã lưu bài"),
    (
        re.compile(r"^(?P<branch>\S+) description was updated to (?P<status>\S+)$"),
        "Bài {branch} chuyển sang “{status}”",
    ),
    (re.compile(r"^deleted branch: (?P<branch>\S+)$"), "Đã xóa bài nháp {branch}"),
    (
        re.compile(r"^branch (?P<branch>\S+) merged to (?P<main>\S+)$"),
        "Đã công bố: bài {branch} đã vào nhánh {main}",
    ),
    (re.compile(r"^deleted files? (?P<paths>.+)$"), "Đã xóa {paths}"),
    (
        re.compile(r"^Origin=(?P<origin>.*) Sec-Fetch-Site=(?P<site>.*)$"),
        "Yêu cầu không gửi từ trang của phòng biên tập "
        "(Origin={origin}, Sec-Fetch-Site={site})",
    ),
    (
        re.compile(r"^CSRF: (?P<reason>.*)$"),
        "Biểu mẫu cũ hoặc gửi từ nơi khác (CSRF: {reason})",
    ),
]
STATUS_WORD = re.compile(
    r"(?:decap-cms/)?\b(" + "|".join(map(re.escape, STATUS_LABELS)) + r")\b"
)
ROLES_GIVEN = re.compile(r"vai trò=(?P<roles>[a-z,]*)")


def status_words(text: str) -> str:
    """``pending_review`` (or its branch label) as the board says it."""
    return STATUS_WORD.sub(lambda found: STATUS_LABELS[found[1]], text)


def role_words(text: str) -> str:
    """``vai trò=writer,approver`` → ``vai trò=Người viết, Người duyệt``."""

    def said(found):
        roles = [ROLE_LABELS.get(role, role) for role in found["roles"].split(",")]
        return "vai trò=" + ", ".join(role for role in roles if role)

    return ROLES_GIVEN.sub(said, text)


def shown_detail(detail: str) -> str:
    """An entry's detail in Vietnamese, for the log's page and its CSV."""
    for pattern, words in DETAIL_WORDS:
        found = pattern.match(detail)
        if found:
            detail = words.format(**found.groupdict())
            break
    return role_words(status_words(detail))


def shown_target(target: str) -> str:
    """An entry's target with its status words in Vietnamese."""
    return status_words(target)


def client_address(request) -> str | None:
    """The address the request came from (the proxy's last hop when behind one)."""
    if settings.NEWSROOM_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR") or None


def record(  # noqa: PLR0913 - an entry's fields
    request, action: str, *, username="", target="", allowed=True, detail="", sent=True
) -> AuditEntry | None:
    """Add one entry; the acting account is the signed-in one unless named.

    ``sent``: False when the account's browser sent the request but not the
    account (another site's page): the entry names no account.

    A refusal of a request no account sent is not written beyond
    ``ANONYMOUS_REFUSALS`` a minute from one address (the server's log counts
    the rest): a flood of them would bury what staff did. Refused sign-ins,
    the lock's counter, are always written.
    """
    signed_in = sent and request is not None and request.user.is_authenticated
    if not username and signed_in:
        username = request.user.get_username()
    address = client_address(request) if request is not None else None
    if not (allowed or signed_in or action == AuditEntry.SIGN_IN_REFUSED) and (
        flooding(address)
    ):
        logger.warning("audit: refusal from %s not written (flood)", address)
        return None
    return AuditEntry.objects.create(
        username=username[:150],
        address=address,
        action=action,
        target=str(target)[:TARGET_LIMIT],
        allowed=allowed,
        detail=str(detail)[:DETAIL_LIMIT],
    )


def flooding(address: str | None) -> bool:
    """Whether ``address`` had ``ANONYMOUS_REFUSALS`` refusals in the last minute."""
    since = timezone.now() - datetime.timedelta(minutes=1)
    refusals = AuditEntry.objects.filter(
        address=address, allowed=False, time__gt=since
    ).exclude(action=AuditEntry.SIGN_IN_REFUSED)
    return refusals.count() >= ANONYMOUS_REFUSALS


def foreign_request(request, target="") -> None:
    """Log a request refused for not coming from this server's own pages.

    Its cookie came along, but the account did not send it: no account named.
    """
    origin = request.headers.get("Origin", "")[:HEADER_LIMIT]
    site = request.headers.get("Sec-Fetch-Site", "")[:HEADER_LIMIT]
    record(
        request,
        AuditEntry.REQUEST_REFUSED,
        target=target,
        allowed=False,
        detail=f"Origin={origin!r} Sec-Fetch-Site={site!r}",
        sent=False,
    )


def failures_since(minutes: int, *, username=None, address=None) -> int:
    """Refused sign-ins in the last ``minutes``, of an account, an address or both.

    An account's count starts again after its last successful sign-in, and
    after anything an admin (or its owner) changed of it: a reset password
    ends a lock.
    """
    since = timezone.now() - datetime.timedelta(minutes=minutes)
    wanted = {}
    if username is not None:
        wanted["username"] = username
        last_success = (
            AuditEntry.objects.filter(
                Q(username=username, action=AuditEntry.SIGN_IN)
                | Q(target=username, action=AuditEntry.ACCOUNT)
            )
            .order_by("-time")
            .values_list("time", flat=True)
            .first()
        )
        if last_success and last_success > since:
            since = last_success
    if address is not None:
        wanted["address"] = address
    return AuditEntry.objects.filter(
        **wanted, action=AuditEntry.SIGN_IN_REFUSED, time__gt=since
    ).count()
