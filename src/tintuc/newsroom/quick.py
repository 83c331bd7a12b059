"""“Gửi tin nhanh”: a story from a phone, made as Decap's form makes it.

No HTTP here. The view (``views_quick.py``) hands over what the writer
typed and the photos they took; this module turns them into the request
Decap's proxy backend would have sent (``persistEntry``): the same
collection, file name, story format and media folder, all read from the
same configuration Decap's page is built from (``tintuc.cms.config``).
The library then checks and commits it exactly as it does Decap's saves.
"""

import base64
import datetime
import io
import math
import re
import threading
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from PIL import Image

from tintuc.cms.config import COMMIT_MESSAGES, story_choices, story_collection
from tintuc.cms.settings import DEFAULTS as CMS_DEFAULTS
from tintuc.editorial import schema
from tintuc.editorial.invisible import without_controls, without_invisible
from tintuc.newsroom.repo.errors import Refused
from tintuc.newsroom.repo.uploads import megabytes
from tintuc.photos import pipeline
from tintuc.photos.settings import DEFAULTS as PHOTO_DEFAULTS
from tintuc.vn_text.dates import VIETNAM_TIME
from tintuc.vn_text.slug import slugify_vi

# Photos are sent shrunk to this many pixels on the long side (the browser
# does it; the server does it for photos sent as taken, with JavaScript off).
MAX_SIDE = 2400
MAX_PHOTOS = 6
# The photo pipeline's quality: a story's photo is re-encoded as its derivatives are.
JPEG_QUALITY = PHOTO_DEFAULTS["PHOTOS_QUALITY"]["jpeg"]
# Pixels one request may ask the server to decode, all photos together: a
# phone's 12 MP photos fit six times over; six 50 MP files would not.
MAX_REQUEST_PIXELS = 100_000_000
# Requests decoding photos at once in one server process; the next one waits
# for none of them but is told to send again (the page keeps the draft).
PHOTO_WORKERS = 2
# A file name's slug, at most this long (cut between words): a photo's name
# then stays well inside the newsroom's safe names (``repo.paths.SAFE_NAME``).
SLUG_MAX = 80
# The story fields the page asks for, and the form's names for them.
TITLE, SUMMARY, BODY, SECTION, UNIT = "title", "summary", "body", "section", "unit"
PHOTO, ALT = "photo", "alt"
# A photo box's number in a field name (``photo_3``): ASCII digits only.
BOX_NUMBER = re.compile(r"[0-9]{1,2}")
# A placeholder of Decap's templates: "{{fields.slug}}", "{{fields.date | date('MM')}}".
TEMPLATE = re.compile(r"\{\{\s*([a-z.]+)(?:\s*\|\s*date\('([^']*)'\))?\s*\}\}")
# The parts of a date('…') format the collections use (dayjs's tokens).
DATE_TOKENS = {"YYYY": "%Y", "MM": "%m", "DD": "%d"}
DATE_FORMAT = re.compile(r"YYYY|MM|DD|[-/]")

MISSING = {
    TITLE: "Hãy nhập tiêu đề.",
    SUMMARY: "Hãy nhập tóm tắt (một hai câu nêu ý chính).",
    BODY: "Hãy nhập nội dung tin.",
}
NO_SLUG = "Tiêu đề cần có ít nhất một chữ hoặc số."
NO_SECTION = "Hãy chọn một chuyên mục trong danh sách."
NO_UNIT = "Hãy chọn đơn vị gửi tin trong danh sách đơn vị của anh/chị."
NO_ALT = "Ảnh {number} chưa có mô tả: hãy tả những gì có trong ảnh."
TOO_MANY = "Mỗi tin gửi tối đa {limit} ảnh; hãy bỏ bớt ảnh."
ALT_ONLY = "Có mô tả cho ảnh {number} nhưng chưa chọn ảnh."
NOT_A_PHOTO = "Ảnh {number} không dùng được: {reason}."
PHOTO_TOO_HEAVY = (
    "Ảnh {number} nặng {size}, quá giới hạn {limit}. Hãy chọn ảnh nhỏ hơn."
)
TOO_MANY_PIXELS = (
    "Các ảnh gửi cùng lúc quá lớn: tổng cộng {total} megapixel, tối đa {limit}. "
    "Hãy gửi ít ảnh hơn, hoặc mở trang này trên trình duyệt có JavaScript "
    "để ảnh được thu nhỏ trước."
)
BUSY = "Máy chủ đang bận xử lý ảnh, hãy gửi lại sau ít phút."


@dataclass
class Photo:
    """One photo as sent: its bytes, the name the phone gave it, its description.

    ``number`` is its box on the page (``photo_N``/``alt_N``), for messages.
    """

    data: bytes
    name: str = ""
    alt: str = ""
    number: int = 0


@dataclass
class QuickStory:
    """What the writer sent, cleaned, before anything is checked."""

    title: str = ""
    summary: str = ""
    body: str = ""
    section: str = ""
    unit: str = ""
    photos: list[Photo] = field(default_factory=list)
    # The page's id for this draft (a UUID), so a second send is not a second story.
    draft: str = ""
    # Problems found while reading the form (a description without its photo).
    problems: dict = field(default_factory=dict)


def one_line(text: str) -> str:
    """A header value as newsroom.js writes one: visible, NFC, one line."""
    text = without_controls(without_invisible(str(text)))
    return " ".join(unicodedata.normalize("NFC", text).split())


def body_text(text: str) -> str:
    """The story's text: NFC, Unix line ends, no control characters."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", without_controls(text))


def box_number(name: str) -> int | None:
    """The box a field belongs to (``alt_2`` → 2), or None for any other name."""
    kind, _, number = name.rpartition("_")
    if kind not in (PHOTO, ALT) or not BOX_NUMBER.fullmatch(number):
        return None
    return int(number) or None


def too_long(story: QuickStory, limits: dict) -> dict[str, str]:
    """A title over the gate's limit, in the gate's words (others the gate says).

    Checked before anything else: a title of any length goes no further.
    """
    length, limit = len(one_line(story.title)), limits[schema.LENGTH_LIMITS[TITLE]]
    if length <= limit:
        return {}
    label = schema.FIELDS_BY_KEY[TITLE].label_vi
    text = schema.TOO_LONG.format(label=label, length=length, limit=limit)
    return {TITLE: text[:1].upper() + text[1:]}


def story_slug(title: str) -> str:
    """The title's slug, cut between words to at most ``SLUG_MAX`` characters."""
    slug = slugify_vi(title)
    if len(slug) <= SLUG_MAX:
        return slug
    cut = slug[: SLUG_MAX + 1].rpartition("-")[0]
    return cut or slug[:SLUG_MAX]


def missing_fields(story: QuickStory) -> dict[str, str]:
    """What the writer left out, by form field, in plain Vietnamese."""
    errors = dict(story.problems) | {
        name: message
        for name, message in MISSING.items()
        if not getattr(story, name).strip()
    }
    if TITLE not in errors and not story_slug(story.title):
        errors[TITLE] = NO_SLUG
    if len(story.photos) > MAX_PHOTOS:
        errors[PHOTO] = TOO_MANY.format(limit=MAX_PHOTOS)
    for number, photo in enumerate(story.photos, 1):
        box = photo.number or number
        if not photo.alt:
            errors[f"{ALT}_{box}"] = NO_ALT.format(number=box)
    return errors


# The site's sections, as Decap's page offers them -----------------------------


def cms_settings(site_settings: dict) -> dict:
    """The site's settings with the cms plugin's defaults under them."""
    return {**CMS_DEFAULTS, **site_settings}


def sections(site) -> list:
    """The sections a story may be written in: Decap's story collections."""
    return list(site.directory["section"].active())


def collection_for(site, site_settings: dict, section_slug: str) -> dict:
    """Decap's collection for one section, made by the function its page uses."""
    for section in sections(site):
        if section.slug == section_slug:
            choices = story_choices(site.directory, site.approvers)
            return story_collection(section, cms_settings(site_settings), choices)
    raise Refused(422, NO_SECTION, field=SECTION)


def unit_name(site, unit_slug: str) -> str:
    """The unit's name, as the Unit field writes it."""
    entry = site.directory["unit"].find_current(unit_slug)
    if entry is None:
        raise Refused(422, NO_UNIT, field=UNIT)
    return entry.name


# Names as Decap makes them ------------------------------------------------------


def date_part(moment: datetime.datetime, form: str) -> str:
    """``moment`` (Vietnam time) as Decap's ``date('YYYY-MM-DD')`` filter writes it.

    The filter formats the date field's value, Vietnam wall time
    (``tintuc.cms.config.DAY``); a format with other tokens is refused here,
    not guessed.
    """
    if DATE_FORMAT.sub("", form):
        raise ValueError(f"date('{form}'): only YYYY, MM, DD, - and / are known")
    local = moment.astimezone(VIETNAM_TIME)
    return DATE_FORMAT.sub(
        lambda token: local.strftime(DATE_TOKENS.get(token[0], token[0])), form
    )


def filled(template: str, moment: datetime.datetime, fields: dict, slug="") -> str:
    """A collection's ``{{fields.…}}`` template, filled in as Decap fills it.

    ``moment`` is the story's Date field: ``{{fields.date | date('…')}}``
    gives its day in Vietnam time, as in Decap's page.
    """
    parts = {"slug": slug, **{f"fields.{key}": value for key, value in fields.items()}}

    def part(match: re.Match) -> str:
        key, form = match[1], match[2]
        if form is not None and key == "fields.date":
            return date_part(moment, form)
        return parts[key]

    return TEMPLATE.sub(part, template)


def now_in_vietnam() -> datetime.datetime:
    """The current minute in Vietnam time, as the date widget's "now" gives it."""
    return datetime.datetime.now(VIETNAM_TIME).replace(second=0, microsecond=0)


def file_value(value) -> str:
    """A value as newsroom.js's ``toFile`` writes it into the header."""
    if isinstance(value, bool):
        return schema.YES[3] if value else schema.NO[3]  # "có" / "không"
    return one_line(value) if value is not None else ""


def story_text(collection: dict, values: dict, body: str) -> str:
    """The story file as newsroom.js writes it: every field in the form's order.

    ``values`` holds what the writer gave and what Decap fills on save; a
    field not in it takes the form's default (type, featured), as a new
    entry does in Decap.
    """
    names = {spec.name.lower(): spec.name for spec in schema.FIELDS}
    lines = []
    for spec_field in collection["fields"]:
        key = spec_field["name"]
        if key == BODY:
            continue
        value = values.get(key, spec_field.get("default"))
        text = file_value(value)
        if text:
            lines.append(f"{names.get(key, key.capitalize())}: {text}")
    return "\n".join(lines) + "\n\n" + body.rstrip() + "\n"


# Photos -------------------------------------------------------------------------


def opened_photo(photo: Photo, limits: dict) -> Image.Image:
    """The photo opened, its header read and nothing decoded; or Refused.

    Its bytes, its kind (by its bytes, among the photo pipeline's
    ``DECODERS``: the name a phone gives may be anything) and its size in
    pixels are checked as the upload checker does; the pixels are decoded
    once, by ``prepared_photo``.
    """
    limit = limits["NEWSROOM_PHOTO_MAX_BYTES"]
    if len(photo.data) > limit:
        size, most = megabytes(len(photo.data)), megabytes(limit)
        raise Refused(
            422, PHOTO_TOO_HEAVY.format(number=photo.number, size=size, limit=most)
        )
    try:
        image = pipeline.check_photo(photo.data, limits["NEWSROOM_PHOTO_MAX_PIXELS"])
    except pipeline.PhotoError as error:
        raise Refused(
            422, NOT_A_PHOTO.format(number=photo.number, reason=error)
        ) from error
    return image


def shrunk(image: Image.Image) -> Image.Image:
    """The opened photo decoded once, as small as ``MAX_SIDE`` allows, normalised.

    A JPEG is decoded already scaled down by its decoder (``draft``); other
    formats are decoded whole, once, and reduced before anything else is
    done to their pixels.
    """
    factor = max(image.size) / MAX_SIDE
    if image.format in pipeline.JPEG_FORMATS or factor < 2:
        picture = pipeline.decode(image, reduce_by=factor)
    else:
        try:
            image.seek(0)
            image.load()
            if image.mode in ("RGB", "RGBA", "L", "LA"):
                whole, image = image, image.reduce(math.floor(factor))
                whole.close()  # its full-size pixels are not needed any more
        except (OSError, SyntaxError, ValueError) as error:
            raise pipeline.PhotoError("tệp ảnh bị hỏng hoặc không đầy đủ") from error
        picture = pipeline.decode(image)
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return picture


def prepared_photo(photo: Photo, limits: dict) -> bytes:
    """The photo as the story keeps it: a JPEG of pixels only, at most ``MAX_SIDE``.

    Always re-encoded, even a JPEG the browser shrank: whatever a file
    carries besides its pixels (EXIF, GPS, a thumbnail, bytes after its
    end) never reaches the repository. Upright, sRGB, the photo pipeline's
    quality; HEIC too, so the approver sees it in any browser.
    """
    with opened_photo(photo, limits) as image:
        try:
            picture = shrunk(image)
        except pipeline.PhotoError as error:
            raise Refused(
                422, NOT_A_PHOTO.format(number=photo.number, reason=error)
            ) from error
    return pipeline.encode(picture, "jpeg", JPEG_QUALITY)


def photo_pixels(photos: list[Photo]) -> int:
    """The pixels of every photo together, by their headers (0 for a non-photo)."""
    total = 0
    for photo in photos:
        try:
            with Image.open(io.BytesIO(photo.data)) as image:
                width, height = image.size
        except Exception:  # noqa: BLE001 - not a photo: refused on its own field
            continue
        total += width * height
    return total


def over_budget(photos: list[Photo]) -> dict[str, str]:
    """A refusal on the photo field when the photos are too many pixels together."""
    total = photo_pixels(photos)
    if total <= MAX_REQUEST_PIXELS:
        return {}
    message = TOO_MANY_PIXELS.format(
        total=math.ceil(total / 1_000_000), limit=MAX_REQUEST_PIXELS // 1_000_000
    )
    return {PHOTO: message}


class Busy(Exception):
    """Every photo worker of this process is busy: send again later."""


PHOTO_SLOTS = threading.BoundedSemaphore(PHOTO_WORKERS)


@contextmanager
def photo_slot():
    """Hold one of the ``PHOTO_WORKERS`` slots while photos are decoded, or Busy."""
    if not PHOTO_SLOTS.acquire(blocking=False):
        raise Busy(BUSY)
    try:
        yield
    finally:
        PHOTO_SLOTS.release()


# The request ----------------------------------------------------------------------


@dataclass(frozen=True)
class Made:
    """The ``persistEntry`` parameters of a quick story and its place."""

    collection: str
    slug: str
    path: str
    params: dict


def public_path(collection: dict, moment, fields: dict, name: str) -> tuple[str, str]:
    """(repository path, path the story writes) of a photo, as Decap places it."""
    folder = filled(collection["media_folder"], moment, fields).strip("/")
    public = filled(collection["public_folder"], moment, fields).strip("/")
    return f"{folder}/{name}", f"{public}/{name}"


def persist_params(
    story: QuickStory,
    collection: dict,
    *,
    unit: str,
    author: str,
    file_slug: str,
    slug: str,
    moment: datetime.datetime,
    photos: list[bytes],
) -> Made:
    """Decap's ``persistEntry`` for this story, as a draft of the editorial workflow.

    The first photo is the lead photo; the others follow the text, each with
    its description, as Decap's "Ảnh" button would insert them.
    """
    fields = {"slug": slug}
    values = {
        "title": one_line(story.title),
        "id": str(uuid.uuid4()),
        "slug": slug,
        "date": moment.strftime("%Y-%m-%d %H:%M"),
        "unit": unit,
        "authors": one_line(author),
        "summary": one_line(story.summary),
        # What reaches main through the newsroom has been approved (newsroom.js).
        "status": schema.DEFAULT_STATUS,
    }
    body = body_text(story.body).rstrip()
    assets = []
    for number, (photo, data) in enumerate(zip(story.photos, photos, strict=True), 1):
        path, written = public_path(
            collection, moment, fields, f"{file_slug}-{number}.jpg"
        )
        alt = one_line(photo.alt)
        if number == 1:
            values |= {"image": written, "image_alt": alt}
        else:
            body += f"\n\n![{alt.replace(']', ')')}]({written})"
        assets.append(
            {
                "path": path,
                "content": base64.b64encode(data).decode(),
                "encoding": "base64",
            }
        )
    folder = collection["folder"].strip("/")
    path = f"{folder}/{file_slug}.md"
    params = {
        "branch": "main",
        "dataFiles": [
            {
                "slug": file_slug,
                "path": path,
                "raw": story_text(collection, values, body),
            }
        ],
        "assets": assets,
        "options": {
            "collectionName": collection["name"],
            "commitMessage": filled(COMMIT_MESSAGES["create"], moment, {}, file_slug),
            "useWorkflow": True,
            "status": "draft",
        },
    }
    return Made(collection["name"], file_slug, path, params)


def free_slug(lib, collection: dict, moment, title: str) -> tuple[str, str]:
    """(file slug, Slug field) for a new story: no story or draft has them yet.

    Decap would add "-1" to the file name only; the Slug field gets it too
    here, so two stories never share an address on the site.
    """
    base = story_slug(title)
    for number in range(100):
        slug = f"{base}-{number}" if number else base
        file_slug = filled(collection["slug"], moment, {"slug": slug})
        text, branch, _ = lib.story_text(collection["name"], file_slug)
        if text is None and lib.git.resolve(f"refs/heads/{branch}") is None:
            return file_slug, slug
    raise Refused(409, "Đã có quá nhiều tin cùng tiêu đề hôm nay; hãy đổi tiêu đề.")
