"""``POST /api/v1``: Decap's proxy backend protocol, behind a session.

Order of the checks: the request must come from this server's own pages
(Origin, Sec-Fetch-Site), from a signed-in active account, name an action
the protocol has, and pass the permission policy; only then does the
repository library carry it out. Every refusal of a change is logged.
"""

import json
import logging

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from tintuc.newsroom import audit, notes
from tintuc.newsroom.backend import (
    POLICY,
    actor_for,
    dropped_stories,
    entry_facts,
    library,
    readable_drafts,
)
from tintuc.newsroom.models import AuditEntry
from tintuc.newsroom.policy import (
    ACTIONS,
    DRAFT_READS,
    NOTE_READS,
    READ_ACTIONS,
    Entry,
)
from tintuc.newsroom.repo.errors import Refused
from tintuc.newsroom.repo.newsroom import NO_DRAFT
from tintuc.newsroom.repo.publications import KEEP

logger = logging.getLogger(__name__)

SIGNED_OUT = "Phiên đăng nhập đã hết hoặc chưa đăng nhập: hãy đăng nhập lại."
FOREIGN = "Yêu cầu không đến từ trang của phòng biên tập nên bị từ chối."
NOT_JSON = (
    "Máy chủ không đọc được lần gửi này (dữ liệu không đúng dạng). Hãy tải lại "
    "trang rồi làm lại; nếu vẫn thế, hãy báo quản trị."
)
# Decap sends every photo of a story not yet published with each save.
TOO_BIG = (
    "Ảnh và tệp gửi kèm lần lưu này tổng cộng quá {limit} MB (mỗi lần lưu gửi lại "
    "mọi ảnh chưa công bố của bài). Hãy bớt ảnh, hoặc thu nhỏ ảnh (chiều rộng 4000 "
    "điểm ảnh là đủ) rồi lưu lại."
)
UNKNOWN = "Việc không có trong giao thức: {action}."
FAILED = "Máy chủ gặp lỗi khi làm việc này; đã ghi lại. Hãy thử lại sau ít phút."
# Fetch metadata a browser sends from our own pages (none from old browsers).
SAME_SITE = {"", "same-origin"}
NOT_FOUND = 404
# Decap's requests hold a few lists, objects and values (a story's text and a
# photo are strings). Far more is no request of Decap's, and each costs the
# server tens of bytes or more, so 64 MB of them would cost it gigabytes:
# refused unread. Counted by their brackets and commas.
MAX_ITEMS = 100_000


def answer(message: str, status: int, **extra) -> JsonResponse:
    """A refusal as Decap's proxy backend shows it (``error``)."""
    return JsonResponse({"error": message, **extra}, status=status)


def from_own_origin(request) -> bool:
    """True when the browser says the request comes from this server's pages.

    Decap's fetch always sends Origin on a POST; Sec-Fetch-Site when the
    browser has it. A request with neither is not from a browser page.
    """
    origin = request.headers.get("Origin", "")
    own = f"{request.scheme}://{request.get_host()}"
    site = request.headers.get("Sec-Fetch-Site", "")
    return origin == own and site in SAME_SITE


def as_dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def target_of(params: dict) -> str:
    """A short name of what a request touches, for the log; never raises.

    The log line is written whatever shape the browser sent.
    """
    options = as_dict(params.get("options"))
    files = params.get("dataFiles") or [params.get("entry")]
    first = as_dict(files[0]) if isinstance(files, list) and files else {}
    paths = params.get("paths")
    parts = [
        params.get("collection") or options.get("collectionName"),
        params.get("slug") or first.get("slug"),
        params.get("path") or first.get("path"),
        ",".join(map(str, paths)) if isinstance(paths, list) else paths,
        as_dict(params.get("asset")).get("path"),
        params.get("newStatus"),
        params.get("noteId"),
    ]
    return " ".join(str(part) for part in parts if part)[:500]


def refused(request, action, params, status, message, **extra) -> JsonResponse:
    """Log a refused request and answer it."""
    audit.record(
        request,
        action if action in ACTIONS else AuditEntry.REQUEST_REFUSED,
        target=target_of(params) if isinstance(params, dict) else "",
        allowed=False,
        detail=f"{status}: {message}",
    )
    return answer(message, status, **extra)


@csrf_exempt  # Decap sends no token; the Origin check and SameSite=Strict stand in
@require_POST
def api(request):
    """Answer one action of Decap's proxy backend."""
    if not from_own_origin(request):
        audit.foreign_request(request)
        return answer(FOREIGN, 403)
    if not request.user.is_authenticated:
        return answer(SIGNED_OUT, 401)
    try:
        action, params = parsed(request)
    except Refused as refusal:
        return refused(request, "", {}, refusal.status, refusal.message_vi)
    return carry_out(request, action, params)


def parsed(request) -> tuple[str, dict]:
    """The action and its parameters, or a refusal saying what is wrong.

    The body is read here, of a signed-in account only, up to its own limit
    (``NEWSROOM_MAX_REQUEST_BYTES``); Django's is the small one of forms.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0:
        raise Refused(400, NOT_JSON)
    if length > settings.NEWSROOM_MAX_REQUEST_BYTES:
        limit = settings.NEWSROOM_MAX_REQUEST_BYTES // (1024 * 1024)
        raise Refused(413, TOO_BIG.format(limit=limit))
    raw = request.read(length)
    if sum(raw.count(mark) for mark in (b"[", b"{", b",")) > MAX_ITEMS:
        raise Refused(400, NOT_JSON)
    try:
        body = json.loads(raw)
        action, params = body["action"], body.get("params") or {}
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise Refused(400, NOT_JSON) from error
    if not isinstance(params, dict) or not isinstance(action, str):
        raise Refused(400, NOT_JSON)
    if action not in ACTIONS:
        raise Refused(400, UNKNOWN.format(action=action[:50]))
    return action, params


def carry_out(request, action: str, params: dict) -> JsonResponse:
    """Carry out one action and answer it as Decap's proxy backend does."""
    try:
        result = act(request, action, params)
    except Refused as refusal:
        extra = {k: v for k, v in refusal.as_json().items() if k != "error"}
        return answer(refusal.message_vi, refusal.status, **extra)
    return JsonResponse(result, safe=False)


def act(request, action: str, params: dict):
    """Ask the policy about each thing touched, then the library to do it.

    Every change is logged, and every refusal of one (then raised again as
    ``Refused``); "/gui-tin/" sends its stories through here too.
    """
    actor = actor_for(request.user)
    lib = library()
    try:
        for entry in entry_facts(lib, action, params):
            decision = POLICY.user_has_permission_for_instance(actor, action, entry)
            if not decision:
                raise Refused(403, decision.reason)
        if action in notes.ACTIONS:
            result = notes.carry_out(actor, action, params)
        else:
            result = lib.handle(
                actor, action, params, reader=request.session.session_key
            )
        if action == "unpublishedEntries":
            result = readable_drafts(lib, actor, result)
    except Refused as refusal:
        # Decap asks for a story in review before opening a published one.
        if not (action in READ_ACTIONS and refusal.status == NOT_FOUND):
            audit.record(
                request,
                action,
                target=target_of(params),
                allowed=False,
                detail=f"{refusal.status}: {refusal.message_vi}",
            )
        if action in DRAFT_READS | NOTE_READS and refusal.status == 403:
            # Logged as it is, answered as a missing draft: no hint that
            # another unit has it.
            raise Refused(NOT_FOUND, NO_DRAFT) from refusal
        raise
    except Exception as error:
        logger.exception("newsroom action %s failed", action)
        refused(request, action, params, 500, FAILED)
        raise Refused(500, FAILED) from error
    if action not in READ_ACTIONS:
        with transaction.atomic():
            audit.record(
                request, action, target=target_of(params), detail=summary(result)
            )
            forget_notes(request, lib, action, params)
    return as_told(actor, result)


def forget_notes(request, lib, action: str, params: dict) -> None:
    """A story dropped takes its notes with it, logged.

    A story made later at the same address, by any unit, starts with none.
    """
    for collection, slug in dropped_stories(lib, action, params):
        count = notes.forget(collection, slug)
        if count:
            detail = f"{count} ghi chú bỏ cùng bài"
            audit.record(
                request, "deleteNote", target=f"{collection} {slug}", detail=detail
            )


def as_told(actor, result):
    """``result`` as ``actor`` may read it: a build's log is for admins only.

    The log (often English, with the server's paths and a traceback) stays
    on the status page for admins; staff learn whether the build worked.
    """
    build = result.get("build") if isinstance(result, dict) else None
    if not isinstance(build, dict) or POLICY.may_see_server_errors(actor):
        return result
    return {**result, "build": {"ok": build.get("ok")}}


def summary(result) -> str:
    """What the library said it did, short, for the log."""
    if isinstance(result, dict):
        return str(result.get("message") or result.get("warnings") or "")[:500]
    return ""


# What the board shows of a publish record (the output file stays on the server).
SHOWN = (
    "id",
    "collection",
    "slug",
    "title",
    "url",
    "state",
    "message",
    "reason",
    "details",
    "pending",
    "live",
    "started",
    "finished",
)
# What only admins see of it: the server's own error, as it was said.
SHOWN_TO_ADMINS = ("server_details",)
SHOWN_COUNT = 20


@require_safe
def publications(request):
    """``GET /api/cong-bo``: what became of the last publishes this person may see.

    Each: the story, its public address, the state (``checking``,
    ``building``, ``live``, ``sent``, ``refused``, ``build_failed``,
    ``push_failed``, ``failed``), and what to say, in Vietnamese; for admins,
    the server's own error too (``server_details``).
    """
    if not request.user.is_authenticated:
        return answer(SIGNED_OUT, 401)
    actor = actor_for(request.user)
    # Every kept record, filtered, then the newest: another unit's many
    # publishes never push this person's own out of sight.
    fields = SHOWN
    if POLICY.may_see_server_errors(actor):
        fields += SHOWN_TO_ADMINS
    shown = [
        {key: record.get(key) for key in fields}
        for record in library().publications_now(limit=KEEP)
        if POLICY.may_see_publication(
            actor, Entry(unit=record.get("unit"), author=record.get("author"))
        )
    ]
    response = JsonResponse({"publications": shown[:SHOWN_COUNT]})
    response["Cache-Control"] = "no-store"
    return response
