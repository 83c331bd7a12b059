"""What the server keeps in its database: staff profiles, notes and the audit log.

Accounts are Django's own users (password, active flag); a profile adds the
roles, the units and, for an approver, their name in approvers.toml.
"""

from django.conf import settings
from django.db import models

from tintuc.newsroom.actor import ADMIN, APPROVER, WRITER
from tintuc.newsroom.repo.newsroom import STATUSES

ROLE_LABELS = {WRITER: "Người viết", APPROVER: "Người duyệt", ADMIN: "Quản trị"}
# The board's words for the workflow statuses (Decap's ``vi`` column headers).
STATUS_LABELS = dict(
    zip(STATUSES, ("Bản nháp", "Đang xét duyệt", "Sẵn sàng"), strict=True)
)


class Profile(models.Model):
    """A staff member's roles and units."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    # Comma-separated: one person may write for a unit and approve for it.
    roles = models.CharField("vai trò", max_length=100, blank=True)
    units = models.TextField("đơn vị", blank=True)
    # The exact name in content/data/approvers.toml (approvers only).
    approver_name = models.CharField(
        "tên trong danh sách duyệt", max_length=200, blank=True
    )

    class Meta:
        verbose_name = "hồ sơ"

    @property
    def role_set(self) -> frozenset[str]:
        """The roles as a set."""
        return frozenset(split_list(self.roles))

    @property
    def unit_set(self) -> frozenset[str]:
        """The unit slugs as a set."""
        return frozenset(split_list(self.units))

    def role_labels(self) -> str:
        """The roles in Vietnamese, for pages."""
        return ", ".join(ROLE_LABELS[role] for role in sorted(self.role_set))


def split_list(text: str) -> list[str]:
    """``"a, b,,c"`` → ``["a", "b", "c"]``."""
    return [part.strip() for part in text.split(",") if part.strip()]


class Note(models.Model):
    """A note on a story or document in the newsroom (Decap's notes pane).

    What an approver says when sending a story back, and the writer's answer.
    Kept by collection and slug, like the workflow's branch; the stories stay
    in git, the talk about them here.
    """

    collection = models.CharField("chuyên mục", max_length=100)
    slug = models.CharField("đường dẫn bài", max_length=200)
    # Kept as text: the note stays when an account is renamed or removed.
    username = models.CharField("tài khoản", max_length=150)
    author_name = models.CharField("người viết ghi chú", max_length=200)
    content = models.TextField("nội dung")
    resolved = models.BooleanField("đã xong", default=False)
    time = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "ghi chú"
        ordering = ["time", "id"]
        indexes = [models.Index(fields=["collection", "slug"])]


class AuditEntry(models.Model):
    """One thing someone did, or tried to do, and whether it was allowed."""

    SIGN_IN = "sign_in"
    SIGN_IN_REFUSED = "sign_in_refused"
    SIGN_IN_LOCKED = "sign_in_locked"
    SIGN_OUT = "sign_out"
    ACCOUNT = "account"
    REQUEST_REFUSED = "request_refused"
    PUSH_RETRY = "push_retry"
    QUICK_STORY = "quick_story"
    ACTION_LABELS = {
        SIGN_IN: "Đăng nhập",
        SIGN_IN_REFUSED: "Đăng nhập sai",
        SIGN_IN_LOCKED: "Đăng nhập bị khóa",
        SIGN_OUT: "Đăng xuất",
        ACCOUNT: "Thay đổi tài khoản",
        REQUEST_REFUSED: "Yêu cầu bị từ chối",
        PUSH_RETRY: "Thử đẩy lại lên kho chính",
        QUICK_STORY: "Gửi tin nhanh",
        "bulletin": "Lập bản tin truyền thanh",
        # Decap's actions (repo.newsroom.ACTIONS): changes, and refused reads.
        "info": "Xem thông tin kho",
        "entriesByFolder": "Xem danh sách bài",
        "entriesByFiles": "Xem bài",
        "getEntry": "Mở bài",
        "unpublishedEntries": "Xem bảng biên tập",
        "unpublishedEntry": "Mở bài chưa công bố",
        "unpublishedEntryDataFile": "Mở tệp của bài chưa công bố",
        "unpublishedEntryMediaFile": "Mở ảnh của bài chưa công bố",
        "deleteUnpublishedEntry": "Xóa bài nháp",
        "persistEntry": "Lưu bài",
        "updateUnpublishedEntryStatus": "Đổi trạng thái",
        "publishUnpublishedEntry": "Công bố",
        "getMedia": "Xem thư viện ảnh",
        "getMediaFile": "Mở ảnh",
        "persistMedia": "Tải tệp lên",
        "deleteFile": "Xóa tệp",
        "deleteFiles": "Xóa tệp",
        "getDeployPreview": "Xem trước bài",
        # Notes on a story (notes.py).
        "getNotes": "Xem ghi chú",
        "addNote": "Thêm ghi chú",
        "updateNote": "Sửa ghi chú",
        "deleteNote": "Xóa ghi chú",
        "toggleNoteResolution": "Đánh dấu ghi chú",
    }

    time = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    # Kept as text: the entry stays when an account is renamed or removed.
    username = models.CharField("tài khoản", max_length=150, db_index=True)
    address = models.GenericIPAddressField("địa chỉ", null=True, blank=True)
    action = models.CharField("việc", max_length=40, db_index=True)
    target = models.CharField("đối tượng", max_length=500, blank=True)
    allowed = models.BooleanField("được phép", default=True)
    detail = models.TextField("chi tiết", blank=True)

    class Meta:
        verbose_name = "nhật ký"
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["action", "address", "time"])]

    def action_label(self) -> str:
        """The action in Vietnamese."""
        return self.ACTION_LABELS.get(self.action, self.action)
