"""Sign in and sign out, with a lock after repeated wrong passwords.

The refused sign-ins in the audit log are the counter. Within the window,
five for an account from one address lock that account there; thirty for it
from anywhere lock it everywhere; twenty from one address (a commune office
shares one) lock that address. A lock lifts when the oldest failure ages out
or an admin changes the account (a new password).

Passwords are checked one at a time (``checking_passwords``): the count is
read and written with no other check between, so a burst of guesses sent at
once counts as it would one by one; and each check holds Argon2's 100 MiB.
The server is one process (``gunicorn.py``), so a lock in it is enough.
"""

import contextlib
import logging
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from tintuc.newsroom import audit
from tintuc.newsroom.audit import client_address, failures_since
from tintuc.newsroom.middleware import STRICT_POLICY
from tintuc.newsroom.models import AuditEntry
from tintuc.newsroom.views_admin import send

logger = logging.getLogger(__name__)

# The sign-in page runs one script of this server's (``SCRIPT``), nothing else.
PAGE_POLICY = f"{STRICT_POLICY}; script-src 'self'"
SCRIPT = Path(__file__).parent / "static" / "dang-nhap.js"

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = (
    "Đăng nhập bị tạm khóa {minutes} phút vì nhập sai mật khẩu nhiều lần. "
    "Hãy đợi rồi thử lại, hoặc nhờ quản trị đặt lại mật khẩu."
)
BUSY = "Máy chủ đang bận kiểm tra nhiều lần đăng nhập; hãy thử lại sau một phút."
MISSING = {
    "username": "Hãy nhập tên đăng nhập.",
    "password": "Hãy nhập mật khẩu.",
}


def locked_out(username: str, address: str | None) -> bool:
    """True when the account failed too often, here or anywhere, or the address did."""
    minutes = settings.NEWSROOM_SIGNIN_WINDOW_MINUTES
    here = {"username": username, "address": address} if address else {}
    limits = [
        (here or {"username": username}, settings.NEWSROOM_SIGNIN_ACCOUNT_FAILURES),
        ({"username": username}, settings.NEWSROOM_SIGNIN_ACCOUNT_ANYWHERE_FAILURES),
    ]
    if address:
        limits.append(({"address": address}, settings.NEWSROOM_SIGNIN_ADDRESS_FAILURES))
    return any(failures_since(minutes, **keys) >= limit for keys, limit in limits)


_checking = threading.Lock()


@contextlib.contextmanager
def checking_passwords():
    """Hold the one password check of this process; yields False if it stays busy."""
    free = _checking.acquire(timeout=settings.NEWSROOM_SIGNIN_WAIT_SECONDS)
    if not free:
        logger.warning("sign-in checks queued beyond the wait: refused as busy")
    try:
        yield free
    finally:
        if free:
            _checking.release()


def next_page(request) -> str:
    """Where to go after signing in: a page of this server, else the newsroom."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return settings.LOGIN_REDIRECT_URL


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def sign_in(request):
    """The sign-in form: "Tên đăng nhập", "Mật khẩu"."""
    errors = {}
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip().lower()[:150]
        password = request.POST.get("password", "")
        errors = {
            field: message
            for field, message in MISSING.items()
            if not request.POST.get(field)
        }
        if not errors:
            errors = attempt(request, username, password)
        if not errors:
            return redirect(next_page(request))
    response = render(
        request,
        "newsroom/sign_in.html",
        {"errors": errors, "username": username, "next": next_page(request)},
        status=400 if errors else 200,
    )
    response["Content-Security-Policy"] = PAGE_POLICY
    return response


@require_safe
def script(request):
    """The sign-in page's script (keeps the ``#…`` of the page asked for)."""
    return send(request, SCRIPT)


def attempt(request, username: str, password: str) -> dict:
    """Sign in, or the errors to show; every outcome is logged."""
    with checking_passwords() as free:
        if not free:
            return {"form": BUSY}
        return checked_attempt(request, username, password)


def checked_attempt(request, username: str, password: str) -> dict:
    """``attempt``, with the password check held."""
    address = client_address(request)
    if locked_out(username, address):
        audit.record(
            request, AuditEntry.SIGN_IN_LOCKED, username=username, allowed=False
        )
        minutes = settings.NEWSROOM_SIGNIN_WINDOW_MINUTES
        return {"form": LOCKED.format(minutes=minutes)}
    user = authenticate(request, username=username, password=password)
    if user is None:
        audit.record(
            request, AuditEntry.SIGN_IN_REFUSED, username=username, allowed=False
        )
        return {"form": WRONG}
    with transaction.atomic():
        login(request, user)
        audit.record(request, AuditEntry.SIGN_IN, username=user.get_username())
    return {}


@csrf_protect
@require_http_methods(["GET", "POST"])
def sign_out(request):
    """End the session everywhere it is kept (the cookie is worth nothing after).

    The browser is then asked to forget what Decap stored in it.

    A GET (a link from anywhere) only asks to confirm: leaving takes a POST.
    """
    if request.method == "GET":
        if not request.user.is_authenticated:
            return redirect(settings.LOGIN_URL)
        return render(request, "newsroom/sign_out.html")
    if request.user.is_authenticated:
        audit.record(request, AuditEntry.SIGN_OUT)
    logout(request)
    # The sign-in page then forgets what Decap kept in this browser (who
    # signed in, unsaved copies of stories): ``dang-nhap.js``.
    return redirect(f"{settings.LOGIN_URL}?{SIGNED_OUT}")


# Where sign-out lands: the sign-in page, told to clear Decap's traces.
# dang-nhap.js knows it by this name too.
SIGNED_OUT = "da-dang-xuat"

CSRF_REFUSED = (
    "Biểu mẫu này đã cũ hoặc không gửi từ trang của phòng biên tập. "
    "Hãy tải lại trang rồi làm lại."
)


def csrf_failure(request, reason=""):
    """A form without its token (or from elsewhere): refused, logged, explained."""
    audit.record(
        request,
        AuditEntry.REQUEST_REFUSED,
        target=request.path[:200],
        allowed=False,
        detail=f"CSRF: {reason}",
    )
    context = {"reason": CSRF_REFUSED}
    return render(request, "newsroom/refused.html", context, status=403)
