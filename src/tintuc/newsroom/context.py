"""What every page of the server knows about the person viewing it."""

from tintuc.newsroom.accounts import profile_of
from tintuc.newsroom.models import ADMIN, APPROVER


def staff(request) -> dict:
    """``is_admin``: the accounts and audit links; ``is_approver``: the bulletin."""
    user = getattr(request, "user", None)
    roles = profile_of(user).role_set if user and user.is_authenticated else set()
    return {"is_admin": ADMIN in roles, "is_approver": bool(roles & {ADMIN, APPROVER})}
