"""One answer to "may this person do this to this story?".

Every view asks ``POLICY``; no view decides by itself (as wagtail's
``user_has_permission_for_instance``). What the policy knows of a story comes
in an ``Entry`` the views fill from the repository library.

Admins manage accounts and read the newsroom to help staff; they change no
content unless their account also holds the writer or approver role. What is
published anyone on the staff may read; a draft only its unit's staff, its
writer and the admins (``may_read_draft``).
"""

from dataclasses import dataclass

from tintuc.newsroom.actor import ADMIN, APPROVER, WRITER
from tintuc.newsroom.repo.newsroom import ACTIONS as PROTOCOL_ACTIONS
from tintuc.newsroom.repo.newsroom import STATUSES, WRITES

# Decap's workflow statuses and the protocol's actions: the library's, and the
# notes this server keeps itself.
DRAFT, IN_REVIEW, READY = STATUSES
NOTE_READS = frozenset({"getNotes"})
NOTE_WRITES = frozenset({"addNote", "updateNote", "deleteNote", "toggleNoteResolution"})
ACTIONS = frozenset(PROTOCOL_ACTIONS) | NOTE_READS | NOTE_WRITES
WRITE_ACTIONS = WRITES | NOTE_WRITES
READ_ACTIONS = ACTIONS - WRITE_ACTIONS
# Reads of a story still in the workflow: its unit's staff only (and admins).
DRAFT_READS = frozenset(
    {
        "unpublishedEntry",
        "unpublishedEntryDataFile",
        "unpublishedEntryMediaFile",
        "getDeployPreview",
    }
)

STORY = "story"
MEDIA = "media"

# The server's own pages (by URL name) and the roles that open them; ``None``:
# anyone signed in. Their guards and every menu of links to them ask this.
PAGE_ROLES = {
    "decap": None,
    "quick_story": frozenset({WRITER, APPROVER}),
    "status": None,
    "bulletin": frozenset({APPROVER, ADMIN}),
    "accounts": frozenset({ADMIN}),
    "audit": frozenset({ADMIN}),
    "own_account": None,
}

NOT_STAFF = "Tài khoản này chưa được giao vai trò nào: hãy hỏi quản trị."
ADMIN_ONLY = (
    "Tài khoản quản trị chỉ quản lý tài khoản, không sửa hay duyệt bài. "
    "Hãy dùng tài khoản người viết hoặc người duyệt."
)
NO_UNIT = "Hãy chọn Đơn vị của bài trước khi lưu."
OTHER_UNIT = "Anh/chị không phụ trách bài của đơn vị {unit}."
MOVE_UNIT = "Anh/chị không phụ trách đơn vị {unit}, nên không chuyển bài sang đó được."
ONLY_APPROVER = "Chỉ người duyệt của đơn vị {unit} mới được {what}."
OWN_STORY = "Người viết bài không được tự duyệt bài của mình ({what})."
TYPED_APPROVER = (
    "Trường Người duyệt do máy chủ ghi khi bài được công bố; hãy để trống trường này."
)
ONLY_APPROVER_MEDIA = "Chỉ người duyệt mới được xóa ảnh hoặc tệp đã đăng."
UNKNOWN_ACTION = "Máy chủ không biết việc này: {action}."
ONLY_ADMINS_ERRORS = "Chỉ quản trị mới xem được lỗi chi tiết của máy chủ."
UNKNOWN_STATUS = "Trạng thái không hợp lệ: {status}."
OWN_NOTE = "Chỉ người viết ghi chú mới sửa hay xóa được ghi chú đó."
NO_STORY = "Không có bài này (chưa lưu, hoặc đã bị xóa), nên chưa ghi chú được."
WHAT = {
    READY: "đặt bài ở trạng thái Sẵn sàng",
    "publishUnpublishedEntry": "công bố bài",
    "deleteFile": "xóa bài đã công bố",
}


@dataclass(frozen=True)
class Entry:
    """What the policy needs to know about the story or file acted on.

    :param kind: ``STORY`` or ``MEDIA``.
    :param unit: the story's unit slug as saved (``None``: new, or none set).
    :param new_unit: the unit slug the request would save (``persistEntry``).
    :param author: the username of the story's writer (``None``: not known).
    :param approver_typed: an Approver written into the request's text.
    :param approver_before: the Approver the story already carries on main.
    :param status: the status asked for (``updateUnpublishedEntryStatus``,
        ``persistEntry``).
    :param in_workflow: the story has a workflow branch (a draft to read).
    :param note_author: the username of the note acted on (``None``: no such
        note; the library answers 404 once the unit is checked).
    :param changes_note: the request changes what a note says, or removes it.
    """

    kind: str = STORY
    unit: str | None = None
    new_unit: str | None = None
    author: str | None = None
    approver_typed: str = ""
    approver_before: str = ""
    status: str = ""
    in_workflow: bool = False
    note_author: str | None = None
    changes_note: bool = False


@dataclass(frozen=True)
class Decision:
    """Allowed, or refused with a reason in Vietnamese."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        """A decision is true when allowed."""
        return self.allowed


ALLOW = Decision(True)


def refuse(reason: str, **values) -> Decision:
    """A refusal with its reason filled in."""
    return Decision(False, reason.format(**values))


class PermissionPolicy:
    """The newsroom's rules, by role and unit."""

    def __init__(self, unit_names=dict):
        """:param unit_names: gives slug → name, for messages (read when needed)."""
        self.unit_names = unit_names

    def name(self, unit: str | None) -> str:
        """A unit's name for a message."""
        return self.unit_names().get(unit, unit or "?")

    @staticmethod
    def writes_for(actor, unit: str | None) -> bool:
        """True when ``actor`` writes or approves for ``unit``."""
        return (
            bool(unit)
            and unit in actor.units
            and bool(actor.roles & {WRITER, APPROVER})
        )

    @staticmethod
    def approves_for(actor, unit: str | None) -> bool:
        """True when ``actor`` is an approver for ``unit``."""
        return actor.approves_for(unit)

    def user_has_permission_for_instance(
        self, actor, action: str, entry: Entry | None = None
    ) -> Decision:
        """Whether ``actor`` (signed in, active) may do ``action`` to ``entry``."""
        entry = entry or Entry()
        if action not in ACTIONS:
            return refuse(UNKNOWN_ACTION, action=action)
        if not actor.roles:
            return refuse(NOT_STAFF)
        if action in DRAFT_READS:
            return self.may_read_draft(actor, entry)
        if action in READ_ACTIONS:
            return self.may_read_entry(actor, action, entry)
        if not actor.roles & {WRITER, APPROVER}:
            return refuse(ADMIN_ONLY)
        decide = getattr(self, f"may_{action}")
        return decide(actor, entry)

    def may_read_entry(self, actor, action: str, entry: Entry) -> Decision:
        """What is published, anyone on the staff; notes, the story's unit.

        Published or not, the talk about a story stays with its unit.
        """
        if action in NOTE_READS:
            return self.may_read_unit_story(actor, entry)
        return ALLOW

    def may_read_draft(self, actor, entry: Entry) -> Decision:
        """A story in the workflow is read by its unit's staff, its writer, admins.

        With no workflow branch there is nothing of a draft to show (the
        library answers 404 and Decap opens the published story).
        """
        if not entry.in_workflow:
            return ALLOW
        return self.may_read_unit_story(actor, entry)

    def may_read_unit_story(self, actor, entry: Entry) -> Decision:
        """The story's unit's staff, its writer and admins; nobody else."""
        if ADMIN in actor.roles or self.writes_for(actor, entry.unit):
            return ALLOW
        if entry.author and entry.author == actor.username:
            return ALLOW
        return refuse(OTHER_UNIT, unit=self.name(entry.unit))

    def may_persistEntry(self, actor, entry: Entry) -> Decision:  # noqa: N802
        """Writers and approvers save stories of their own units."""
        if entry.unit and not self.writes_for(actor, entry.unit):
            return refuse(OTHER_UNIT, unit=self.name(entry.unit))
        if not entry.new_unit:
            return refuse(NO_UNIT)
        if not self.writes_for(actor, entry.new_unit):
            return refuse(MOVE_UNIT, unit=self.name(entry.new_unit))
        if entry.approver_typed and entry.approver_typed != entry.approver_before:
            return refuse(TYPED_APPROVER)
        if entry.status and entry.status != DRAFT:
            return self.may_set_status(actor, entry, entry.status)
        return ALLOW

    def may_updateUnpublishedEntryStatus(self, actor, entry: Entry) -> Decision:  # noqa: N802
        """Writers move their unit's stories between draft and review."""
        return self.may_set_status(actor, entry, entry.status)

    def may_set_status(self, actor, entry: Entry, status: str) -> Decision:
        """Draft and review for the unit's staff; ready for its approvers only."""
        if status not in STATUSES:
            return refuse(UNKNOWN_STATUS, status=status)
        if status == READY:
            return self.may_approve(actor, entry, WHAT[READY])
        if not self.writes_for(actor, entry.unit):
            return refuse(OTHER_UNIT, unit=self.name(entry.unit))
        return ALLOW

    def may_approve(self, actor, entry: Entry, what: str) -> Decision:
        """An approver of the story's unit who did not write it."""
        if not self.approves_for(actor, entry.unit):
            return refuse(ONLY_APPROVER, unit=self.name(entry.unit), what=what)
        if entry.author and entry.author == actor.username:
            return refuse(OWN_STORY, what=what)
        return ALLOW

    def may_publishUnpublishedEntry(self, actor, entry: Entry) -> Decision:  # noqa: N802
        """Only the unit's approver, never the story's own writer."""
        return self.may_approve(actor, entry, WHAT["publishUnpublishedEntry"])

    def may_deleteUnpublishedEntry(self, actor, entry: Entry) -> Decision:  # noqa: N802
        """The unit's staff may drop a story still in the workflow."""
        if not self.writes_for(actor, entry.unit):
            return refuse(OTHER_UNIT, unit=self.name(entry.unit))
        return ALLOW

    def may_addNote(self, actor, entry: Entry) -> Decision:  # noqa: N802
        """The story's unit's writers and approvers talk about it in notes."""
        if entry.unit is None:
            return refuse(NO_STORY)
        if not self.writes_for(actor, entry.unit):
            return refuse(OTHER_UNIT, unit=self.name(entry.unit))
        return ALLOW

    def may_updateNote(self, actor, entry: Entry) -> Decision:  # noqa: N802
        """A note's words are its author's; any of the unit's staff marks it done."""
        if not self.writes_for(actor, entry.unit):
            return refuse(OTHER_UNIT, unit=self.name(entry.unit))
        theirs = entry.note_author not in (None, actor.username)
        if entry.changes_note and theirs:
            return refuse(OWN_NOTE)
        return ALLOW

    may_deleteNote = may_updateNote  # noqa: N815
    may_toggleNoteResolution = may_updateNote  # noqa: N815

    def may_persistMedia(self, actor, entry: Entry) -> Decision:  # noqa: N802
        """Any writer or approver uploads photos (the library checks them)."""
        return ALLOW

    def may_deleteFile(self, actor, entry: Entry) -> Decision:  # noqa: N802
        """Published stories: the unit's approver; published media: any approver."""
        if entry.kind == MEDIA:
            if APPROVER not in actor.roles:
                return refuse(ONLY_APPROVER_MEDIA)
            return ALLOW
        if not self.approves_for(actor, entry.unit):
            return refuse(
                ONLY_APPROVER, unit=self.name(entry.unit), what=WHAT["deleteFile"]
            )
        return ALLOW

    may_deleteFiles = may_deleteFile  # noqa: N815  (views ask once per path)

    @staticmethod
    def may_open(roles, page: str) -> bool:
        """True when an account with ``roles`` may open the server's ``page``."""
        wanted = PAGE_ROLES[page]
        return wanted is None or bool(roles & wanted)

    def may_see_publication(self, actor, entry: Entry) -> Decision:
        """What became of a publish: for the unit's staff, the story's writer, admins.

        A refused story is still a draft, and the reason quotes it: another
        unit's writer never sees it.
        """
        if not actor.roles:
            return refuse(NOT_STAFF)
        return self.may_read_unit_story(actor, entry)

    def may_see_server_errors(self, actor) -> Decision:
        """The server's own errors as they were said: for the admins, who run it.

        A failed build's line is often English; staff read what it means.
        """
        return ALLOW if ADMIN in actor.roles else refuse(ONLY_ADMINS_ERRORS)
