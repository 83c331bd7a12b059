"""The story schema: every field an editor may write, and which are required.

The README's field table documents these same names; a test keeps them in step.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """One metadata field of a story."""

    name: str
    label_vi: str
    gloss_en: str
    required: bool = False


FIELDS = (
    FieldSpec("Title", "tiêu đề", "headline", required=True),
    FieldSpec("Id", "mã bài", "permanent story id, never changed", required=True),
    FieldSpec("Slug", "đường dẫn", "URL slug, fixed once published", required=True),
    FieldSpec("Date", "ngày đăng", "publication date", required=True),
    FieldSpec("Section", "chuyên mục", "section", required=True),
    FieldSpec("Unit", "đơn vị gửi bài", "contributing unit", required=True),
    FieldSpec("Authors", "tác giả", "author(s)", required=True),
    FieldSpec("Summary", "tóm tắt", "summary", required=True),
    FieldSpec("Approver", "người duyệt", "approver", required=True),
    FieldSpec("Modified", "ngày cập nhật", "modified date"),
    FieldSpec("Communes", "xã", "commune(s)"),
    FieldSpec("Source", "nguồn tin", "source, when facts come from another body"),
    FieldSpec("Image", "ảnh đại diện", "lead photo"),
    FieldSpec("Image_alt", "mô tả ảnh", "lead photo alt text"),
    FieldSpec("Image_caption", "chú thích ảnh", "lead photo caption"),
    FieldSpec("Image_credit", "tác giả ảnh", "lead photo credit"),
    FieldSpec("Image_focus", "điểm chính của ảnh", "focal point for the share crop"),
    FieldSpec("Tags", "chủ đề", "tags"),
    FieldSpec("Featured", "tin nổi bật", "featured flag"),
    FieldSpec("Status", "trạng thái", "status: draft, review or published"),
)
FIELDS_BY_KEY = {field.name.lower(): field for field in FIELDS}

# Pages (Giới thiệu, Liên hệ…) need only these.
PAGE_FIELDS = ("title", "summary", "slug", "status", "modified", "language")

STATUSES = ("draft", "review", "published")
DEFAULT_STATUS = "published"
# Fields a draft may still lack; they become errors once it goes to review.
REQUIRED_EVEN_IN_DRAFT = ("title", "section")
YES = ("true", "yes", "1", "có", "co")
NO = ("false", "no", "0", "không", "khong")
