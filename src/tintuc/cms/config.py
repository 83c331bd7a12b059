"""Decap CMS's configuration, made from the story schema and the data files.

Nothing here is written by hand twice: every field, label, help text, rule
and choice comes from ``editorial.schema``, the gate's limits and the data
files (sections, units, communes, approvers).
"""

from pathlib import Path
from urllib.parse import urlsplit

from tintuc.directory.settings import DEFAULTS as DIRECTORY_DEFAULTS
from tintuc.documents.checks import REQUIRED as DOCUMENT_REQUIRED
from tintuc.documents.model import load_kinds
from tintuc.documents.numbers import NUMBER
from tintuc.documents.settings import DEFAULTS as DOCUMENTS_DEFAULTS
from tintuc.editorial import schema
from tintuc.editorial.approvers import EVERY_UNIT, Approvers
from tintuc.editorial.invisible import INVISIBLE
from tintuc.photos.gallery import SENTENCE_ENDS
from tintuc.photos.settings import PHOTO_SUFFIXES

from .locale import VI_OVERRIDES

# The story format newsroom.js teaches Decap: Pelican's "Key: value" header.
STORY_FORMAT = "pelican-meta"
# Fields the newsroom fills by itself when a writer saves: never asked for.
FILLED_ON_SAVE = (schema.STORY_ID, schema.SLUG, schema.STATUS)
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# The documents' format: the same header, with its own fields (newsroom.js).
DOCUMENT_FORMAT = "pelican-document"
DOCUMENTS_COLLECTION = "van-ban"
# newsroom.js's widgets: text typed as people type it (spaces, commas, IME),
# with a live count against the gate's limit; dates as dd/mm/yyyy HH:MM.
TEXT_WIDGET = "dh-text"
# newsroom.js's date widget, registered in place of Decap's own.
DATE_WIDGET = "datetime"
# File names and photo folders carry the story's day in Vietnam time, from its
# Date field. Decap's {{year}}, {{month}} and {{day}} are that date in UTC
# (decap-cms-lib-widgets stringTemplate), the day before from 00:00 to 06:59;
# its date('…') filter formats the value itself, which newsroom.js keeps as
# Vietnam wall time with no offset, so the browser's time zone plays no part.
DAY = "{{fields.date | date('YYYY-MM-DD')}}"
YEAR_AND_MONTH = "{{fields.date | date('YYYY')}}/{{fields.date | date('MM')}}"
PLAIN_WIDGETS = {
    schema.LINE: {"widget": TEXT_WIDGET},
    schema.TEXT: {"widget": TEXT_WIDGET, "multiline": True},
    # Names stay the text the writer typed, "a, b": never Decap's list widget,
    # which deletes spaces and commas as they are typed (decap-cms #4646).
    schema.NAMES: {"widget": TEXT_WIDGET},
    # Decap's image widget hides HEIC files; the file widget shows them.
    schema.PHOTO: {"widget": "file", "choose_url": False},
    schema.FLAG: {"widget": "boolean", "default": False},
    schema.STATUS: {"widget": "hidden", "default": "published"},
    schema.STORY_ID: {"widget": "hidden"},
    # One entry per line, "date | what was corrected"; entries joined on one
    # line still come apart (tintuc.editorial.corrections).
    schema.CORRECTIONS: {"widget": "text"},
}
# One photo of a photo essay: the same file widget as the lead photo.
OPTIONAL = {"widget": "string", "required": False}
GALLERY_FIELDS = [
    {"label": "Ảnh", "name": "photo", "widget": "file", "choose_url": False},
    {
        "label": "Mô tả ảnh",
        "name": "alt",
        "widget": "string",
        "hint": "Mô tả ảnh: bắt buộc. Tả những gì có trong ảnh.",
    },
    {"label": "Chú thích ảnh", "name": "caption", **OPTIONAL},
    {"label": "Tác giả ảnh", "name": "credit", **OPTIONAL},
]
# Fields the gate requires only with another (rules.check_article): Decap calls
# them optional, so their labels say when they are needed instead.
NEEDED_WITH = {"image_alt": "bắt buộc khi có ảnh đại diện"}
# What a hint says about the file where the form shows something else.
FORM_HINTS = {
    schema.GALLERY: "Bấm “Thêm phóng sự ảnh” cho mỗi ảnh: chọn ảnh, điền mô tả ảnh "
    "(bắt buộc), chú thích và tác giả ảnh. Kéo để đổi thứ tự. Ảnh đầu tiên là "
    "ảnh chia sẻ khi bài không có ảnh đại diện.",
}
BODY_FIELD = {
    "label": "Nội dung",
    "name": "body",
    "widget": "markdown",
    "required": True,
    "hint": "Nội dung bài. Ảnh trong bài: bấm dấu + rồi chọn Ảnh, và luôn điền "
    "mô tả ảnh. Dán từ Word hay Google Docs vẫn giữ đề mục, danh sách, chữ đậm, "
    "chữ nghiêng và liên kết.",
    "buttons": [
        "bold",
        "italic",
        "link",
        "heading-two",
        "heading-three",
        "quote",
        "bulleted-list",
        "numbered-list",
    ],
    "editor_components": ["image"],
    # No Markdown source toggle: writers edit the text as readers see it (files
    # stay Markdown for those who work on the repository, docs/viet-bai.md).
    "modes": ["rich_text"],
}
COMMIT_MESSAGES = {
    "create": "Bài mới: {{slug}}",
    "update": "Sửa bài: {{slug}}",
    "delete": "Xóa bài: {{slug}}",
    "uploadMedia": "Tải ảnh lên: {{path}}",
    "deleteMedia": "Xóa ảnh: {{path}}",
    "openAuthoring": "{{message}}",
}


def label(spec: schema.FieldSpec) -> str:
    """The field's Vietnamese label, capitalised as a form label."""
    return spec.label_vi[:1].upper() + spec.label_vi[1:]


def hint(spec: schema.FieldSpec, settings: dict) -> str:
    """The help text: the exact rule first, then the advice."""
    rules = []
    if spec.required and spec.kind not in FILLED_ON_SAVE:
        rules.append("bắt buộc")
    limit_name = schema.LENGTH_LIMITS.get(spec.name.lower())
    if limit_name:
        rules.append(f"tối đa {settings[limit_name]} ký tự")
    rule = f"{label(spec)}: {', '.join(rules)}. " if rules else ""
    return rule + FORM_HINTS.get(spec.kind, spec.help_vi)


def field_widget(spec: schema.FieldSpec, choices: dict[str, list[str]], section):
    """Decap's widget settings for one schema field."""
    kind = spec.kind
    if kind == schema.SECTION:
        return {"widget": "hidden", "default": section.name}
    if kind == schema.SLUG:
        message = f"{label(spec)}: chỉ chữ thường không dấu, số và dấu gạch ngang"
        return {"widget": "string", "pattern": [SLUG_PATTERN, message]}
    if kind == schema.DATE:
        return {"widget": DATE_WIDGET, "now": spec.required}
    if kind == schema.GALLERY:
        return {"widget": "list", "summary": "{{fields.alt}}", "fields": GALLERY_FIELDS}
    if kind in choices:
        extra = {"multiple": True} if kind == schema.COMMUNES else {}
        if kind == schema.STORY_TYPE:
            extra = {"default": choices[kind][0]}
        return {"widget": "select", "options": choices[kind], **extra}
    return dict(PLAIN_WIDGETS[kind])


def max_length(spec: schema.FieldSpec, settings: dict) -> int | None:
    """The gate's limit on the field's length, if it has one."""
    limit_name = schema.LENGTH_LIMITS.get(spec.name.lower())
    return settings[limit_name] if limit_name else None


def cms_field(spec: schema.FieldSpec, settings: dict, choices: dict, section) -> dict:
    """One field of a story collection."""
    field = {
        "label": label(spec),
        "name": spec.name.lower(),
        **field_widget(spec, choices, section),
        "required": spec.required and spec.kind not in FILLED_ON_SAVE,
        "hint": hint(spec, settings),
    }
    limit = max_length(spec, settings)
    if limit:
        field["max_length"] = limit
    return field


def story_choices(directory: dict, approvers: Approvers) -> dict[str, list[str]]:
    """The names a writer chooses from: today's units, communes and approvers."""
    return {
        schema.UNIT: [entry.name for entry in directory["unit"].active()],
        schema.COMMUNES: [entry.name for entry in directory["commune"].active()],
        schema.APPROVER: [person.name for person in approvers.active()],
        schema.STORY_TYPE: [entry.name for entry in directory["type"].active()],
    }


def story_collection(section, settings: dict, choices: dict) -> dict:
    """A folder collection for one section's stories."""
    content = settings["CMS_REPO_CONTENT_DIR"].strip("/")
    articles = settings["ARTICLE_PATHS"][0].strip("/")
    return {
        "name": section.slug,
        "label": section.name,
        "label_singular": f"bài {section.name}",
        "description": section.description,
        "folder": f"{content}/{articles}/{section.slug}",
        "create": True,
        "delete": False,
        "extension": "md",
        "format": STORY_FORMAT,
        "identifier_field": "title",
        "slug": f"{DAY}-{{{{fields.slug}}}}",
        "summary": "{{title}}",
        "sortable_fields": ["date", "title"],
        "media_folder": f"/{content}/images/{YEAR_AND_MONTH}",
        "public_folder": f"images/{YEAR_AND_MONTH}",
        "fields": [
            *(cms_field(spec, settings, choices, section) for spec in schema.FIELDS),
            BODY_FIELD,
        ],
    }


# A document's fields in the form: key, kind, label (the gate's, when it
# requires the field), hint. Kinds are newsroom.js's: "day" is dd/mm/yyyy.
DOCUMENT_FIELDS = (
    ("title", "line", "", "Trích yếu nội dung, như in trên văn bản."),
    ("id", "story-id", "", ""),
    ("number", "line", "", "Ví dụ 227/KH-UBND hoặc 12/2026/QĐ-UBND."),
    ("type", "type", "", "Phần đầu ký hiệu phải khớp loại (KH là Kế hoạch)."),
    ("issuer", "issuer", "", "Đơn vị ban hành văn bản."),
    ("date", "day", "", "Ngày ký, viết ngày/tháng/năm, ví dụ 15/10/2026."),
    ("signer", "line", "", "Họ tên người ký."),
    ("signer_title", "line", "", "Ví dụ Chủ tịch, Phó Chủ tịch."),
    ("field", "field", "lĩnh vực", "Chọn một lĩnh vực."),
    ("communes", "communes", "xã", "Các xã mà văn bản áp dụng."),
    ("related", "documents", "văn bản liên quan", "Chọn các văn bản đã công bố."),
    ("replaces", "documents", "thay thế văn bản", "Văn bản cũ mà văn bản này thay."),
    ("in_force", "day", "ngày có hiệu lực", "Để trống nếu có hiệu lực từ ngày ký."),
    ("expires", "day", "ngày hết hiệu lực", "Để trống nếu không có hạn."),
    ("files", "files", "tệp PDF", "Bản PDF có chữ ký; mỗi tệp một tên hiển thị."),
    ("approver", "approver", "người duyệt", "Người duyệt ghi khi duyệt."),
    ("status", "status", "", ""),
)
DOCUMENT_FILE_FIELDS = [
    {"label": "Tệp PDF", "name": "file", "widget": "file", "choose_url": False},
    {
        "label": "Tên hiển thị",
        "name": "label",
        "widget": TEXT_WIDGET,
        "required": False,
    },
]


def document_choices(settings: dict, directory: dict, story: dict) -> dict | None:
    """Types, fields, issuers and communes; None for a site with no library."""
    merged = {**DIRECTORY_DEFAULTS, **DOCUMENTS_DEFAULTS, **settings}
    data_dir = Path(merged["PATH"], merged["DIRECTORY_DATA_DIR"])
    if not (data_dir / merged["DOCUMENTS_TYPES_FILE"]).is_file():
        return None
    types = load_kinds(data_dir / merged["DOCUMENTS_TYPES_FILE"], "type").entries
    fields = load_kinds(data_dir / merged["DOCUMENTS_FIELDS_FILE"], "field").entries
    return {
        "type": [kind.name for kind in types],
        "type_codes": {kind.name: kind.code for kind in types},
        "field": [kind.name for kind in fields],
        "issuer": story[schema.UNIT],
        "communes": story[schema.COMMUNES],
        "approver": story[schema.APPROVER],
    }


def document_widget(kind: str, choices: dict) -> dict:
    """Decap's widget settings for one document field."""
    if kind in ("story-id", "status"):
        return dict(PLAIN_WIDGETS[kind])
    if kind == "day":
        return {"widget": DATE_WIDGET, "time": False}
    if kind == "files":
        return {
            "widget": "list",
            "summary": "{{fields.label}}",
            "fields": DOCUMENT_FILE_FIELDS,
        }
    if kind == "documents":
        return {
            "widget": "relation",
            "collection": DOCUMENTS_COLLECTION,
            "value_field": "number",
            "search_fields": ["number", "title"],
            "display_fields": ["number", "title"],
            "multiple": True,
        }
    if kind in choices:
        return {
            "widget": "select",
            "options": choices[kind],
            "multiple": kind == "communes",
        }
    return {"widget": TEXT_WIDGET}


def document_collection(settings: dict, choices: dict) -> dict:
    """The document library (content/documents/), with the gate's required fields."""
    content = settings["CMS_REPO_CONTENT_DIR"].strip("/")
    folder = {**DOCUMENTS_DEFAULTS, **settings}["DOCUMENTS_PATH"].strip("/")
    fields = []
    for key, kind, own_label, help_vi in DOCUMENT_FIELDS:
        name = DOCUMENT_REQUIRED.get(key) or own_label
        # The gate wants an approver on every published document.
        required = kind not in ("story-id", "status") and (
            key in DOCUMENT_REQUIRED or kind == "approver"
        )
        rule = f"{name[:1].upper()}{name[1:]}: bắt buộc. " if required else ""
        fields.append(
            {
                "label": name[:1].upper() + name[1:],
                "name": key,
                **document_widget(kind, choices),
                "required": required,
                "hint": rule + help_vi,
            }
        )
    body = {**BODY_FIELD, "required": False, "hint": "Tóm tắt nội dung văn bản."}
    return {
        "name": DOCUMENTS_COLLECTION,
        "label": "Văn bản",
        "label_singular": "văn bản",
        "description": "Kế hoạch, quyết định, thông báo… kèm bản PDF.",
        "folder": f"{content}/{folder}",
        "create": True,
        "delete": False,
        "extension": "md",
        "format": DOCUMENT_FORMAT,
        "identifier_field": "number",
        "slug": f"{DAY}-{{{{fields.number}}}}",
        "summary": "{{number}} – {{title}}",
        "sortable_fields": ["date", "number"],
        "media_folder": f"/{content}/{folder}/files",
        "public_folder": "files",
        "fields": [*fields, body],
    }


def backend(settings: dict) -> dict:
    """The git backend, with Vietnamese commit messages and review labels."""
    return {
        "branch": "main",
        **settings["CMS_BACKEND"],
        "commit_messages": COMMIT_MESSAGES,
    }


def cms_config(settings: dict, directory: dict, approvers: Approvers) -> dict:
    """Decap CMS's whole configuration for this site."""
    choices = story_choices(directory, approvers)
    content = settings["CMS_REPO_CONTENT_DIR"].strip("/")
    config = {
        "backend": backend(settings),
        "publish_mode": "editorial_workflow",
        "locale": "vi",
        "load_config_file": False,
        "site_url": settings["SITEURL"] or "/",
        "display_url": settings["SITEURL"] or "/",
        "show_preview_links": False,
        "media_folder": f"{content}/images",
        "public_folder": "images",
        "slug": {
            "encoding": "ascii",
            "clean_accents": True,
            "sanitize_replacement": "-",
        },
        "collections": [
            story_collection(section, settings, choices)
            for section in directory["section"].active()
        ],
    }
    library = document_choices(settings, directory, choices)
    if library:
        config["collections"].append(document_collection(settings, library))
    for collection in config["collections"]:
        collection["editor"] = {"notes": settings["CMS_NOTES"]}
    local = settings["CMS_LOCAL_BACKEND"]
    if local:
        host = urlsplit(local).hostname
        config["local_backend"] = {"url": local, "allowed_hosts": [host]}
    return config


def approver_units(directory: dict, approvers: Approvers) -> dict[str, list[str]]:
    """Each approver's units by name, as the unit choice writes them."""
    units = directory["unit"]
    allowed = {}
    for person in approvers.active():
        if EVERY_UNIT in person.units:
            allowed[person.name] = [EVERY_UNIT]
            continue
        allowed[person.name] = [
            entry.name
            for entry in units.active()
            if entry.slug in person.units or units.current(entry).slug in person.units
        ]
    return allowed


def story_format(settings: dict, directory: dict, approvers: Approvers) -> dict:
    """What newsroom.js needs to read and write a story file and check it."""
    return {
        "name": STORY_FORMAT,
        "fields": [
            {"key": spec.name.lower(), "name": spec.name, "kind": spec.kind}
            for spec in schema.FIELDS
        ],
        "yes": list(schema.YES),
        "no": list(schema.NO),
        "approvers": approver_units(directory, approvers),
        "every_unit": EVERY_UNIT,
        "photo_suffixes": list(PHOTO_SUFFIXES),
        "collections": [entry.slug for entry in directory["section"].active()],
        "stylesheet": f"{settings['SITEURL']}/{settings['THEME_STATIC_DIR']}"
        "/css/main.css",
        "approver_only": [
            spec.name.lower() for spec in schema.FIELDS if spec.approver_only
        ],
        "needed_with": NEEDED_WITH,
        "role_url": settings["CMS_ROLE_URL"],
        "publications_url": settings["CMS_PUBLICATIONS_URL"],
        "too_long": schema.TOO_LONG,
        "invisible": {char: swap for char, (swap, _) in INVISIBLE.items()},
        "sentence_ends": SENTENCE_ENDS,
        "locale": VI_OVERRIDES,
        "heic_decoder": Path(settings["CMS_HEIC_DECODER"]).name,
    }


def document_format(
    settings: dict, directory: dict, approvers: Approvers
) -> dict | None:
    """What newsroom.js needs to read, write and check a document file."""
    choices = document_choices(settings, directory, story_choices(directory, approvers))
    if choices is None:
        return None
    return {
        "name": DOCUMENT_FORMAT,
        "collection": DOCUMENTS_COLLECTION,
        "fields": [
            {"key": key, "name": key.capitalize(), "kind": kind}
            for key, kind, *_ in DOCUMENT_FIELDS
        ],
        # numbers.py's pattern, in JavaScript's spelling of named groups.
        "number_pattern": NUMBER.pattern.replace("(?P<", "(?<"),
        "type_codes": choices["type_codes"],
        "approvers": approver_units(directory, approvers),
        "every_unit": EVERY_UNIT,
    }


def admin_csp(settings: dict) -> str:
    """The newsroom's own policy: Decap needs inline styles and eval (ajv, WebAssembly).

    Public pages keep the strict ``SECURITY_CSP``; this one applies to /admin/.
    """
    connect = ["'self'", settings["CMS_BACKEND_ORIGINS"]]
    local = settings["CMS_LOCAL_BACKEND"]
    if local:
        parts = urlsplit(local)
        connect.append(f"{parts.scheme}://{parts.netloc}")
    return (
        "default-src 'self'; "
        "script-src 'self' 'unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data: blob: {settings['CMS_BACKEND_ORIGINS']}; "
        "media-src 'self' blob:; font-src 'self' data:; "
        f"connect-src {' '.join(connect)} blob: data:; "
        "frame-src 'self' blob:; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )
