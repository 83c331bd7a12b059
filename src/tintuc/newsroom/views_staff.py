"""The admins' pages: accounts and the audit log (read, and export as CSV)."""

import csv
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tintuc.newsroom import accounts, audit
from tintuc.newsroom.backend import POLICY, actor_for, library
from tintuc.newsroom.forms import AccountForm, OwnPasswordForm, PasswordForm
from tintuc.newsroom.models import AuditEntry
from tintuc.newsroom.views_auth import BUSY, LOCKED, checking_passwords, locked_out

ONLY_ADMINS = "Chỉ tài khoản quản trị mới xem được trang này."
WRONG_CURRENT = "Mật khẩu đang dùng không đúng."
PASSWORD_CHANGED = "Đã đổi mật khẩu. Lần đăng nhập sau hãy dùng mật khẩu mới."
AUDIT_PAGE_SIZE = 100
# A typed user name like "=HYPERLINK(…)" must not run in the exported sheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The page's column names; the last keeps the action's code for admins.
CSV_COLUMNS = [
    "Thời điểm",
    "Tài khoản",
    "Địa chỉ",
    "Việc",
    "Đối tượng",
    "Kết quả",
    "Chi tiết",
    "Mã việc",
]
ALLOWED_WORDS = {True: "Được phép", False: "Bị từ chối"}


def page_for(page: str, refusal: str = ""):
    """A view's guard: signed-in people the policy lets open ``page`` pass.

    Others are sent to sign in, or told ``refusal``.
    """

    def guard(view):
        @wraps(view)
        def wrapped(request, *arguments, **keywords):
            if not request.user.is_authenticated:
                return redirect(f"/dang-nhap/?next={request.path}")
            roles = accounts.profile_of(request.user).role_set
            if not POLICY.may_open(roles, page):
                context = {"reason": refusal}
                return render(request, "newsroom/refused.html", context, status=403)
            return view(request, *arguments, **keywords)

        return wrapped

    return guard


def show_errors(form, error: accounts.AccountError) -> None:
    """Put an account error on its field (or the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def account_initial(user) -> dict:
    """An account as its form shows it."""
    profile = accounts.profile_of(user)
    return {
        "username": user.username,
        "name": user.first_name,
        "roles": sorted(profile.role_set),
        "units": sorted(profile.unit_set),
        "active": user.is_active,
    }


@page_for("accounts", ONLY_ADMINS)
def account_list(request):
    """Every account with its roles, units and state."""
    people = get_user_model().objects.order_by("username").select_related("profile")
    rows = [(person, accounts.profile_of(person)) for person in people]
    return render(request, "newsroom/accounts.html", {"rows": rows})


@page_for("accounts", ONLY_ADMINS)
@require_http_methods(["GET", "POST"])
def account_edit(request, username=None):
    """Add an account, or change one's name, roles, units and state."""
    user = None
    if username:
        user = get_object_or_404(get_user_model(), username=username)
    initial = account_initial(user) if user is not None else {}
    form = AccountForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if user is not None:
        form.fields["username"].disabled = True  # a login name never changes
    if (
        request.method == "POST"
        and form.is_valid()
        and save_from_form(request, form, user)
    ):
        return redirect("accounts")
    return render(
        request,
        "newsroom/account_edit.html",
        {"form": form, "person": user, "password_form": PasswordForm()},
        status=400 if form.errors else 200,
    )


def save_from_form(request, form, user) -> bool:
    """Save a valid account form; False (errors on the form) when refused."""
    data = form.cleaned_data
    username = user.username if user is not None else data["username"]
    taken = get_user_model().objects.filter(username=username.strip().lower())
    if user is None and taken.exists():
        form.add_error("username", "Tên đăng nhập này đã có người dùng.")
        return False
    wanted = accounts.AccountRequest(
        username=username,
        name=data["name"],
        roles=data["roles"],
        units=data["units"],
        password=data["password"],
        active=data["active"],
    )
    try:
        accounts.save_account(wanted, request=request)
    except accounts.AccountError as error:
        show_errors(form, error)
        return False
    return True


@page_for("accounts", ONLY_ADMINS)
@require_POST
def account_active(request, username):
    """Disable an account (its sessions end at once) or enable it again."""
    user = get_object_or_404(get_user_model(), username=username)
    accounts.set_active(user, request.POST.get("active") == "1", request=request)
    return redirect("accounts")


@page_for("accounts", ONLY_ADMINS)
@require_POST
def account_password(request, username):
    """Set a new password; the account's sessions end with the old one."""
    user = get_object_or_404(get_user_model(), username=username)
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            accounts.reset_password(
                user, form.cleaned_data["password"], request=request
            )
        except accounts.AccountError as error:
            form.add_error("password", error.message)
        else:
            return redirect("accounts")
    account_form = AccountForm(initial=account_initial(user))
    account_form.fields["username"].disabled = True
    return render(
        request,
        "newsroom/account_edit.html",
        {"form": account_form, "person": user, "password_form": form},
        status=400,
    )


@page_for("own_account")
@require_http_methods(["GET", "POST"])
def own_account(request):
    """The signed-in person's account: name, roles, units, and a new password."""
    form = OwnPasswordForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and change_own_password(request, form)
    ):
        messages.success(request, PASSWORD_CHANGED)
        return redirect("own_account")
    profile = accounts.profile_of(request.user)
    return render(
        request,
        "newsroom/own_account.html",
        {"form": form, "roles": profile.role_labels()},
        status=400 if form.errors else 200,
    )


def change_own_password(request, form) -> bool:
    """Set the new password when the one in use is right; False: errors on the form.

    A wrong one counts as a refused sign-in, so a borrowed session cannot
    guess the password faster than the sign-in page lets anyone.
    """
    with checking_passwords() as free:
        if not free:
            form.add_error("current", BUSY)
            return False
        return checked_password_change(request, form)


def checked_password_change(request, form) -> bool:
    """``change_own_password``, with the password check held."""
    user = request.user
    if locked_out(user.get_username(), audit.client_address(request)):
        audit.record(request, AuditEntry.SIGN_IN_LOCKED, allowed=False)
        minutes = settings.NEWSROOM_SIGNIN_WINDOW_MINUTES
        form.add_error("current", LOCKED.format(minutes=minutes))
        return False
    if not user.check_password(form.cleaned_data["current"]):
        audit.record(
            request,
            AuditEntry.SIGN_IN_REFUSED,
            allowed=False,
            detail="đổi mật khẩu: mật khẩu đang dùng không đúng",
        )
        form.add_error("current", WRONG_CURRENT)
        return False
    try:
        accounts.reset_password(
            user,
            form.cleaned_data["password"],
            request=request,
            detail="tự đổi mật khẩu",
        )
    except accounts.AccountError as error:
        form.add_error("password", error.message)
        return False
    update_session_auth_hash(request, user)  # this session stays, the others end
    return True


def audit_entries(request):
    """The log, newest first, for one account when asked (``?tai_khoan=``)."""
    entries = AuditEntry.objects.all()
    account = request.GET.get("tai_khoan", "").strip()
    if account:
        entries = entries.filter(username=account)
    return entries, account


@page_for("audit", ONLY_ADMINS)
def audit_log(request):
    """The audit log, a hundred entries a page."""
    entries, account = audit_entries(request)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = [
        (
            entry,
            audit.shown_target(entry.target),
            ALLOWED_WORDS[entry.allowed],
            audit.shown_detail(entry.detail),
        )
        for entry in page
    ]
    return render(
        request, "newsroom/audit.html", {"page": page, "rows": rows, "account": account}
    )


class Echo:
    """A file-like object that hands back what is written (for streaming CSV)."""

    def write(self, value):
        """Return the line instead of storing it."""
        return value


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def local_time(moment) -> str:
    """Vietnam time as ISO 8601, without the system locale."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


@page_for("audit", ONLY_ADMINS)
def audit_csv(request):
    """The whole log (or one account's) as CSV, for a spreadsheet."""
    entries, _ = audit_entries(request)
    writer = csv.writer(Echo())

    def rows():
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(CSV_COLUMNS)
        for entry in entries.iterator():
            cells = [
                local_time(entry.time),
                entry.username,
                entry.address or "",
                entry.action_label(),
                audit.shown_target(entry.target),
                ALLOWED_WORDS[entry.allowed],
                audit.shown_detail(entry.detail),
                entry.action,
            ]
            yield writer.writerow([safe_cell(cell) for cell in cells])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nhat-ky-toa-soan.csv"'
    return response


def moment(seconds) -> str:
    """A Unix time as Vietnam time, for a page."""
    if not seconds:
        return ""
    when = timezone.datetime.fromtimestamp(seconds, tz=timezone.get_current_timezone())
    return when.strftime("%d/%m/%Y %H:%M")


@page_for("status")
@require_http_methods(["GET", "POST"])
def publishing_status(request):
    """Whether the last publish reached the remote (and the site, when built here).

    A failed push is retried by itself; anyone may ask for a try now.
    """
    lib = library()
    if request.method == "POST":
        status = lib.retry_pushes()
        audit.record(
            request,
            AuditEntry.PUSH_RETRY,
            allowed=not status["pending"],
            detail=status["error"] or "",
        )
        return redirect("status")
    status = lib.push_status()
    build = lib.last_build()
    # The build's log and git's words (often English) for admins; others are
    # told what they mean.
    log_shown = bool(POLICY.may_see_server_errors(actor_for(request.user)))
    return render(
        request,
        "newsroom/status.html",
        {
            "push": status,
            "since": moment(status.get("since")),
            "build": build,
            "built_at": moment((build or {}).get("at")),
            "build_log": (build or {}).get("log", "") if log_shown else "",
            "push_detail": (status.get("server_detail") or "") if log_shown else "",
        },
    )
