"""Create and change staff accounts.

One set of rules for the command line (``make newsroom-account``) and the
admins' pages.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from tintuc.directory.model import DirectoryError, load_directory
from tintuc.editorial.approvers import load_approvers
from tintuc.newsroom import audit
from tintuc.newsroom.models import (
    APPROVER,
    ROLE_LABELS,
    WRITER,
    AuditEntry,
    Profile,
)

USERNAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789._-"


class AccountError(ValueError):
    """A request to change an account that cannot be carried out.

    :param field: the form field at fault.
    """

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def data_dir() -> Path:
    """The content data folder the units and approvers are read from."""
    return settings.NEWSROOM_SOURCE / "content" / "data"


@cache
def directory():
    """Units and approvers as the site knows them (read once per process)."""
    folder = data_dir()
    registries = load_directory(folder)
    return registries["unit"], load_approvers(folder, registries["unit"])


def unit_names() -> dict[str, str]:
    """Unit slug → name, for pages and messages."""
    try:
        units, _ = directory()
    except (DirectoryError, OSError):
        return {}
    return {entry.slug: entry.name for entry in units}


@dataclass
class AccountRequest:
    """What an admin or the command asks for one account."""

    username: str
    name: str
    roles: list[str]
    units: list[str]
    password: str = ""
    active: bool = True


def clean_username(username: str) -> str:
    """A login name: lowercase ASCII letters, digits, dot, dash, underscore."""
    username = username.strip().lower()
    if not username or any(c not in USERNAME_CHARACTERS for c in username):
        raise AccountError(
            "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang "
            "hoặc gạch dưới, ví dụ: nguyenvanan.",
            "username",
        )
    return username


def clean_roles(roles: list[str]) -> list[str]:
    """The roles, each one we know."""
    roles = [role.strip() for role in roles if role.strip()]
    unknown = [role for role in roles if role not in ROLE_LABELS]
    if not roles or unknown:
        raise AccountError(
            "Vai trò phải là writer (người viết), approver (người duyệt) "
            f"hoặc admin (quản trị); nhận được: {', '.join(unknown) or 'trống'}.",
            "roles",
        )
    return sorted(set(roles))


def clean_units(wanted: list[str], roles: list[str], approver) -> list[str]:
    """Unit slugs known to units.toml; approvers' units default to their entry's."""
    units, _ = directory()
    slugs = []
    for text in wanted:
        entry = units.find(text)
        if entry is None:
            raise AccountError(
                f"Không có đơn vị '{text}' trong content/data/units.toml.", "units"
            )
        slugs.append(units.current(entry).slug)
    if approver is not None:
        allowed = [entry.slug for entry in units if approver.may_approve(entry, units)]
        if not slugs:
            slugs = allowed
        outside = [slug for slug in slugs if slug not in allowed]
        if outside:
            raise AccountError(
                f"{approver.name} không được duyệt cho đơn vị {', '.join(outside)} "
                "theo content/data/approvers.toml.",
                "units",
            )
    if not slugs and {WRITER, APPROVER} & set(roles):
        raise AccountError("Người viết và người duyệt cần ít nhất một đơn vị.", "units")
    return sorted(set(slugs))


def find_approver(name: str, roles: list[str]):
    """The approvers.toml entry an approver account is linked to, by name."""
    if APPROVER not in roles:
        return None
    _, approvers = directory()
    person = approvers.find(name)
    if person is None or person not in approvers.active():
        raise AccountError(
            f"'{name}' không có (hoặc đã hết hạn) trong content/data/approvers.toml: "
            "người duyệt phải có tên trong danh sách công khai đó.",
            "name",
        )
    return person


def check_password(password: str, user) -> None:
    """Django's password rules, with their Vietnamese messages."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages), "password") from error


def save_account(wanted: AccountRequest, *, request=None, actor="") -> tuple:
    """Create or update an account; returns ``(user, created)``.

    The audit entry is written in the same transaction as the change.
    """
    username = clean_username(wanted.username)
    name = " ".join(wanted.name.split())
    if not name:
        raise AccountError("Hãy điền họ tên.", "name")
    roles = clean_roles(wanted.roles)
    approver = find_approver(name, roles)
    units = clean_units(wanted.units, roles, approver)
    model = get_user_model()
    with transaction.atomic():
        user, created = model.objects.get_or_create(username=username)
        if created and not wanted.password:
            raise AccountError("Tài khoản mới cần mật khẩu.", "password")
        user.first_name = name[:150]
        user.is_active = wanted.active
        if wanted.password:
            check_password(wanted.password, user)
            user.set_password(wanted.password)
        user.save()
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "roles": ",".join(roles),
                "units": ",".join(units),
                "approver_name": approver.name if approver else "",
            },
        )
        detail = (
            f"{'tạo' if created else 'sửa'}: họ tên={name}; vai trò={','.join(roles)}; "
            f"đơn vị={','.join(units)}; hoạt động={'có' if wanted.active else 'không'}"
            + ("; đặt mật khẩu" if wanted.password else "")
        )
        audit.record(
            request, AuditEntry.ACCOUNT, username=actor, target=username, detail=detail
        )
    return user, created


def set_active(user, active: bool, *, request=None) -> None:
    """Enable or disable an account; a disabled one is signed out everywhere."""
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(
            request,
            AuditEntry.ACCOUNT,
            target=user.get_username(),
            detail="mở lại" if active else "khóa tài khoản",
        )


def reset_password(
    user, password: str, *, request=None, detail="đặt lại mật khẩu"
) -> None:
    """A new password; the account's open sessions end with the old one."""
    check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(
            request, AuditEntry.ACCOUNT, target=user.get_username(), detail=detail
        )


def profile_of(user) -> Profile:
    """The account's profile (an empty one for accounts made another way)."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)
