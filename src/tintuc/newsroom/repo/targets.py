"""What a request touches, for the web side's permission policy.

The policy (on the web side) decides who may do what; it asks these pure
reads first: which story, which unit it belongs to now and would belong to
after the save, who wrote it, and its status on the board.
"""

import posixpath
from dataclasses import dataclass

from tintuc.cms.config import DOCUMENTS_COLLECTION

from . import story
from .paths import SAFE_KEY, check_key, content_path, media_path

CMS_PREFIX = "cms"
# The field naming an entry's unit: a story's unit, a document's issuer.
UNIT_FIELD = "Unit"
ISSUER_FIELD = "Issuer"
WORKFLOW_ACTIONS = (
    "unpublishedEntry",
    "unpublishedEntryDataFile",
    "unpublishedEntryMediaFile",
    "deleteUnpublishedEntry",
    "updateUnpublishedEntryStatus",
    "publishUnpublishedEntry",
    "getDeployPreview",
)


@dataclass(frozen=True)
class Target:
    """What a request touches, for the web side's permission policy.

    :param action: the protocol action.
    :param collection: the story's collection (section slug), if a story.
    :param slug: the story's slug, if a story.
    :param paths: every repository path the request names (already checked).
    :param published: the story is on ``main``.
    :param in_workflow: the story has a workflow branch.
    :param unit: the story's unit slug as it is now (branch, else ``main``).
    :param new_unit: the unit slug the request would write (``persistEntry``).
    :param author_username: the account that created the story, if known.
    :param status: its workflow status now (draft/pending_review/pending_publish).
    :param new_status: the status asked for (``updateUnpublishedEntryStatus``).
    """

    action: str
    collection: str | None = None
    slug: str | None = None
    paths: tuple = ()
    published: bool = False
    in_workflow: bool = False
    unit: str | None = None
    new_unit: str | None = None
    author_username: str | None = None
    status: str | None = None
    new_status: str | None = None


class PolicyQueries:
    """``describe`` and the story lookups; mixed into ``Newsroom``."""

    def story_key(self, collection, slug_or_path) -> tuple[str, str, str]:
        """(collection, slug, path) of a story named by slug or by path.

        A path is kept as given (a page, or a story in an odd folder); its
        folder and name stand for the collection and slug only if they could
        name a workflow branch, else both are "".
        """
        if isinstance(slug_or_path, str) and slug_or_path.endswith(".md"):
            path = content_path(slug_or_path)
            slug = posixpath.basename(path)[:-3]
            if self.checks.is_document(path):
                collection = DOCUMENTS_COLLECTION
            collection = collection or posixpath.basename(posixpath.dirname(path))
            if not (SAFE_KEY.match(collection) and SAFE_KEY.match(slug)):
                return "", "", path
            return collection, slug, path
        collection = check_key(collection, "Chuyên mục")
        slug = check_key(slug_or_path, "Đường dẫn bài")
        return collection, slug, self.checks.entry_file(collection, slug)

    def story_text(self, collection, slug_or_path) -> tuple[str | None, str, str]:
        """(text now, branch, path): the workflow branch's copy, else ``main``'s."""
        collection, slug, path = self.story_key(collection, slug_or_path)
        branch = f"{CMS_PREFIX}/{collection}/{slug}" if collection else ""
        head = self.git.resolve(f"refs/heads/{branch}") if branch else None
        commit = head or self.main_commit()
        data = self.read_files(commit, [path])[path]
        return (data.decode("utf-8", errors="replace") if data else None), branch, path

    def unit_of_text(self, raw: str | None, path: str | None = None) -> str | None:
        """The unit slug a story's ``Unit`` field names (today's, after merges).

        A document's unit (``path`` in the library) is its issuer, ``Issuer``.
        """
        is_document = path is not None and self.checks.is_document(path)
        name = story.field_value(raw, ISSUER_FIELD if is_document else UNIT_FIELD)
        if not name:
            return None
        units = self.checks.main_site(self.main_commit()).directory["unit"]
        entry = units.find_current(name)
        return entry.slug if entry else None

    def entry_unit(self, collection, slug_or_path) -> str | None:
        """The unit slug of a story as it is now, or None."""
        text, _, path = self.story_text(collection, slug_or_path)
        return self.unit_of_text(text, path)

    def entry_author_username(self, collection, slug_or_path) -> str | None:
        """The account that first saved the story through the newsroom, or None."""
        _, branch, path = self.story_text(collection, slug_or_path)
        head = self.git.resolve(f"refs/heads/{branch}") if branch else None
        main = self.main_commit()
        if head is not None:
            first = self.git.text(
                "rev-list", "--reverse", "--topo-order", head, f"^{main}"
            ).split()
            commits = first[:1]
        else:
            commits = self.git.text(
                "log", "--format=%H", "--diff-filter=A", main, "--", path
            ).split()[-1:]
        for commit in commits:
            body = self.git.text(
                "log", "-1", "--format=%(trailers:key=Tai-khoan,valueonly)", commit
            )
            if body:
                return body.splitlines()[0].strip()
        return None

    def describe(self, action: str, params: dict | None) -> Target:
        """What a request touches (paths checked: a bad one raises 403)."""
        params = params if isinstance(params, dict) else {}
        if action in ("persistEntry",):
            collection, slug, path, raw = self.story_request(params)
            paths = [path]
            assets = params.get("assets")
            if isinstance(assets, list):
                paths += [
                    media_path(item.get("path") if isinstance(item, dict) else None)
                    for item in assets
                ]
            return self.story_target(action, collection, slug, paths, new_raw=raw)
        if action in WORKFLOW_ACTIONS:
            collection, slug, _ = self.workflow_key(params)
            paths = [content_path(params["path"])] if "path" in params else []
            return self.story_target(
                action, collection, slug, paths, new_status=params.get("newStatus")
            )
        paths = []
        for key in ("path", "folder", "mediaFolder"):
            if key in params:
                paths.append(content_path(params[key]))
        for item in params.get("paths") or []:
            paths.append(content_path(item))
        for item in params.get("files") or []:
            paths.append(
                content_path(item.get("path") if isinstance(item, dict) else None)
            )
        if isinstance(params.get("asset"), dict):
            paths.append(media_path(params["asset"].get("path")))
        stories = [path for path in paths if path.endswith(".md")]
        if action in ("deleteFile", "getEntry") and len(stories) == 1:
            return self.story_target(action, None, stories[0], paths)
        return Target(action=action, paths=tuple(paths))

    def story_target(
        self, action, collection, slug_or_path, paths, *, new_raw=None, new_status=None
    ):
        """A ``Target`` for one story, named by collection and slug, or by path."""
        collection, slug, _ = self.story_key(collection, slug_or_path)
        text, branch, path = self.story_text(collection, slug_or_path)
        in_workflow = (
            bool(branch) and self.git.resolve(f"refs/heads/{branch}") is not None
        )
        return Target(
            action=action,
            collection=collection or None,
            slug=slug or None,
            paths=tuple(dict.fromkeys([path, *paths])),
            published=self.git.entry(self.main_commit(), path) is not None,
            in_workflow=in_workflow,
            unit=self.unit_of_text(text, path),
            new_unit=self.unit_of_text(new_raw, path) if new_raw is not None else None,
            author_username=self.entry_author_username(collection, slug_or_path)
            if text is not None
            else None,
            status=self.status_of(branch) if in_workflow else None,
            new_status=new_status,
        )
