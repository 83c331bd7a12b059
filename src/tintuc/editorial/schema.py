"""The story schema: every field an editor may write, and which are required.

The README's field table documents these same names; a test keeps them in step.
"""

from dataclasses import dataclass

# What kind of value each field holds. The browser newsroom picks its
# widget by kind; the story format writes lists as "a, b" and flags as có/không.
LINE = "line"  # one line of text
TEXT = "text"  # text that may wrap, written on one line
DATE = "date"  # date and time in Vietnam time, YYYY-MM-DD HH:MM
SECTION = "section"  # a section name from sections.toml
STORY_TYPE = "type"  # a story type from types.toml
UNIT = "unit"  # a unit name from units.toml
COMMUNES = "communes"  # commune names from communes.toml, "a, b"
APPROVER = "approver"  # a name from approvers.toml
NAMES = "names"  # free names, "a, b"
PHOTO = "photo"  # a photo under images/
GALLERY = "gallery"  # photos, one per line: photo | alt | caption | credit
CORRECTIONS = "corrections"  # dated notes, one per line: date | what was corrected
FLAG = "flag"  # có or không
STATUS = "status"  # draft, review or published
STORY_ID = "story-id"  # a UUID, made once
SLUG = "slug"  # ASCII, lowercase, hyphenated


@dataclass(frozen=True)
class FieldSpec:
    """One metadata field of a story."""

    name: str
    label_vi: str
    gloss_en: str
    required: bool = False
    kind: str = LINE
    help_vi: str = ""
    # Set by the approver, never by the writer: the newsroom hides it from writers.
    approver_only: bool = False


FIELDS = (
    FieldSpec("Title", "tiêu đề", "headline", required=True,
              help_vi="Ngắn, rõ việc gì, ở đâu."),
    FieldSpec("Id", "mã bài", "permanent story id, never changed", required=True,
              kind=STORY_ID, help_vi="Tự tạo khi lưu lần đầu; không bao giờ đổi."),
    FieldSpec("Slug", "đường dẫn", "URL slug, fixed once published", required=True,
              kind=SLUG, help_vi="Để trống: tự tạo từ tiêu đề, chữ thường không dấu "
              "(đ thành d), nối bằng dấu gạch ngang. Không đổi sau khi đã đăng."),
    FieldSpec("Date", "ngày đăng", "publication date", required=True, kind=DATE,
              help_vi="Giờ Việt Nam (UTC+7). Bài hẹn giờ chỉ hiện khi đến giờ."),
    FieldSpec("Section", "chuyên mục", "section", required=True, kind=SECTION,
              help_vi="Chọn một chuyên mục."),
    FieldSpec("Type", "thể loại", "story type", kind=STORY_TYPE,
              help_vi="Tin, bài viết, phóng sự ảnh, video hay phóng sự; để trống "
              "là tin."),
    FieldSpec("Unit", "đơn vị gửi bài", "contributing unit", required=True,
              kind=UNIT, help_vi="Đơn vị chịu trách nhiệm về tin bài."),
    FieldSpec("Authors", "tác giả", "author(s)", required=True, kind=NAMES,
              help_vi="Họ tên đầy đủ; nhiều người thì cách nhau bằng dấu phẩy."),
    FieldSpec("Summary", "tóm tắt", "summary", required=True, kind=TEXT,
              help_vi="Một hai câu nêu ý chính; hiện trên trang chủ và khi chia sẻ."),
    FieldSpec("Approver", "người duyệt", "approver", required=True, kind=APPROVER,
              help_vi="Người duyệt phụ trách đơn vị gửi bài; không được là "
              "tác giả của bài.", approver_only=True),
    FieldSpec("Modified", "ngày cập nhật", "modified date", kind=DATE,
              help_vi="Chỉ điền khi sửa nội dung bài đã đăng. Giờ Việt Nam."),
    FieldSpec("Communes", "xã", "commune(s)", kind=COMMUNES,
              help_vi="Các xã mà tin bài nói đến."),
    FieldSpec("Source", "nguồn tin", "source, when facts come from another body",
              help_vi="Ghi khi thông tin lấy từ cơ quan khác."),
    FieldSpec("Image", "ảnh đại diện", "lead photo", kind=PHOTO,
              help_vi="Ảnh JPEG, PNG, WebP hoặc HEIC chụp từ điện thoại; "
              "trang tự thu nhỏ và xóa thông tin vị trí."),
    FieldSpec("Image_alt", "mô tả ảnh", "lead photo alt text",
              help_vi="Bắt buộc khi có ảnh: tả những gì có trong ảnh cho "
              "người không xem được ảnh."),
    FieldSpec("Image_caption", "chú thích ảnh", "lead photo caption",
              help_vi="Hiện dưới ảnh."),
    FieldSpec("Image_credit", "tác giả ảnh", "lead photo credit",
              help_vi="Người chụp hoặc nguồn ảnh."),
    FieldSpec("Image_focus", "điểm chính của ảnh", "focal point for the share crop",
              help_vi="Để trống là giữa ảnh; hoặc 'ngang, dọc' theo phần trăm "
              "từ trái và từ trên, ví dụ 30, 40."),
    FieldSpec("Video", "video", "address of a YouTube, Facebook or TikTok clip",
              help_vi="Dán địa chỉ video trên YouTube, Facebook hoặc TikTok; trang chỉ "
              "tải trình phát khi người đọc bấm xem. Ảnh đại diện là ảnh bìa."),
    FieldSpec("Video_duration", "thời lượng video", "duration, m:ss",
              help_vi="Phút:giây, ví dụ 3:25 (hoặc giờ:phút:giây)."),
    FieldSpec("Gallery", "phóng sự ảnh", "photo essay, one photo per line",
              kind=GALLERY, help_vi="Mỗi ảnh một dòng: ảnh | mô tả | chú thích | "
              "tác giả ảnh; mô tả là bắt buộc. Ảnh đầu tiên là ảnh chia sẻ khi bài "
              "không có ảnh đại diện."),
    FieldSpec("Corrections", "cập nhật, đính chính",
              "corrections after publication, one per line", kind=CORRECTIONS,
              help_vi="Khi sửa bài đã đăng, thêm một dòng: ngày | điều đã sửa, ví dụ "
              "27/11/2026 | Sửa tên xã. Dòng này hiện dưới tiêu đề bài và trong "
              "nguồn tin; không xóa dòng cũ."),
    FieldSpec("Tags", "chủ đề", "tags", kind=NAMES,
              help_vi="Vài từ khóa, cách nhau bằng dấu phẩy."),
    FieldSpec("Pen_name", "bút danh", "author's pen name, for the royalty sheet",
              help_vi="Bút danh của tác giả, nếu có; in trên bảng nhuận bút."),
    FieldSpec("Coefficient", "hệ số nhuận bút", "royalty coefficient",
              help_vi="Người duyệt ghi hệ số theo khung trong "
              "content/data/royalties.toml; bỏ trống là hệ số mặc định.",
              approver_only=True),
    FieldSpec("Featured", "tin nổi bật", "featured flag", kind=FLAG,
              help_vi="Đưa lên đầu trang chủ."),
    FieldSpec("Status", "trạng thái", "status: draft, review or published",
              kind=STATUS, help_vi="draft, review hoặc published."),
)  # fmt: skip
FIELDS_BY_KEY = {field.name.lower(): field for field in FIELDS}

# The gate's length limits: the field and the setting holding its limit.
LENGTH_LIMITS = {"title": "EDITORIAL_TITLE_MAX", "summary": "EDITORIAL_SUMMARY_MAX"}
# How the gate and the form say a field is too long (label, length, limit).
TOO_LONG = "{label} dài {length} ký tự, tối đa {limit}"

# Pages (Giới thiệu, Liên hệ…) need only these.
PAGE_FIELDS = ("title", "summary", "slug", "status", "modified", "language")

STATUSES = ("draft", "review", "published")
DEFAULT_STATUS = "published"
# Fields a draft may still lack; they become errors once it goes to review.
REQUIRED_EVEN_IN_DRAFT = ("title", "section")
YES = ("true", "yes", "1", "có", "co")
NO = ("false", "no", "0", "không", "khong")
