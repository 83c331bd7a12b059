"""What every page of the server knows about the person viewing it."""

from tintuc.newsroom.accounts import profile_of
from tintuc.newsroom.models import ADMIN


def staff(request) -> dict:
    """``is_admin``: show the accounts and audit links."""
    user = getattr(request, "user", None)
    admin = bool(user and user.is_authenticated and ADMIN in profile_of(user).role_set)
    return {"is_admin": admin}
