"""The loudspeaker bulletin from the board: approvers make the week's script.

It runs the same code as ``make bulletin`` on ``main`` as the server holds it
(the stories already published), and offers the three files to download.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from pelican.settings import read_settings

from tintuc.bulletin.bulletin import BulletinError, Choice, make_bulletin
from tintuc.bulletin.cli import minutes, period
from tintuc.bulletin.outputs import bulletin_files, timed_items
from tintuc.directory.model import DirectoryError
from tintuc.newsroom import audit
from tintuc.newsroom.adminsite import PROJECT
from tintuc.newsroom.backend import library
from tintuc.newsroom.views_staff import page_for

ONLY_APPROVERS = "Chỉ người duyệt bài mới lập được bản tin truyền thanh."
BULLETIN = "bulletin"
KINDS = {
    "txt": ("ban-tin.txt", "text/plain; charset=utf-8"),
    "html": ("ban-tin.html", "text/html; charset=utf-8"),
    "docx": (
        "ban-tin.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


def asked(query) -> tuple[Choice, dict]:
    """The office's choice from the form's fields (all optional)."""
    today = timezone.localtime().date()
    start, end = period(query.get("tu", ""), query.get("den", ""), today)
    sections = tuple(s for s in query.getlist("chuyen_muc") if s.strip())
    choice = Choice(
        start,
        end,
        sections=sections,
        commune=query.get("xa", "").strip(),
        max_minutes=minutes(query.get("phut", "").strip()),
    )
    fields = {
        "tu": start.isoformat(),
        "den": end.isoformat(),
        "xa": choice.commune,
        "phut": query.get("phut", ""),
    }
    return choice, fields


def published_site_settings() -> dict:
    """The site's settings reading ``content/`` of ``main`` as the server has it."""
    lib = library()
    tree = lib.trees.snapshot(lib.main_commit())
    return read_settings(
        str(PROJECT / "pelicanconf.py"), override={"PATH": str(tree / "content")}
    )


@require_GET
@page_for("bulletin", ONLY_APPROVERS)
def bulletin(request, kind: str = ""):
    """The form, the script with its times, and the files (``kind``)."""
    context = {"query": request.GET.urlencode(), "kinds": KINDS}
    try:
        choice, context["fields"] = asked(request.GET)
        if "tu" in request.GET or kind:
            settings = published_site_settings()
            now = timezone.localtime()
            made = make_bulletin(settings, choice, now)
            if kind in KINDS:
                name, media_type = KINDS[kind]
                data = bulletin_files(made, settings.get("SITENAME", ""))[name]
                audit.record(request, BULLETIN, target=f"{choice.start}–{choice.end}")
                return download(data, name, media_type, choice)
            context |= {"bulletin": made, "rows": timed_items(made)}
    except (BulletinError, DirectoryError) as error:
        context["error"] = str(error)
    return render(request, "newsroom/bulletin.html", context)


def download(data: bytes, name: str, media_type: str, choice: Choice):
    """One of the three files, named for its days."""
    response = HttpResponse(data, content_type=media_type)
    stem = f"ban-tin-{choice.start:%Y-%m-%d}-{choice.end:%Y-%m-%d}"
    suffix = name.rsplit(".", 1)[1]
    response["Content-Disposition"] = f'attachment; filename="{stem}.{suffix}"'
    return response
