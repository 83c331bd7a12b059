"""The web side's link to the repository library: who acts, and on what.

The library (``settings.NEWSROOM_LIBRARY``, by default ``repo.Newsroom``)
answers Decap's protocol; this module turns a Django user into its
``Actor`` and a request into the ``policy.Entry`` facts the permission
policy decides on, from the library's ``describe``.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from tintuc.newsroom import notes
from tintuc.newsroom.accounts import profile_of, unit_names
from tintuc.newsroom.actor import Actor
from tintuc.newsroom.adminsite import PROJECT
from tintuc.newsroom.policy import (
    DRAFT_READS,
    MEDIA,
    READ_ACTIONS,
    STORY,
    Entry,
    PermissionPolicy,
)
from tintuc.newsroom.repo import story
from tintuc.newsroom.repo.errors import Refused
from tintuc.newsroom.repo.newsroom import Newsroom

STORY_SUFFIX = ".md"
# What counts as media a deletion may remove: photos and documents' files.
MEDIA_FOLDERS = ("content/images/", "content/documents/files/")
# The one permission policy every view asks.
POLICY = PermissionPolicy(unit_names)


def actor_for(user) -> Actor:
    """The signed-in account as the library and the policy see it."""
    profile = profile_of(user)
    return Actor(
        username=user.get_username(),
        name=user.first_name or user.get_username(),
        roles=profile.role_set,
        units=profile.unit_set,
        approver_name=profile.approver_name or None,
    )


@cache
def library():
    """The repository library, made once per server process."""
    return import_string(settings.NEWSROOM_LIBRARY)()


def open_library() -> Newsroom:
    """The real library on the state folder, configured from the settings."""
    publish_output = None
    if settings.NEWSROOM_PUBLISH == "build":
        publish_output = settings.NEWSROOM_PUBLISH_OUTPUT or (
            settings.NEWSROOM_DIR / "site"
        )
    return Newsroom(
        settings.NEWSROOM_DIR / "repo",
        settings.NEWSROOM_REMOTE or settings.NEWSROOM_SOURCE,
        state_dir=settings.NEWSROOM_DIR / "state",
        project_dir=PROJECT,
        settings={"NEWSROOM_EMAIL_DOMAIN": settings.NEWSROOM_EMAIL_DOMAIN},
        build_output=publish_output,
    )


def entry_facts(lib, action: str, params: dict) -> list[Entry]:
    """What the policy must know about each thing ``action`` touches.

    Reading what is published needs no facts; reading a draft, its unit.
    """
    if action in DRAFT_READS:
        return [draft_facts(lib, action, params)]
    if action in notes.ACTIONS:
        return [note_facts(lib, action, params)]
    if action in READ_ACTIONS:
        return [Entry()]
    if action in {"deleteFile", "deleteFiles"}:
        # Exactly the paths the library will delete: one ``path``, or ``paths``.
        paths = [params.get("path")] if action == "deleteFile" else params.get("paths")
        if not isinstance(paths, list) or not paths:
            raise Refused(400, "Không có tệp nào để xóa.")
        return [deleted_file(lib, path, params) for path in paths]
    target = lib.describe(action, params)
    if action != "persistEntry":
        return [
            Entry(
                unit=target.unit,
                author=target.author_username,
                status=target.new_status or "",
            )
        ]
    options = params.get("options") or {}
    files = params.get("dataFiles") or [params.get("entry") or {}]
    now, _, _ = lib.story_text(target.collection, target.slug)
    return [
        Entry(
            kind=STORY,
            unit=target.unit,
            new_unit=target.new_unit,
            author=target.author_username,
            approver_typed=story.field_value(files[0].get("raw"), story.APPROVER_FIELD),
            approver_before=story.field_value(now, story.APPROVER_FIELD),
            status=str(options.get("status") or ""),
        )
    ]


def draft_facts(lib, action: str, params: dict) -> Entry:
    """The unit and writer of the workflow story a read names."""
    target = lib.describe(action, params)
    return Entry(
        unit=target.unit,
        author=target.author_username,
        in_workflow=target.in_workflow,
    )


def note_facts(lib, action: str, params: dict) -> Entry:
    """The story's unit and writer, and the author of the note a request names.

    A note not found is told apart only after the unit is checked, so another
    unit learns nothing of which notes exist.
    """
    collection, slug = notes.entry_of(params)
    key = {"collection": collection, "slug": slug}
    facts = draft_facts(lib, "unpublishedEntry", key)
    return Entry(
        unit=facts.unit,
        author=facts.author,
        in_workflow=facts.in_workflow,
        note_author=notes.author_of(params),
        changes_note=notes.changes_words(action, params),
    )


def dropped_stories(lib, action: str, params: dict) -> list[tuple[str, str]]:
    """The (collection, slug) of each story a done ``action`` dropped."""
    if action == "deleteUnpublishedEntry":
        # Changes to a published story dropped: the story, and its talk, stay.
        target = lib.describe("unpublishedEntry", params)
        return [] if target.published else [(target.collection, target.slug)]
    if action not in {"deleteFile", "deleteFiles"}:
        return []
    paths = [params.get("path")] if action == "deleteFile" else params.get("paths")
    stories = [p for p in paths or [] if str(p).endswith(STORY_SUFFIX)]
    keys = [lib.story_key(None, path)[:2] for path in stories]
    return [(collection, slug) for collection, slug in keys if collection]


def readable_drafts(lib, actor: Actor, keys: list) -> list:
    """The board's ``collection/slug`` keys this account may read.

    A branch the library cannot describe is shown to admins only.
    """
    readable = []
    for key in keys:
        try:
            facts = draft_facts(lib, "unpublishedEntry", {"id": key})
        except Refused:
            facts = Entry(in_workflow=True)
        if POLICY.may_read_draft(actor, facts):
            readable.append(key)
    return readable


def deleted_file(lib, path, params: dict) -> Entry:
    """A file on main to delete: a story (with its unit), or a photo or document."""
    target = lib.describe("deleteFile", {"path": path, "branch": params.get("branch")})
    if any(str(one).endswith(STORY_SUFFIX) for one in target.paths):
        return Entry(kind=STORY, unit=target.unit, author=target.author_username)
    if not all(str(one).startswith(MEDIA_FOLDERS) for one in target.paths):
        raise Refused(403, "Chỉ xóa được ảnh và tệp văn bản, không xóa tệp khác.")
    return Entry(kind=MEDIA)
