"""Write and read the audit log: who did what, from where, allowed or not."""

import datetime
import re

from django.conf import settings
from django.utils import timezone

from tintuc.newsroom.models import ROLE_LABELS, STATUS_LABELS, AuditEntry

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


def record(
    request, action: str, *, username="", target="", allowed=True, detail=""
) -> AuditEntry:
    """Add one entry; the acting account is the signed-in one unless named."""
    if not username and request is not None and request.user.is_authenticated:
        username = request.user.get_username()
    return AuditEntry.objects.create(
        username=username[:150],
        address=client_address(request) if request is not None else None,
        action=action,
        target=str(target)[:500],
        allowed=allowed,
        detail=str(detail),
    )


def failures_since(field: str, value, minutes: int) -> int:
    """Refused sign-ins for an account or an address in the last ``minutes``.

    An account's count starts again after its last successful sign-in.
    """
    since = timezone.now() - datetime.timedelta(minutes=minutes)
    if field == "username":
        last_success = (
            AuditEntry.objects.filter(username=value, action=AuditEntry.SIGN_IN)
            .values_list("time", flat=True)
            .first()
        )
        if last_success and last_success > since:
            since = last_success
    return AuditEntry.objects.filter(
        **{field: value},
        action=AuditEntry.SIGN_IN_REFUSED,
        time__gt=since,
    ).count()
