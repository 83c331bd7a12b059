"""The newsroom's repository: Decap's proxy protocol, answered safely on a git clone.

No web framework here. The web side authenticates a request, asks its
permission policy, then calls this library; this library decides everything
about the data, whatever the browser sent.

Interface (stable; the web side relies on it)
---------------------------------------------

``Newsroom(workdir, remote=None, *, state_dir=None, project_dir=None,
settings=None, build_output=None)``
    ``workdir`` is the bare clone (``.newsroom/repo``), made from ``remote``
    when missing; ``remote`` defaults to ``project_dir`` (the repository the
    server runs in, default the current folder). ``state_dir`` (default
    ``workdir/../state``) holds the lock, the publish marker, the pending
    push, the readers' ledger and scratch trees. ``project_dir`` holds
    ``pelicanconf.py`` and ``publishconf.py`` the checks and builds use.
    ``settings`` overrides ``defaults.DEFAULTS`` (``NEWSROOM_*`` keys).
    ``build_output``: a folder, for ``NEWSROOM_PUBLISH=build``: every publish
    then builds the site there. Construction recovers from a publish that was
    killed half-way (see ``recover``). One object per process is enough; any
    number of processes may share the folders (an fcntl lock serialises writes).

``handle(actor, action, params, reader=None) -> result``
    One request of Decap's proxy backend (``POST /api/v1`` with
    ``{action, params}``); the result is what decap-server's git mode answers,
    as JSON-ready values. ``actor`` is ``tintuc.newsroom.actor.Actor``.
    ``reader`` names the copy the browser holds (pass the session key; the
    default is the username): a save is refused (409) when the story changed
    since that reader last loaded it. Raises ``Refused`` (``errors.py``):
    ``status`` 400/403/404/409/422 (502 when the remote fails), ``message_vi``,
    ``field``, ``problems`` ([{field, message}]); send ``refused.as_json()``.
    A path outside ``content/`` or into ``.git`` is a 403: log it.
    Results beyond decap-server's: ``persistEntry`` and
    ``updateUnpublishedEntryStatus`` add ``warnings`` ([{field, message}]);
    ``unpublishedEntry`` adds ``pullRequestAuthor`` (the first author's name);
    ``publishUnpublishedEntry``, ``persistMedia``, ``deleteFile`` and
    ``deleteFiles`` add ``commit`` (``main`` after it), ``pushed`` (bool),
    ``push_error`` (Vietnamese or None) and, with ``build_output``, ``build``
    (see ``build_site``). Saving straight to ``main`` (``useWorkflow`` false)
    is refused; ``persistMedia`` and ``deleteFile(s)`` change ``main``
    directly (checked). A file there reaches readers only through a published
    story or document that names it; who may do either is the policy's.

For the policy (reads, no lock; a bad path raises ``Refused`` 403 here too):
    ``describe(action, params) -> Target`` (``targets.py``): ``collection``,
    ``slug``, ``paths``, ``published``, ``in_workflow``, ``unit`` (now),
    ``new_unit`` (what a ``persistEntry`` would write), ``author_username``
    (the account of the story's first commit through the newsroom),
    ``status`` (draft/pending_review/pending_publish), ``new_status``; and
    ``entry_unit(collection, slug_or_path)``,
    ``entry_author_username(collection, slug_or_path)``,
    ``story_text(collection, slug_or_path) -> (text, branch, path)``,
    ``unit_of_text(raw, path=None)``. Units are slugs of
    ``content/data/units.toml``: a story's ``Unit``, a document's ``Issuer``.
    Collection ``van-ban`` (``cms.config.DOCUMENTS_COLLECTION``) is the
    document library, ``content/<DOCUMENTS_PATH>/<slug>.md``; every other
    collection is a section, ``content/<ARTICLE_PATHS[0]>/<collection>/<slug>.md``.
    ``story.field_value(raw, story.APPROVER_FIELD)`` reads a field of a text.

For the board and the operator:
    ``push_status()`` ({pending, commit, error, attempts, since, last}),
    ``retry_pushes()`` (fetch, integrate, push now; returns ``push_status()``),
    ``build_site(output=None)`` ({ok, commit, output, log, headline, at}),
    ``last_build()``, ``recover()`` (run by the constructor),
    ``publications_now(limit=50)``: what became of the last publishes, newest
    first (``publications.as_shown``: story, ``unit``, ``author``, ``url``,
    ``state``, ``message``, ``reason``, ``details``, ``pending``, times).

The technical notes are ``docs/may-chu-toa-soan-kythuat.md``.
"""

import base64
import binascii
import datetime
import hashlib
import logging
import os
import posixpath
import re
import shutil
import subprocess
import time
from pathlib import Path

from tintuc.editorial.rules import story_date
from tintuc.shared.locks import exclusive
from tintuc.vn_text.normalise import source_text

from ..actor import ADMIN, APPROVER, WRITER, Actor
from . import story
from .checks import Checks
from .defaults import DEFAULTS
from .errors import Refused
from .git import SYMLINK, ZERO, Git, Identity
from .ledger import Ledger
from .mainline import Mainline
from .paths import check_key, content_path, media_path, refuse_path
from .publications import (
    BUILD_FAILED,
    BUILDING,
    FAILED,
    LIVE,
    PUSH_FAILED,
    REFUSED,
    SENT,
    Publications,
    as_shown,
    document_address,
    public_address,
    site_settings,
)
from .remote import Remote
from .targets import CMS_PREFIX, PolicyQueries
from .trees import Trees
from .uploads import check_upload

logger = logging.getLogger(__name__)

# An address git takes as it is (``Actor.email``); else one is derived.
ADDRESS = re.compile(r"^[^<>\s@]+@[^<>\s@]+$")
STATUSES = ("draft", "pending_review", "pending_publish")
# Decap's Vietnamese label for dropping a published entry's pending changes.
DROP_CHANGES = "Xoá thay đổi chưa công bố này"
NO_DRAFT = "Không tìm thấy bài này trong danh sách chờ duyệt."
READY = "pending_publish"
SITE_CACHE_SECONDS = 300
ACTIONS = (
    "info",
    "entriesByFolder",
    "entriesByFiles",
    "getEntry",
    "unpublishedEntries",
    "unpublishedEntry",
    "unpublishedEntryDataFile",
    "unpublishedEntryMediaFile",
    "deleteUnpublishedEntry",
    "persistEntry",
    "updateUnpublishedEntryStatus",
    "publishUnpublishedEntry",
    "getMedia",
    "getMediaFile",
    "persistMedia",
    "deleteFile",
    "deleteFiles",
    "getDeployPreview",
)
# Actions that change the repository: each runs under the lock.
WRITES = frozenset(
    {
        "deleteUnpublishedEntry",
        "persistEntry",
        "updateUnpublishedEntryStatus",
        "publishUnpublishedEntry",
        "persistMedia",
        "deleteFile",
        "deleteFiles",
    }
)


def sha256(data: bytes) -> str:
    """Decap's file id: the content's SHA-256."""
    return hashlib.sha256(data).hexdigest()


def seen_hash(path: str, data: bytes) -> str:
    """What the ledger keeps of a file: its hash, without the server's own fields.

    An approver's signature (``Approver``) does not make a writer's copy stale.
    """
    if path.endswith(".md"):
        text = data.decode("utf-8", errors="replace")
        data = story.keep_approver_fields(text, None).encode()
    return sha256(data)


def js_time(seconds: float) -> str:
    """A time as JavaScript's JSON writes a Date."""
    moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def clean_message(message, fallback: str) -> str:
    """A commit message from a request: printable, one paragraph, bounded."""
    text = message if isinstance(message, str) else ""
    text = "".join(char for char in text if char.isprintable() or char == "\n")
    return " ".join(text.split())[:300] or fallback


def account(actor: Actor) -> str:
    """The account name as a commit may carry it: no spaces, no brackets."""
    return re.sub(r"[^A-Za-z0-9@.+_-]", "-", actor.username) or "khong-ro"


def acting_role(actor: Actor, action: str) -> str:
    """The role a commit is made in, for its ``Vai-tro`` trailer."""
    if action in ("publishUnpublishedEntry", "ready") and APPROVER in actor.roles:
        return APPROVER
    for role in (WRITER, APPROVER, ADMIN):
        if role in actor.roles:
            return role
    return "khong-ro"


def param(params: dict, key: str, kind=str):
    """A required parameter of the right type, or a 400."""
    value = params.get(key)
    if not isinstance(value, kind) or (kind is str and not value):
        raise Refused(400, f"Yêu cầu thiếu hoặc sai tham số '{key}'.")
    return value


# The clone could not be made: what staff read (the details are logged).
CLONE_FAILED = (
    "Không lấy được nhánh {branch} từ kho chính, nên phòng biên tập chưa mở được; "
    "hãy báo quản trị (chi tiết có trong nhật ký của máy chủ)."
)


class Newsroom(PolicyQueries, Mainline):
    """A bare clone of the site's repository and the state beside it."""

    def __init__(
        self,
        workdir,
        remote=None,
        *,
        state_dir=None,
        project_dir=None,
        settings=None,
        build_output=None,
    ):
        self.workdir = Path(workdir).resolve()
        self.project_dir = Path(project_dir or Path.cwd()).resolve()
        self.remote_url = str(remote or self.project_dir)
        self.state = Path(state_dir or self.workdir.parent / "state").resolve()
        self.settings = {**DEFAULTS, **(settings or {})}
        self.build_output = Path(build_output) if build_output else None
        self.main = self.settings["NEWSROOM_BRANCH"]
        self.git = Git(self.workdir)
        self.state.mkdir(parents=True, exist_ok=True)
        self.trees = Trees(self.git, self.state / "trees")
        self.checks = Checks(self.trees, self.project_dir)
        self.ledger = Ledger(self.state / "seen.sqlite3")
        self.origin = Remote(self.git, self.state, self.settings)
        self.publications = Publications(self.state / "publications")
        self._site_settings = None
        with self.locked():
            if not self.workdir.is_dir():
                self.clone()
            self.recover()

    # Files of the state folder ----------------------------------------------

    @property
    def publish_marker(self) -> Path:
        """Written before ``main`` moves, removed when all that follows is done."""
        return self.state / "publish.json"

    @property
    def build_record(self) -> Path:
        """The last build's result, for the board."""
        return self.state / "build.json"

    def locked(self):
        """One writer at a time, across threads and processes."""
        return exclusive(self.state / "lock", on_busy=lambda: None)

    # Setting up ---------------------------------------------------------------

    def clone(self) -> None:
        """Make the bare clone (``main`` only) beside its place, then move it in.

        A clone that fails half-way (the remote unreachable) leaves nothing.
        """
        building = self.workdir.with_name(f".{self.workdir.name}.{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        git = Git(building)
        building.mkdir(parents=True)
        git.run("init", "--quiet", "--bare", "--initial-branch", self.main)
        git.run("remote", "add", "origin", self.remote_url)
        self.allow_push_to_checkout()
        remote_ref = self.origin.remote_ref
        fetched = git.call(
            ["fetch", "--quiet", "origin", f"+refs/heads/{self.main}:{remote_ref}"],
            timeout=self.settings["NEWSROOM_REMOTE_TIMEOUT"],
        )
        remote_main = git.resolve(remote_ref)
        if fetched.returncode != 0 or remote_main is None:
            shutil.rmtree(building, ignore_errors=True)
            said = fetched.stderr.decode(errors="replace").strip()[-500:]
            # The remote's address (it may hold a token) and git's words go
            # to the server's log, which the operator reads; staff get a
            # sentence (``prepare`` prints both).
            logger.error("cloning %s failed: %s", self.remote_url, said)
            raise Refused(502, CLONE_FAILED.format(branch=self.main))
        git.update_ref(f"refs/heads/{self.main}", remote_main, ZERO, "clone")
        building.rename(self.workdir)

    def allow_push_to_checkout(self) -> None:
        """Let a push reach a local repository whose ``main`` is checked out.

        ``make newsroom`` pushes to the repository it runs in: git then updates
        that folder's files too, and refuses if they have uncommitted changes.
        """
        remote = Path(self.remote_url)
        if (remote / ".git").is_dir():
            subprocess.run(
                ["git", "-C", str(remote), "config", "receive.denyCurrentBranch"]
                + ["updateInstead"],
                check=False,
                capture_output=True,
            )

    # The one entry point ------------------------------------------------------

    def handle(self, actor: Actor, action: str, params: dict | None, reader=None):
        """Answer one request of Decap's proxy backend (see the module's docstring)."""
        if action not in ACTIONS:
            raise Refused(422, f"Thao tác không được hỗ trợ: {str(action)[:50]}.")
        params = {} if params is None else params
        if not isinstance(params, dict):
            raise Refused(400, "Tham số của yêu cầu không hợp lệ.")
        if action != "info" and params.get("branch") != self.main:
            raise Refused(422, f"Không có nhánh '{str(params.get('branch'))[:50]}'.")
        self.retry_if_due()
        method = getattr(self, f"do_{action}")
        reader = str(reader or actor.username)
        if action in WRITES:
            with self.locked():
                return method(actor, params, reader)
        return method(actor, params, reader)

    # Reading ------------------------------------------------------------------

    def main_commit(self) -> str:
        """The commit ``main`` is at."""
        commit = self.git.resolve(f"refs/heads/{self.main}")
        if commit is None:
            raise Refused(502, f"Bản sao của kho không có nhánh {self.main}.")
        return commit

    def read_files(self, commit: str, paths: list[str]) -> dict[str, bytes | None]:
        """The bytes of each regular file (None when absent or a link)."""
        found = self.git.entries(commit, paths)
        blobs = self.git.blobs(
            [item.blob for item in found.values() if item and item.mode != SYMLINK]
        )
        return {
            path: blobs[item.blob] if item and item.mode != SYMLINK else None
            for path, item in found.items()
        }

    def entries(self, commit: str, files: list[dict], reader: str) -> list[dict]:
        """Decap's entries for ``[{path, label?}]``, noted in the reader's ledger."""
        contents = self.read_files(commit, [file["path"] for file in files])
        answer, seen = [], {}
        for file in files:
            data = contents[file["path"]]
            described = {"path": file["path"]}
            if file.get("label") is not None:
                described["label"] = file["label"]
            described["id"] = sha256(data) if data is not None else None
            if data is not None:
                seen[file["path"]] = seen_hash(file["path"], data)
            text = data.decode("utf-8", errors="replace") if data is not None else None
            answer.append({"data": text, "file": described})
        self.ledger.note(reader, seen)
        return answer

    def media(self, path: str, data: bytes) -> dict:
        """A media file as decap-server sends it."""
        return {
            "id": sha256(data),
            "content": base64.b64encode(data).decode(),
            "encoding": "base64",
            "path": path,
            "name": posixpath.basename(path),
        }

    def do_info(self, actor, params, reader) -> dict:
        """The repository's name and the publish modes."""
        return {
            "repo": Path(self.remote_url.rstrip("/")).name.removesuffix(".git"),
            "publish_modes": ["simple", "editorial_workflow"],
            "type": "local_git",
        }

    def do_entriesByFolder(self, actor, params, reader) -> list:  # noqa: N802
        """Every entry file of a folder on ``main``."""
        folder = content_path(param(params, "folder"))
        extension = str(params.get("extension") or "")
        depth = params.get("depth", 1)
        if not isinstance(depth, int) or isinstance(depth, bool) or depth < 1:
            raise Refused(400, "Tham số 'depth' không hợp lệ.")
        main = self.main_commit()
        files = [
            {"path": item.path}
            for item in self.git.files(main, folder, depth)
            if item.path.endswith(extension) and item.mode != SYMLINK
        ]
        return self.entries(main, files, reader)

    def do_entriesByFiles(self, actor, params, reader) -> list:  # noqa: N802
        """The named entry files on ``main``."""
        files = param(params, "files", list)
        wanted = []
        for file in files:
            if not isinstance(file, dict):
                raise Refused(400, "Tham số 'files' không hợp lệ.")
            label = file.get("label")
            wanted.append({"path": content_path(file.get("path")), "label": label})
        return self.entries(self.main_commit(), wanted, reader)

    def do_getEntry(self, actor, params, reader) -> dict:  # noqa: N802
        """One entry file on ``main``."""
        path = content_path(param(params, "path"))
        return self.entries(self.main_commit(), [{"path": path}], reader)[0]

    def do_unpublishedEntries(self, actor, params, reader) -> list:  # noqa: N802
        """Content keys (``collection/slug``) of every workflow branch."""
        return [name[len(CMS_PREFIX) + 1 :] for name in self.git.branches(CMS_PREFIX)]

    def workflow_key(self, params: dict) -> tuple[str, str, str]:
        """(collection, slug, branch) from ``id`` or ``collection`` and ``slug``."""
        collection, slug = params.get("collection"), params.get("slug")
        key = params.get("id")
        if isinstance(key, str) and key and not (collection and slug):
            collection, _, slug = key.partition("/")
        collection = check_key(collection, "Chuyên mục")
        slug = check_key(slug, "Đường dẫn bài")
        return collection, slug, f"{CMS_PREFIX}/{collection}/{slug}"

    def branch_head(self, branch: str) -> str:
        """The commit a workflow branch is at, or a 404."""
        head = self.git.resolve(f"refs/heads/{branch}")
        if head is None:
            raise Refused(404, NO_DRAFT)
        return head

    def status_of(self, branch: str) -> str | None:
        """A workflow branch's status, from its description label."""
        label = self.git.text(
            "config", "--get", f"branch.{branch}.description", check=False
        )
        prefix = self.settings["NEWSROOM_LABEL_PREFIX"]
        # A branch whose label was never written (a save killed just after
        # its commit) is a draft.
        return label[len(prefix) :] if label.startswith(prefix) else STATUSES[0]

    def set_status(self, branch: str, status: str) -> str:
        """Write a workflow branch's status label; the label."""
        label = self.settings["NEWSROOM_LABEL_PREFIX"] + status
        self.git.run("config", f"branch.{branch}.description", label)
        return label

    def branch_changes(self, head: str) -> list[tuple[str, str]]:
        """(status, path) of what a workflow branch changes against ``main``."""
        base = self.git.text("merge-base", self.main_commit(), head)
        return self.git.diff(base, head)

    def do_unpublishedEntry(self, actor, params, reader) -> dict:  # noqa: N802
        """A workflow branch: its status, changed files and last change."""
        collection, slug, branch = self.workflow_key(params)
        head = self.branch_head(branch)
        kinds = {"A": "added", "D": "deleted"}
        diffs = []
        for status, path in self.branch_changes(head):
            kind = kinds.get(status, "modified")
            diffs.append(
                {
                    "oldPath": "" if kind == "added" else path,
                    "newPath": "" if kind == "deleted" else path,
                    "status": kind,
                    "newFile": kind == "added",
                    "path": path,
                    "id": path,
                    "binary": not path.endswith(".md"),
                }
            )
        seconds = int(self.git.text("log", "-1", "--format=%ct", head))
        first = self.git.text(
            "log", "--reverse", "--format=%an", head, f"^{self.main_commit()}"
        ).splitlines()
        return {
            "collection": collection,
            "slug": slug,
            "status": self.status_of(branch),
            "diffs": diffs,
            "updatedAt": js_time(seconds),
            # Decap shows it on the board card, as it does a pull request's author.
            "pullRequestAuthor": first[0] if first else None,
        }

    def do_unpublishedEntryDataFile(self, actor, params, reader) -> dict:  # noqa: N802
        """A story file as its workflow branch has it."""
        _, _, branch = self.workflow_key(params)
        path = content_path(param(params, "path"))
        data = self.read_files(self.branch_head(branch), [path])[path]
        if data is None:
            raise Refused(404, "Không tìm thấy tệp của bài.")
        self.ledger.note(reader, {path: seen_hash(path, data)})
        return {"data": data.decode("utf-8", errors="replace")}

    def do_unpublishedEntryMediaFile(self, actor, params, reader) -> dict:  # noqa: N802
        """A media file as a workflow branch has it."""
        _, _, branch = self.workflow_key(params)
        path = content_path(param(params, "path"))
        data = self.read_files(self.branch_head(branch), [path])[path]
        if data is None:
            raise Refused(404, "Không tìm thấy tệp ảnh của bài.")
        return self.media(path, data)

    def do_getMedia(self, actor, params, reader) -> list:  # noqa: N802
        """The media files directly in a folder on ``main``."""
        folder = content_path(param(params, "mediaFolder"))
        main = self.main_commit()
        files = [
            item for item in self.git.files(main, folder, 1) if item.mode != SYMLINK
        ]
        blobs = self.git.blobs([item.blob for item in files])
        return [self.media(item.path, blobs[item.blob]) for item in files]

    def do_getMediaFile(self, actor, params, reader) -> dict:  # noqa: N802
        """One media file on ``main``."""
        path = content_path(param(params, "path"))
        data = self.read_files(self.main_commit(), [path])[path]
        if data is None:
            raise Refused(404, "Không tìm thấy tệp.")
        return self.media(path, data)

    def do_getDeployPreview(self, actor, params, reader):  # noqa: N802
        """No preview deploys."""
        return

    # Identity and commits -----------------------------------------------------

    def author(self, actor: Actor) -> Identity:
        """The actor as a commit's author: name and a stable address."""
        domain = self.settings["NEWSROOM_EMAIL_DOMAIN"]
        name = " ".join("".join(c for c in actor.name if c not in "<>").split())
        email = actor.email if ADDRESS.match(actor.email or "") else ""
        return Identity(name or account(actor), email or f"{account(actor)}@{domain}")

    @property
    def server(self) -> Identity:
        """The server itself, as committer."""
        return Identity(
            self.settings["NEWSROOM_SERVER_NAME"],
            self.settings["NEWSROOM_SERVER_EMAIL"],
        )

    def commit(self, actor, tree, parents, message, role_action) -> str:
        """A commit by ``actor`` with the role and account trailers."""
        role = acting_role(actor, role_action)
        message = f"{message}\n\nVai-tro: {role}\nTai-khoan: {account(actor)}\n"
        return self.git.commit(tree, parents, message, self.author(actor), self.server)

    # Saving a story -----------------------------------------------------------

    def refuse_links(self, commits: list[str], paths) -> None:
        """Refuse (403) a write through a symbolic link of the tree."""
        for path in paths:
            parts = path.split("/")
            prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
            for commit in commits:
                found = self.git.entries(commit, prefixes).values()
                if any(item and item.mode == SYMLINK for item in found):
                    raise refuse_path(path, "Đường dẫn đi qua một liên kết (symlink).")

    def refuse_replacing(self, uploads: dict[str, bytes], own: str = "") -> None:
        """Refuse (409) an upload whose name holds a different file elsewhere.

        On ``main`` another story may show that photo; on another story's
        branch the two would clash when both are published. ``own`` is the
        branch being saved, which may replace its own uploads.
        """
        refs = [f"refs/heads/{self.main}"] + [
            f"refs/heads/{name}"
            for name in self.git.branches(CMS_PREFIX)
            if name != own
        ]
        places = [f"{ref}:{path}" for path in uploads for ref in refs]
        found = self.git.blob_ids(places)
        for path, data in uploads.items():
            ours = self.git.blob_id(data)
            for ref in refs:
                theirs = found[f"{ref}:{path}"]
                if theirs is None or theirs == ours:
                    continue
                where = (
                    "trên trang"
                    if ref.endswith(f"/{self.main}")
                    else ("trong một bài khác đang chờ duyệt")
                )
                raise Refused(
                    409,
                    f"Đã có một tệp khác tên '{posixpath.basename(path)}' {where}; "
                    "hãy đổi tên tệp của bạn rồi tải lên lại.",
                )

    def refuse_stale(self, reader: str, path: str, current: bytes | None) -> None:
        """Refuse (409) a save made on a copy older than the story now is."""
        if current is None:
            return
        seen = self.ledger.seen(reader, path)
        if seen == seen_hash(path, current):
            return
        if seen is None:
            message = (
                "Đã có bài ở đường dẫn này mà bạn chưa mở. Hãy tải lại trang, mở bài "
                "rồi sửa; bài của bạn chưa được lưu."
            )
        else:
            message = (
                "Bài vừa được người khác sửa sau khi bạn mở nó. Hãy chép phần bạn đã "
                "sửa ra chỗ khác, tải lại bài rồi sửa lại; bản của bạn chưa được lưu."
            )
        raise Refused(409, message)

    def decoded_assets(self, assets) -> dict[str, bytes]:
        """Each upload checked by path and content, or the whole save refused."""
        if not isinstance(assets, list):
            raise Refused(400, "Tham số 'assets' không hợp lệ.")
        decoded = {}
        for asset in assets:
            if not isinstance(asset, dict) or asset.get("encoding") != "base64":
                raise Refused(400, "Tệp tải lên không hợp lệ.")
            path = media_path(asset.get("path"))
            content = asset.get("content")
            if not isinstance(content, str):
                raise Refused(400, "Tệp tải lên không có nội dung.")
            try:
                data = base64.b64decode(content, validate=True)
            except (binascii.Error, ValueError) as error:
                raise Refused(400, "Nội dung tệp tải lên không hợp lệ.") from error
            check_upload(path, data, self.settings)
            decoded[path] = data
        return decoded

    def story_request(self, params: dict) -> tuple[str, str, str, str]:
        """(collection, slug, path, raw) of a ``persistEntry``, all checked."""
        options = params.get("options")
        if not isinstance(options, dict):
            raise Refused(400, "Tham số 'options' không hợp lệ.")
        if options.get("useWorkflow") is not True:
            raise Refused(
                403, "Bài phải được gửi duyệt; không được lưu thẳng lên trang."
            )
        data_files = params.get("dataFiles") or [params.get("entry")]
        if not isinstance(data_files, list) or len(data_files) != 1:
            raise Refused(400, "Mỗi lần lưu chỉ một tệp bài.")
        data_file = data_files[0]
        if not isinstance(data_file, dict):
            raise Refused(400, "Tham số 'dataFiles' không hợp lệ.")
        path = content_path(data_file.get("path"))
        if data_file.get("newPath") not in (None, "", path):
            content_path(data_file.get("newPath"))
            raise Refused(422, "Không đổi được đường dẫn của bài đã tạo.")
        collection = check_key(options.get("collectionName"), "Chuyên mục")
        slug = check_key(data_file.get("slug"), "Đường dẫn bài")
        if path != self.checks.entry_file(collection, slug):
            folder = self.checks.entry_folder(collection)
            raise Refused(403, f"Bài của chuyên mục này phải nằm trong {folder}/.")
        # The text as the site reads it: no field hides from the checks.
        raw = source_text(param(data_file, "raw"))
        for key, line in story.front(raw).repeated:
            raise Refused(
                422, f"Trường '{key}' ghi hai lần (dòng {line}); chỉ giữ một dòng.", key
            )
        return collection, slug, path, raw

    def merged(self, ours: str, theirs: str, refusal: str) -> str:
        """The tree merging two commits, or a 409 saying ``refusal``."""
        tree, conflicts = self.git.merge_tree(ours, theirs)
        if tree is None:
            problems = [
                {"field": None, "message": f"Trùng ở tệp {path}"} for path in conflicts
            ]
            raise Refused(409, refusal, problems=problems)
        return tree

    def base_for_save(
        self, main: str, head: str | None, path: str
    ) -> tuple[str, list[str]]:
        """(tree to change, parents) of a save: the branch with ``main`` merged in."""
        if head is None:
            return self.git.tree_of(main), [main]
        if self.git.is_ancestor(main, head):
            return self.git.tree_of(head), [head]
        # Whoever meets it, writer or approver, can mend it the same way.
        merged = self.merged(
            head,
            main,
            f"{self.what_is(path)} này đã được sửa trên trang chính sau khi bản "
            "chờ duyệt được tạo; hai bản không gộp được. Hãy chép phần mình đã "
            f"sửa ra, bấm '{DROP_CHANGES}', rồi mở lại và sửa lại.",
        )
        return merged, [head, main]

    def what_is(self, path: str) -> str:
        """What a user calls the entry at ``path``: a document or a story."""
        return "Văn bản" if self.checks.is_document(path) else "Bài"

    def do_persistEntry(self, actor, params, reader) -> dict:  # noqa: N802
        """Save a story (and its photos) as a commit on its workflow branch."""
        collection, slug, path, raw = self.story_request(params)
        uploads = self.decoded_assets(params.get("assets", []))
        branch = f"{CMS_PREFIX}/{collection}/{slug}"
        main = self.main_commit()
        head = self.git.resolve(f"refs/heads/{branch}")
        self.refuse_links([main, head] if head else [main], [path, *uploads])
        previous = self.read_files(head or main, [path])[path]
        self.refuse_stale(reader, path, previous)
        before = previous.decode("utf-8", errors="replace") if previous else None
        # The story's own writer is its writer here, approver or not (its
        # first commit is looked up for approvers only).
        approver = actor.approves_for(self.unit_of_text(raw, path)) and (
            before is not None
            and self.entry_author_username(collection, slug) != actor.username
        )
        signer = actor.approver_name
        text = story.keep_approver_fields(raw, before, approver=approver)
        text = story.keep_id(text, before)
        if approver and not self.checks.is_document(path):
            self.checks.check_coefficient(main, text)
        base_tree, parents = self.base_for_save(main, head, path)
        changes: dict[str, bytes | None] = {path: text.encode()}
        if head is not None:
            # Media the branch added and this save no longer sends: dropped.
            for status, changed in self.branch_changes(head):
                if status == "A" and not changed.endswith(".md"):
                    changes.setdefault(changed, None)
        self.refuse_replacing(uploads, own=branch)
        changes |= uploads
        tree = self.git.changed_tree(base_tree, changes)
        warnings = self.checks.check_stories(
            main, tree, {path: story.as_under_review(text)}
        )
        if head is None or tree != self.git.tree_of(head) or len(parents) > 1:
            message = clean_message(
                params["options"].get("commitMessage"), f"Sửa bài: {slug}"
            )
            commit = self.commit(actor, tree, parents, message, "persistEntry")
            self.git.update_ref(f"refs/heads/{branch}", commit, head or ZERO, "lưu bài")
        if head is None:
            status = params["options"].get("status")
            self.set_status(branch, status if status in STATUSES else STATUSES[0])
        elif self.status_of(branch) == READY and not (
            approver and story.field_value(before, story.APPROVER_FIELD) == signer
        ):
            # An approval covers the text it saw: a change by anyone but the
            # approver who signed it goes back to review.
            self.set_status(branch, STATUSES[1])
        self.ledger.note(reader, {path: seen_hash(path, text.encode())})
        return {"message": "entry persisted", "warnings": warnings}

    # The workflow -------------------------------------------------------------

    def signed(self, actor: Actor, head: str, slug: str) -> tuple[str, list[str]]:
        """A commit on ``head`` with the approver's name in every story it changes.

        Returns (commit, changed story paths); ``head`` itself when nothing changes.
        """
        if not actor.approver_name:
            raise Refused(
                403,
                "Tài khoản của bạn chưa gắn với người duyệt nào trong "
                "approvers.toml; không duyệt được bài.",
            )
        # Approved now: the gate holds a story to its own date, which a
        # back-dated story would set inside a term that has ended.
        approvers = self.checks.main_site(self.main_commit()).approvers
        person = approvers.find(actor.approver_name)
        if person is None or person not in approvers.active():
            raise Refused(
                403,
                f"'{actor.approver_name}' không còn (hoặc đã hết hạn) trong "
                "approvers.toml, nên không duyệt được bài. Hãy báo quản trị.",
            )
        stories = [
            path
            for status, path in self.branch_changes(head)
            if status != "D" and path.endswith(".md")
        ]
        texts = self.read_files(head, stories)
        changes = {}
        for path, data in texts.items():
            text = data.decode("utf-8", errors="replace")
            signed = story.with_approver(text, actor.approver_name)
            if signed != text:
                changes[path] = signed.encode()
        if not changes:
            return head, stories
        tree = self.git.changed_tree(self.git.tree_of(head), changes)
        commit = self.commit(actor, tree, [head], f"Duyệt bài: {slug}", "ready")
        return commit, stories

    def do_updateUnpublishedEntryStatus(self, actor, params, reader) -> dict:  # noqa: N802
        """Move a story on the board; setting it ready signs it as its approver."""
        collection, slug, branch = self.workflow_key(params)
        status = params.get("newStatus")
        if status not in STATUSES:
            raise Refused(422, f"Trạng thái '{str(status)[:30]}' không hợp lệ.")
        head = self.branch_head(branch)
        warnings = []
        if status == READY:
            commit, stories = self.signed(actor, head, slug)
            main = self.main_commit()
            texts = self.read_files(commit, stories)
            # Checked as it would be published, with what main has since; also
            # when it was signed before (made ready, sent back, ready again).
            warnings = self.checks.check_stories(
                main,
                self.base_for_save(
                    main, commit, self.checks.entry_file(collection, slug)
                )[0],
                {
                    path: data.decode("utf-8", errors="replace")
                    for path, data in texts.items()
                },
            )
            if commit != head:
                self.git.update_ref(f"refs/heads/{branch}", commit, head, "duyệt bài")
        label = self.set_status(branch, status)
        return {
            "message": f"{branch} description was updated to {label}",
            "warnings": warnings,
        }

    def do_deleteUnpublishedEntry(self, actor, params, reader) -> dict:  # noqa: N802
        """Drop a story's workflow branch (its commits stay in the clone's reflog)."""
        _, _, branch = self.workflow_key(params)
        head = self.branch_head(branch)
        self.git.update_ref(f"refs/heads/{branch}", ZERO, head, "bỏ bài")
        self.git.run("config", "--unset", f"branch.{branch}.description", check=False)
        return {"message": f"deleted branch: {branch}"}

    def do_publishUnpublishedEntry(self, actor, params, reader) -> dict:  # noqa: N802
        """Merge a story into ``main`` if the whole site stays green, then push.

        What happens is kept in a publish record for the board (``publications``).
        """
        collection, slug, branch = self.workflow_key(params)
        head = self.branch_head(branch)
        record = self.publications.start(
            **self.publication_facts(collection, slug, head), by=actor.username
        )
        try:
            result = self.publish_branch(actor, collection, slug, branch)
            record["commit"] = result["commit"]
            if self.build_output is not None:
                self.publications.update(record, BUILDING)
            result |= self.after_main_moved()
        except Refused as refused:
            state = REFUSED if refused.status in (409, 422) else FAILED
            details = [problem["message"] for problem in refused.problems[:20]]
            self.publications.update(
                record, state, reason=refused.headline, details=details
            )
            raise
        except Exception:
            self.publications.update(record, FAILED)
            raise
        state, changes = self.outcome(result)
        self.publications.update(record, state, **changes)
        return result

    def publish_branch(self, actor, collection, slug, branch) -> dict:
        """The merge of a story's branch into ``main``, checked, and ``main`` moved."""
        self.integrate_remote()
        main = self.main_commit()
        head = self.branch_head(branch)
        signed, _ = self.signed(actor, head, slug)
        tree = self.merged(
            main,
            signed,
            f"{self.what_is(self.checks.entry_file(collection, slug))} không gộp "
            "được vào trang chính (trùng với một thay đổi khác). Hãy báo quản trị.",
        )
        message = f"Công bố: {collection}/{slug}"
        merge = self.commit(
            actor, tree, [main, signed], message, "publishUnpublishedEntry"
        )
        self.checks.check_site(main, merge)
        self.advance_main(main, merge, branch=branch, branch_head=head)
        return {"message": f"branch {branch} merged to {self.main}", "commit": merge}

    def publication_facts(self, collection: str, slug: str, head: str) -> dict:
        """The story a publish is about: path, unit, title, author, public address."""
        path = self.checks.entry_file(collection, slug)
        data = self.read_files(head, [path])[path]
        text = data.decode("utf-8", errors="replace") if data else None
        url, page = "", ""
        address = document_address if self.checks.is_document(path) else public_address
        try:
            if text:
                url, page = address(self.site_settings(), text)
        except Exception:  # noqa: BLE001 - only the notice lacks the address
            logger.exception("no public address for %s", path)
        dated = text and url and not self.checks.is_document(path)
        appears = story_date(story.front(text)) if dated else None
        later = appears is not None and appears.timestamp() > time.time()
        return {
            **({"appears": appears.timestamp()} if later else {}),
            "collection": collection,
            "slug": slug,
            "path": path,
            "unit": self.unit_of_text(text, path),
            "title": story.field_value(text, "Title") or slug,
            "author": self.entry_author_username(collection, slug),
            "url": url,
            "page": page,
        }

    def site_settings(self) -> dict:
        """The public site's settings (``publishconf.py``), read once."""
        if self._site_settings is None:
            self._site_settings = site_settings(
                self.project_dir, self.settings["NEWSROOM_BUILD_OPTIONS"]
            )
        return self._site_settings

    def outcome(self, result: dict) -> tuple[str, dict]:
        """(state, changes) of a publish record once ``main`` has moved."""
        build = result.get("build")
        if build is not None:
            if build["ok"]:
                return LIVE, {}
            logger.error(
                "the public site's build failed; the site was not changed: %s",
                build.get("headline"),
            )
            # The build's own line (often English) only for admins (``views_api``).
            return BUILD_FAILED, {"server_details": [build.get("headline") or ""]}
        if result["pushed"]:
            return SENT, {}
        status = self.origin.push_status()
        return PUSH_FAILED, {
            "push": status["kind"],
            "details": [status["error"]],
            "server_details": [status["server_detail"] or ""],
        }

    def publications_now(self, limit: int = 50) -> list[dict]:
        """The newest publish records as the board shows them (``as_shown``)."""
        push = self.origin.push_status()
        now = time.time()
        built = (self.last_build() or {}).get("good_from") or 0.0
        return [
            as_shown(record, push, self.remote_url, now, built)
            for record in self.publications.recent(limit)
        ]

    # Media and deletions on main ----------------------------------------------

    def change_main(self, actor, changes: dict, message: str, action: str) -> dict:
        """Commit ``changes`` on ``main`` if the site stays green; push; the result."""
        self.integrate_remote()
        main = self.main_commit()
        tree = self.git.changed_tree(self.git.tree_of(main), changes)
        if tree == self.git.tree_of(main):
            return {"commit": main, **self.origin.push_result()}
        commit = self.commit(actor, tree, [main], message, action)
        self.checks.check_site(main, commit)
        self.advance_main(main, commit)
        return {"commit": commit, **self.after_main_moved()}

    def do_persistMedia(self, actor, params, reader) -> dict:  # noqa: N802
        """Add a photo or PDF to ``main`` from the media library, checked first."""
        asset = params.get("asset")
        uploads = self.decoded_assets([asset] if isinstance(asset, dict) else None)
        path, data = next(iter(uploads.items()))
        self.refuse_links([self.main_commit()], [path])
        self.refuse_replacing(uploads)
        options = (
            params.get("options") if isinstance(params.get("options"), dict) else {}
        )
        message = clean_message(options.get("commitMessage"), f"Tải ảnh lên: {path}")
        result = self.change_main(actor, uploads, message, "persistMedia")
        return {**self.media(path, data), **result}

    def do_deleteFile(self, actor, params, reader) -> dict:  # noqa: N802
        """Remove one file from ``main`` if the site stays green."""
        path = content_path(param(params, "path"))
        result = self.delete_on_main(actor, [path], params)
        return {"message": f"deleted file {path}", **result}

    def do_deleteFiles(self, actor, params, reader) -> dict:  # noqa: N802
        """Remove files from ``main`` if the site stays green."""
        paths = param(params, "paths", list)
        if not paths:
            raise Refused(400, "Không có tệp nào để xóa.")
        checked = [content_path(path) for path in paths]
        result = self.delete_on_main(actor, checked, params)
        return {"message": f"deleted files {', '.join(checked)}", **result}

    def delete_on_main(self, actor, paths: list[str], params: dict) -> dict:
        """Commit the removal of the paths that exist on ``main``."""
        main = self.main_commit()
        self.refuse_links([main], paths)
        present = [path for path in paths if self.git.entry(main, path) is not None]
        options = (
            params.get("options") if isinstance(params.get("options"), dict) else {}
        )
        message = clean_message(options.get("commitMessage"), "Xóa tệp")
        return self.change_main(actor, dict.fromkeys(present), message, "deleteFiles")
