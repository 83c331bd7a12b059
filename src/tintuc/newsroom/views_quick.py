"""``/gui-tin/``: “Gửi tin nhanh”, a story sent from a phone, into review.

A plain multipart form that works with JavaScript off; with it, the page's
script (``static/gui-tin.js``) shrinks photos first, keeps the draft on
the phone and sends the same form. The story goes through the same two
requests Decap makes (``persistEntry`` as a draft, then
``updateUnpublishedEntryStatus`` to review), asked of the same policy and
carried out by the same library (``views_api.act``), so it is checked,
committed and logged exactly as a story saved in Decap.
"""

import logging
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import transaction
from django.http import FileResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from tintuc.newsroom import audit, quick
from tintuc.newsroom.backend import POLICY, actor_for, library
from tintuc.newsroom.models import AuditEntry
from tintuc.newsroom.policy import ADMIN_ONLY, IN_REVIEW, NOT_STAFF
from tintuc.newsroom.repo.errors import Refused
from tintuc.newsroom.views_api import FOREIGN, SIGNED_OUT, act, from_own_origin

logger = logging.getLogger(__name__)

PAGE = "/gui-tin/"
SCRIPT = Path(__file__).parent / "static" / "gui-tin.js"
BOARD = "/admin/#/workflow"
# Photo boxes on the page without JavaScript (the script offers up to MAX_PHOTOS).
PLAIN_SLOTS = 3
# The page runs its own script (and shows the photos it shrank, as blob: URLs).
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Room for every photo a phone sends as taken (a few MB each, JavaScript off).
MAX_REQUEST_BYTES = quick.MAX_PHOTOS * 10 * 1024 * 1024
TOO_BIG = (
    "Ảnh gửi lên quá nặng (tổng cộng quá {limit} MB). Hãy gửi ít ảnh hơn, "
    "hoặc mở trang này trên trình duyệt có JavaScript để ảnh được thu nhỏ trước."
)
BAD_FORM = "Biểu mẫu gửi lên không đúng dạng. Hãy tải lại trang rồi gửi lại."
NO_UNITS = "Tài khoản này chưa được giao đơn vị nào: hãy hỏi quản trị."
NOT_SENT = "Chưa gửi được tin: {message}"
HALF_SENT = (
    "Máy chủ đã lưu bản nháp nhưng chưa gửi duyệt được, nên đã bỏ bản nháp đó. "
    "Hãy gửi lại sau ít phút."
)
# The drafts this session has sent (their ids, as the page made them).
SENT_DRAFTS = "quick_drafts"
KEPT_DRAFTS = 20
DRAFT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# The board's name for the column (pending_review), as Decap's locale has it.
SENT = (
    "Đã gửi tin “{title}” để duyệt. Tin nằm ở cột “Đang xét duyệt” của bảng "
    "Biên tập; người duyệt sẽ xem, sửa và công bố."
)
# The gate's fields (lowercase keys) as this form names them.
FORM_FIELDS = {
    "title": quick.TITLE,
    "summary": quick.SUMMARY,
    "body": quick.BODY,
    "image_alt": f"{quick.ALT}_1",
    "image": f"{quick.PHOTO}_1",
}


def wants_json(request) -> bool:
    """True for the page's script, which asks for JSON; a plain form gets pages."""
    return "application/json" in request.headers.get("Accept", "")


def staff_units(request) -> tuple[object, str]:
    """(actor, refusal): the account as the library sees it, or why it may not send."""
    actor = actor_for(request.user)
    if not actor.roles:
        return actor, NOT_STAFF
    if not POLICY.may_open(actor.roles, "quick_story"):
        return actor, ADMIN_ONLY
    if not actor.units:
        return actor, NO_UNITS
    return actor, ""


def page_context(actor, site, story=None, errors=None, **extra) -> dict:
    """What the form shows: sections, the account's units, the gate's limits."""
    units = site.directory["unit"]
    own = sorted(
        (entry.slug, entry.name)
        for entry in map(units.find_current, actor.units)
        if entry is not None
    )
    story = story or quick.QuickStory()
    errors = errors or {}
    alts = {photo.number: photo.alt for photo in story.photos}
    slots = [
        (
            number,
            errors.get(f"{quick.PHOTO}_{number}"),
            errors.get(f"{quick.ALT}_{number}"),
            alts.get(number, ""),
        )
        for number in range(1, PLAIN_SLOTS + 1)
    ]
    return {
        "story": story,
        "errors": errors,
        "slots": slots,
        "sections": [(entry.slug, entry.name) for entry in quick.sections(site)],
        "units": own,
        "max_photos": quick.MAX_PHOTOS,
        "max_side": quick.MAX_SIDE,
        "title_max": site.settings["EDITORIAL_TITLE_MAX"],
        "summary_max": site.settings["EDITORIAL_SUMMARY_MAX"],
        "username": actor.username,
        # A fresh id per form: the same draft sent twice is saved once.
        "draft": story.draft or str(uuid.uuid4()),
        **extra,
    }


def show(request, context: dict, status: int = 200):
    """The page, with its own script allowed and nothing kept by caches."""
    response = render(request, "newsroom/quick.html", context, status=status)
    response["Content-Security-Policy"] = PAGE_POLICY
    return response


@dataclass(frozen=True)
class Desk:
    """Who sends, and the newsroom they send to: the account, library, site."""

    actor: object
    lib: object
    site: object


def answer(request, desk: Desk, story, errors: dict, status: int):
    """A refused send: each problem on its field, the draft kept."""
    if wants_json(request):
        return JsonResponse({"errors": errors}, status=status)
    return show(request, page_context(desk.actor, desk.site, story, errors), status)


# The CSRF middleware's own check, run once the size is known to be sane.
CSRF = CsrfViewMiddleware(lambda request: None)


@never_cache
@csrf_exempt  # checked in ``receive``, after the size: the token is in the body
@require_http_methods(["GET", "POST"])
def quick_story(request):
    """The form (GET) and a story sent from it (POST)."""
    if not request.user.is_authenticated:
        if request.method == "POST" and wants_json(request):
            return JsonResponse({"errors": {"form": SIGNED_OUT}}, status=401)
        return redirect(f"{settings.LOGIN_URL}?next={PAGE}")
    if request.method == "POST":
        rejected = guarded(request)
        if rejected is not None:
            return rejected
    actor, refusal = staff_units(request)
    if refusal:
        if request.method == "POST":
            audit.record(request, AuditEntry.QUICK_STORY, allowed=False, detail=refusal)
        return render(request, "newsroom/refused.html", {"reason": refusal}, status=403)
    lib = library()
    desk = Desk(actor, lib, lib.checks.main_site(lib.main_commit()))
    if request.method == "GET":
        sent = request.session.pop("quick_sent", None)
        return show(request, page_context(actor, desk.site, sent=sent))
    return receive(request, desk)


def turned_away(request, message: str, status: int):
    """A POST refused before anything was read, as JSON or as a short page."""
    if wants_json(request):
        return JsonResponse({"errors": {"form": message}}, status=status)
    return render(request, "newsroom/refused.html", {"reason": message}, status=status)


def guarded(request):
    """Refuse a POST not from our own page, too big, or without its token.

    The Origin (a header the browser sets, which no other site can forge)
    and the size are checked before the body is read; only then is anything
    logged under the account's name. A request from another site is logged
    without it: the account did not send it.
    """
    if not from_own_origin(request):
        audit.foreign_request(request, target=PAGE)
        return turned_away(request, FOREIGN, 403)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > MAX_REQUEST_BYTES:
        message = TOO_BIG.format(limit=MAX_REQUEST_BYTES // (1024 * 1024))
        audit.record(
            request,
            AuditEntry.QUICK_STORY,
            target=PAGE,
            allowed=False,
            detail=f"413: {message}",
        )
        return turned_away(request, message, 413)
    return CSRF.process_view(request, None, (), {})


def receive(request, desk: Desk):
    """A POST from our own page, with its token: read, then sent."""
    try:
        story = sent_story(request)
    except Refused as refused:
        audit.record(
            request,
            AuditEntry.QUICK_STORY,
            target=PAGE,
            allowed=False,
            detail=f"{refused.status}: {refused.message_vi}",
        )
        errors = {"form": refused.message_vi}
        return answer(request, desk, None, errors, refused.status)
    return send(request, desk, story)


def sent_story(request) -> quick.QuickStory:
    """The form's fields and photos; only the fields the page has are read.

    Whatever else comes (author, unit of another office, status, approver,
    path, file names with ``../``) is never read: the server makes them.
    """
    try:
        form, files = request.POST, request.FILES
    except (RequestDataTooBig, TooManyFilesSent, TooManyFieldsSent) as error:
        limit = MAX_REQUEST_BYTES // (1024 * 1024)
        raise Refused(413, TOO_BIG.format(limit=limit)) from error
    except (BadRequest, SuspiciousOperation, ValueError) as error:
        raise Refused(400, BAD_FORM) from error
    story = quick.QuickStory(
        title=form.get(quick.TITLE, ""),
        summary=form.get(quick.SUMMARY, ""),
        body=form.get(quick.BODY, ""),
        section=form.get(quick.SECTION, ""),
        unit=form.get(quick.UNIT, ""),
    )
    draft = form.get("draft", "")
    story.draft = draft if DRAFT_ID.match(draft) else ""
    numbers = sorted({quick.box_number(name) for name in [*form, *files]} - {None})
    for number in numbers:
        upload = files.get(f"{quick.PHOTO}_{number}")
        alt = quick.one_line(form.get(f"{quick.ALT}_{number}", ""))
        if upload is None:
            if alt:
                message = quick.ALT_ONLY.format(number=number)
                story.problems[f"{quick.ALT}_{number}"] = message
            continue
        story.photos.append(
            quick.Photo(upload.read(), upload.name or "", alt, number=number)
        )
    return story


def send(request, desk: Desk, story: quick.QuickStory):
    """Check what was sent, then save it as Decap does and move it to review.

    A draft sent twice (the answer lost on the way, a second tap) is not
    saved twice: the session remembers the drafts it has sent.
    """
    actor, lib, site = desk.actor, desk.lib, desk.site
    done = request.session.get(SENT_DRAFTS, {})
    if story.draft in done:
        return sent_answer(request, done[story.draft])
    errors = quick.too_long(story, site.settings)
    if errors:  # a title of any length goes no further
        return answer(request, desk, story, errors, 422)
    errors = quick.missing_fields(story)
    unit = story.unit or (next(iter(actor.units)) if len(actor.units) == 1 else "")
    if unit not in actor.units:
        errors[quick.UNIT] = quick.NO_UNIT
    try:
        collection = quick.collection_for(site, site.settings, story.section)
    except Refused as refused:
        errors[quick.SECTION] = refused.message_vi
    errors = quick.over_budget(story.photos) | errors
    try:
        photos = prepared_photos(story, lib.settings, errors)
    except quick.Busy as busy:
        return answer(request, desk, story, {"form": str(busy)}, 503)
    if errors:
        return answer(request, desk, story, errors, 422)
    moment = quick.now_in_vietnam()
    try:
        file_slug, slug = quick.free_slug(lib, collection, moment, story.title)
        made = quick.persist_params(
            story,
            collection,
            unit=quick.unit_name(site, unit),
            author=actor.name,
            file_slug=file_slug,
            slug=slug,
            moment=moment,
            photos=photos,
        )
        act(request, "persistEntry", made.params)
        to_review(request, lib, made)
    except Refused as refused:
        problems = gate_problems(refused)
        return answer(request, desk, story, problems, refused.status)
    with transaction.atomic():
        audit.record(
            request,
            AuditEntry.QUICK_STORY,
            target=f"{made.collection} {made.slug} {made.path}",
            detail=f"{len(photos)} ảnh; {IN_REVIEW}",
        )
    outcome = {
        "ok": True,
        "message": SENT.format(title=quick.one_line(story.title)),
        "board": BOARD,
        "story": f"{made.collection}/{made.slug}",
    }
    if story.draft:
        kept = list(done.items())[-(KEPT_DRAFTS - 1) :]
        request.session[SENT_DRAFTS] = {**dict(kept), story.draft: outcome}
    return sent_answer(request, outcome)


def prepared_photos(story: quick.QuickStory, limits: dict, errors: dict) -> list:
    """Each photo made ready, one decode each; problems go into ``errors``.

    Nothing is decoded for a story already refused for its photos' field;
    Busy when other requests are decoding photos already.
    """
    if quick.PHOTO in errors or not story.photos:
        return []
    photos = []
    with quick.photo_slot():
        for photo in story.photos:
            try:
                photos.append(quick.prepared_photo(photo, limits))
            except Refused as refused:
                errors[f"{quick.PHOTO}_{photo.number}"] = refused.message_vi
    return photos


def sent_answer(request, outcome: dict):
    """The story is in review: JSON for the script, else the page saying so."""
    if wants_json(request):
        return JsonResponse(outcome)
    request.session["quick_sent"] = outcome["message"]
    response = HttpResponseRedirect(PAGE)
    response.status_code = 303  # See Other: the page again, by GET
    return response


def to_review(request, lib, made: quick.Made) -> None:
    """Move the new draft to "Chờ duyệt", as Decap's status menu does.

    If that is refused, the draft just made is dropped: nothing half-sent stays.
    """
    key = {"branch": "main", "collection": made.collection, "slug": made.slug}
    try:
        act(request, "updateUnpublishedEntryStatus", {**key, "newStatus": IN_REVIEW})
    except Refused as refused:
        try:
            act(request, "deleteUnpublishedEntry", key)
        except Refused:
            logger.warning("could not drop the quick draft %s", made.path)
        raise Refused(refused.status, HALF_SENT) from refused


def gate_problems(refused: Refused) -> dict[str, str]:
    """The library's refusal as problems on the page's fields."""
    problems = {}
    for item in refused.problems:
        name = FORM_FIELDS.get(item.get("field") or "", "form")
        message = item["message"]  # the gate's words, as a sentence on the page
        problems.setdefault(name, message[:1].upper() + message[1:])
    if not problems:
        problems["form"] = NOT_SENT.format(message=refused.message_vi)
    return problems


@require_safe
def script(request):
    """The page's script."""
    response = FileResponse(SCRIPT.open("rb"), content_type="text/javascript")
    response["Cache-Control"] = "max-age=3600"
    return response
