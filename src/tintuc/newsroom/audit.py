"""Write and read the audit log: who did what, from where, allowed or not."""

import datetime

from django.conf import settings
from django.utils import timezone

from tintuc.newsroom.models import AuditEntry


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
