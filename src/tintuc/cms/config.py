"""Decap CMS's configuration, made from the story schema and the data files.

Nothing here is written by hand twice: every field, label, help text, rule
and choice comes from ``editorial.schema``, the gate's limits and the data
files (sections, units, communes, approvers).
"""

from urllib.parse import urlsplit

from tintuc.editorial import schema
from tintuc.editorial.approvers import EVERY_UNIT, Approvers
from tintuc.photos.settings import PHOTO_SUFFIXES

# The story format newsroom.js teaches Decap: Pelican's "Key: value" header.
STORY_FORMAT = "pelican-meta"
# Fields the newsroom fills by itself when a writer saves: never asked for.
FILLED_ON_SAVE = (schema.STORY_ID, schema.SLUG, schema.STATUS)
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# Decap's datetime widget keeps the offset, so newsroom.js can write Vietnam time.
DATE_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"
PLAIN_WIDGETS = {
    schema.LINE: {"widget": "string"},
    schema.TEXT: {"widget": "text"},
    schema.NAMES: {"widget": "list"},
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
LENGTH_LIMITS = {"title": "EDITORIAL_TITLE_MAX", "summary": "EDITORIAL_SUMMARY_MAX"}
BODY_FIELD = {
    "label": "Nội dung",
    "name": "body",
    "widget": "markdown",
    "required": True,
    "hint": "Nội dung bài. Ảnh trong bài: bấm dấu + rồi chọn Ảnh, và luôn điền "
    "mô tả ảnh (Alt).",
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
    limit_name = LENGTH_LIMITS.get(spec.name.lower())
    if limit_name:
        rules.append(f"tối đa {settings[limit_name]} ký tự")
    rule = f"{label(spec)}: {', '.join(rules)}. " if rules else ""
    return rule + spec.help_vi


def field_widget(spec: schema.FieldSpec, choices: dict[str, list[str]], section):
    """Decap's widget settings for one schema field."""
    kind = spec.kind
    if kind == schema.SECTION:
        return {"widget": "hidden", "default": section.name}
    if kind == schema.SLUG:
        message = f"{label(spec)}: chỉ chữ thường không dấu, số và dấu gạch ngang"
        return {"widget": "string", "pattern": [SLUG_PATTERN, message]}
    if kind == schema.DATE:
        default = {"default": "{{now}}"} if spec.required else {}
        return {"widget": "datetime", "format": DATE_FORMAT, **default}
    if kind == schema.GALLERY:
        return {"widget": "list", "summary": "{{fields.alt}}", "fields": GALLERY_FIELDS}
    if kind in choices:
        extra = {"multiple": True} if kind == schema.COMMUNES else {}
        if kind == schema.STORY_TYPE:
            extra = {"default": choices[kind][0]}
        return {"widget": "select", "options": choices[kind], **extra}
    return dict(PLAIN_WIDGETS[kind])


def length_pattern(spec: schema.FieldSpec, settings: dict) -> list[str] | None:
    """A pattern refusing text over the gate's limit, with its message."""
    limit_name = LENGTH_LIMITS.get(spec.name.lower())
    if not limit_name:
        return None
    limit = settings[limit_name]
    return [f"^[\\s\\S]{{0,{limit}}}$", f"{label(spec)}: tối đa {limit} ký tự"]


def cms_field(spec: schema.FieldSpec, settings: dict, choices: dict, section) -> dict:
    """One field of a story collection."""
    field = {
        "label": label(spec),
        "name": spec.name.lower(),
        **field_widget(spec, choices, section),
        "required": spec.required and spec.kind not in FILLED_ON_SAVE,
        "hint": hint(spec, settings),
    }
    pattern = length_pattern(spec, settings)
    if pattern:
        field["pattern"] = pattern
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
        "slug": "{{year}}-{{month}}-{{day}}-{{fields.slug}}",
        "summary": "{{title}}",
        "sortable_fields": ["date", "title"],
        "media_folder": f"/{content}/images/{{{{year}}}}/{{{{month}}}}",
        "public_folder": "images/{{year}}/{{month}}",
        "fields": [
            *(cms_field(spec, settings, choices, section) for spec in schema.FIELDS),
            BODY_FIELD,
        ],
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
