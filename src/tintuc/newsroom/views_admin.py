"""``/admin/``: today's Decap page, built from the site, served to staff only.

The page and its theme stylesheet come from the build ``make newsroom``
runs into the state folder (``adminsite.py``); Decap's page gets the
policy it needs (``cms.config.admin_csp``), every other page the strict one.
Served here, Decap's page gets the server's menu above Decap (``with_menu``):
the built file has none, so a site deployed without this server has no
links to pages only it answers.
"""

import json
import mimetypes
import posixpath
from pathlib import Path

from bs4 import BeautifulSoup
from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils._os import safe_join
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from tintuc.newsroom.accounts import profile_of, unit_names
from tintuc.newsroom.actor import APPROVER
from tintuc.newsroom.adminsite import admin_policy
from tintuc.newsroom.backend import library
from tintuc.newsroom.repo.story import APPROVER_FIELD
from tintuc.photos.settings import PHOTO_SUFFIXES

NOT_BUILT = (
    "Trang phòng biên tập chưa được dựng: chạy 'make newsroom' "
    "(hoặc python -m tintuc.newsroom prepare)."
)
STYLESHEET = Path(__file__).parent / "static" / "newsroom.css"
MENU_STYLESHEET = Path(__file__).parent / "static" / "menu.css"
CONFIG = "config.json"
# Where the site's photos are, under content/ and in stories' addresses.
PUBLISHED_PHOTOS = "images/"
# What changes with each build and must be fresh: never kept by the browser.
FRESH = {CONFIG, "index.html"}
# Decap's 5 MB bundle and the rest: kept, and asked again cheaply (a 304).
REVALIDATE = "private, no-cache"
# Fields the server writes itself (the approver who sets a story ready):
# hidden in the form, so nobody is asked for them.
SERVER_WRITES = {APPROVER_FIELD.lower()}


def server_config(data: bytes) -> bytes:
    """The built config.json with the server-written fields hidden."""
    config = json.loads(data)
    for collection in config["cms"]["collections"]:
        for field in collection.get("fields", []):
            if field.get("name") in SERVER_WRITES:
                field.update(widget="hidden", required=False)
                field.pop("options", None)
    return json.dumps(config, ensure_ascii=False).encode()


def built_file(folder: str, path: str) -> Path:
    """A file of the built admin site, never outside its folder."""
    root = Path(settings.NEWSROOM_ADMIN_SITE, folder)
    try:
        found = Path(safe_join(root, path or "index.html"))
    except Exception as error:  # SuspiciousFileOperation: a path outside
        raise Http404 from error
    if found.is_dir():
        found = found / "index.html"
    if not found.is_file():
        raise Http404
    return found


def typed(found: Path) -> FileResponse:
    """The file with its type; never guessed by the browser."""
    kind, _ = mimetypes.guess_type(found.name)
    if found.suffix == ".wasm":
        kind = "application/wasm"
    return FileResponse(
        found.open("rb"), content_type=kind or "application/octet-stream"
    )


def send(request, found: Path):
    """The file with validators (``typed``).

    A browser that has it already gets a bodiless 304 when it is unchanged.
    """
    facts = found.stat()
    etag = f'"{facts.st_mtime_ns:x}-{facts.st_size:x}"'
    unchanged = get_conditional_response(
        request, etag=etag, last_modified=int(facts.st_mtime)
    )
    response = typed(found) if unchanged is None else unchanged
    response["ETag"] = etag
    response["Last-Modified"] = http_date(facts.st_mtime)
    response["Cache-Control"] = REVALIDATE
    return response


@require_safe
def decap(request, path=""):
    """The newsroom page and its files, after sign-in."""
    if not request.user.is_authenticated:
        return redirect(f"{settings.LOGIN_URL}?next=/admin/")
    page = Path(settings.NEWSROOM_ADMIN_SITE, "admin", "index.html")
    if not page.is_file():
        return HttpResponse(NOT_BUILT, status=503, content_type="text/plain")
    if path.startswith(PUBLISHED_PHOTOS):
        return published_photo(request, path.removeprefix(PUBLISHED_PHOTOS))
    found = built_file("admin", path)
    if found.name == CONFIG:
        config = server_config(found.read_bytes())
        response = HttpResponse(config, content_type="application/json")
    elif found.resolve() == page.resolve():
        response = HttpResponse(with_menu(request, found))
    elif found.name in FRESH:
        response = typed(found)
    else:
        response = send(request, found)
    if found.name in FRESH:
        response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = admin_policy()
    return response


def published_photo(request, path: str):
    """A photo of ``content/images/`` on ``main``, as Decap's preview asks for it.

    A published story names its photo by the site's address (``images/…``),
    which the editor's page resolves under ``/admin/``. A photo still in the
    workflow Decap asks of the library itself (``unpublishedEntryMediaFile``).
    """
    if posixpath.splitext(path)[1].lower() not in PHOTO_SUFFIXES:
        raise Http404
    newsroom = library()
    content = newsroom.trees.snapshot(newsroom.main_commit()) / "content"
    root = content / PUBLISHED_PHOTOS.strip("/")
    try:
        found = Path(safe_join(root, path))
    except Exception as error:  # SuspiciousFileOperation: a path outside
        raise Http404 from error
    # A link committed to the repository could point anywhere.
    if not found.resolve().is_relative_to(root.resolve()) or not found.is_file():
        raise Http404
    return send(request, found)


def with_menu(request, page: Path) -> str:
    """Decap's built page with the server's menu bar first in its body.

    The sign-in script comes too, told who is signed in: a sign-out in
    another tab closes this one, and another account's copies are cleared.
    """
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    document.head.append(
        document.new_tag("link", rel="stylesheet", href=reverse("menu_stylesheet"))
    )
    script = document.new_tag("script", src=reverse("sign_in_script"), defer=None)
    script["data-account"] = request.user.get_username()
    document.head.append(script)
    bar = render_to_string("newsroom/decap_menu.html", request=request)
    document.body.insert(0, BeautifulSoup(bar, "html.parser"))
    document.body["class"] = [*document.body.get("class", []), "ts-decap"]
    return str(document)


@require_safe
def role(request):
    """What the form needs of this person: role, unit names, sign-out address.

    Approver-only fields are hidden from a writer; a person of one unit gets
    it chosen on a new story; Decap's "Đăng xuất" ends the server's session.

    Hiding a field or choosing a unit is no permission: the policy and the
    library still refuse a writer's approval, or a story of another unit.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Cần đăng nhập."}, status=401)
    profile = profile_of(request.user)
    names = unit_names()
    answer = {
        "role": "approver" if APPROVER in profile.role_set else "writer",
        "units": sorted(names[slug] for slug in profile.unit_set if slug in names),
        "sign_out": reverse("sign_out"),
    }
    response = JsonResponse(answer)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def theme(request, path):
    """The site's stylesheet and icons, used by Decap's preview."""
    if not request.user.is_authenticated:
        raise Http404
    return send(request, built_file("theme", path))


@require_safe
def stylesheet(request):
    """The server's own pages' stylesheet."""
    return send(request, STYLESHEET)


@require_safe
def menu_stylesheet(request):
    """The menu bar's stylesheet (the server's pages and Decap's page)."""
    return send(request, MENU_STYLESHEET)


@require_safe
def favicon(request):
    """The site's icon (browsers ask every page for it), else nothing."""
    found = Path(settings.NEWSROOM_ADMIN_SITE, "theme", "images", "favicon.png")
    if not found.is_file():
        return HttpResponse(status=204)
    return send(request, found)
