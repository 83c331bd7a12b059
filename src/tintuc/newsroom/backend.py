"""The web side's link to the repository library: who acts, and on what.

The library (``settings.NEWSROOM_LIBRARY``) answers Decap's protocol; this
module turns a Django user into its ``Actor`` and a request into the
``policy.Entry`` facts the permission policy decides on.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from tintuc.newsroom.accounts import profile_of, unit_names
from tintuc.newsroom.actor import Actor
from tintuc.newsroom.policy import MEDIA, STORY, Entry, PermissionPolicy

STORY_FOLDER = "content/articles/"
STORY_SUFFIX = ".md"
# The one permission policy every view asks.
POLICY = PermissionPolicy(unit_names)


def actor_for(user) -> Actor:
    """The signed-in account as the library and the policy see it."""
    profile = profile_of(user)
    return Actor(
        username=user.get_username(),
        name=user.first_name or user.get_username(),
        email=f"{user.get_username()}@{settings.NEWSROOM_EMAIL_DOMAIN}",
        roles=profile.role_set,
        units=profile.unit_set,
        approver_name=profile.approver_name or None,
    )


@cache
def library():
    """The repository library, made once per server process."""
    return import_string(settings.NEWSROOM_LIBRARY)()


def open_library():
    """The real library, configured from the settings."""
    from tintuc.newsroom.repo import Newsroom  # noqa: PLC0415

    return Newsroom.from_settings(settings)


def is_story(path: str) -> bool:
    """True for a story file (deleting one is an approver's decision)."""
    return path.startswith(STORY_FOLDER) and path.endswith(STORY_SUFFIX)


def entry_facts(lib, action: str, params: dict) -> list[Entry]:
    """What the policy must know about each thing ``action`` touches."""
    collection, slug = params.get("collection"), params.get("slug")
    if action == "persistEntry":
        return [persist_facts(lib, params)]
    if action in {"deleteFile", "deleteFiles"}:
        paths = params.get("paths") or [params.get("path", "")]
        return [path_facts(lib, str(path)) for path in paths]
    if collection and slug:
        return [
            Entry(
                unit=lib.entry_unit(collection=collection, slug=slug),
                author=lib.entry_author_username(collection, slug),
                status=str(params.get("newStatus", "")),
            )
        ]
    return [Entry()]


def persist_facts(lib, params: dict) -> Entry:
    """A save: the story's unit now and after, its writer, a typed Approver."""
    files = params.get("dataFiles") or [params.get("entry") or {}]
    first = files[0] if files and isinstance(files[0], dict) else {}
    raw = str(first.get("raw", ""))
    options = params.get("options") or {}
    collection, slug = options.get("collectionName"), first.get("slug")
    unit = author = None
    if collection and slug:
        unit = lib.entry_unit(collection=collection, slug=slug)
        author = lib.entry_author_username(collection, slug)
    return Entry(
        kind=STORY,
        unit=unit,
        new_unit=lib.entry_unit(raw=raw),
        author=author,
        approver_typed=lib.entry_approver(raw=raw),
        approver_before=lib.entry_approver(collection=collection, slug=slug),
        status=str(options.get("status", "")),
    )


def path_facts(lib, path: str) -> Entry:
    """A file on main: a story (with its unit) or a photo or document."""
    if is_story(path):
        return Entry(kind=STORY, unit=lib.entry_unit(path=path))
    return Entry(kind=MEDIA)
