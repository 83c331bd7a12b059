"""What every page of the server knows about the person viewing it."""

from dataclasses import dataclass

from django.urls import reverse

from tintuc.newsroom.accounts import profile_of, unit_names
from tintuc.newsroom.policy import PermissionPolicy

# The server's pages every menu links to, in order: (URL name, label). Each is
# shown only to whom the policy lets open it (``PermissionPolicy.may_open``).
MENU = (
    ("decap", "Bài viết"),
    ("quick_story", "Gửi tin nhanh"),
    ("status", "Tình trạng công bố"),
    ("bulletin", "Bản tin truyền thanh"),
    ("accounts", "Tài khoản"),
    ("audit", "Nhật ký"),
    ("own_account", "Tài khoản của tôi"),
)
# Decap's page is one address of the pattern that serves all of its files.
ARGUMENTS = {"decap": {"path": ""}}


@dataclass(frozen=True)
class Link:
    """One link of the menu; ``current`` marks the page it is on."""

    href: str
    label: str
    current: bool = False


def menu_for(roles, current: str = "") -> list[Link]:
    """The menu's links this person may follow (``current``: the page's URL name)."""
    return [
        Link(reverse(page, kwargs=ARGUMENTS.get(page)), label, page == current)
        for page, label in MENU
        if PermissionPolicy.may_open(roles, page)
    ]


def staff(request) -> dict:
    """``menu``: the links of the pages this person may open; ``units``: theirs."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"menu": [], "units": []}
    profile = profile_of(user)
    match = getattr(request, "resolver_match", None)
    names = unit_names()
    return {
        "menu": menu_for(profile.role_set, match.url_name if match else ""),
        "units": sorted(names.get(slug, slug) for slug in profile.unit_set),
    }
