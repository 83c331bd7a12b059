"""The rules every story and page must pass before the site is built."""

import datetime
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tintuc.photos.gallery import parse_gallery_line
from tintuc.photos.paths import resolve_media
from tintuc.photos.pipeline import PhotoError, inspect_photo
from tintuc.sanitiser.html_policy import find_disallowed_html
from tintuc.shared.embeds import parse_duration, video_embed_url
from tintuc.shared.workers import fork_map
from tintuc.vn_text.dates import parse_datetime_vi, to_vietnam_time
from tintuc.vn_text.fields import read_yes_no, split_list
from tintuc.vn_text.front_matter import FrontMatter, parse_front_matter
from tintuc.vn_text.normalise import source_text
from tintuc.vn_text.slug import slugify_vi

from .approvers import STORY_WORDING, Approval, Approvers, approval_problems
from .checked import Approved, FileCheck, StoryFacts, data_digest, input_file
from .corrections import correction_entries, parse_correction
from .invisible import invisible_problems
from .problems import ERROR, WARNING, Problem
from .schema import (
    DEFAULT_STATUS,
    FIELDS_BY_KEY,
    LENGTH_LIMITS,
    PAGE_FIELDS,
    REQUIRED_EVEN_IN_DRAFT,
    STATUSES,
    TOO_LONG,
)
from .source import decode_source
from .state import PAGES, STORIES, GateState

# Fields Pelican acts on that our schema does not offer: a story that sets one
# could write any page (save_as: index.html) or take another template.
PELICAN_CONTROLS = frozenset(
    {"save_as", "url", "template", "lang", "translation", "category", "author",
     "status_override", "override_url", "override_save_as", "page_order"}
)  # fmt: skip
KIND_LABELS = {
    "section": "chuyên mục",
    "commune": "xã",
    "unit": "đơn vị",
    "type": "thể loại",
}
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")


@dataclass
class Site:
    """What the checks need to know about the site being built."""

    content_dir: Path
    directory: dict
    approvers: Approvers
    settings: dict
    now: datetime.datetime
    # Numbers of the published documents a story may cite as [[number]].
    documents: frozenset = frozenset()


@dataclass
class StoryCheck:
    """The checks of one file; ``problems`` fills up as they run."""

    path: str
    source: Path
    site: Site
    problems: list[Problem] = field(default_factory=list)
    # What the saved state needs to know when this check still holds.
    inputs: list[tuple[str, str, bytes | None]] = field(default_factory=list)
    turns: list[datetime.datetime] = field(default_factory=list)
    # What the rules spanning stories read (story_rule_problems).
    approved: Approved | None = None
    citations: tuple[tuple[str, int], ...] = ()

    def error(self, line: int, message: str, hint: str) -> None:
        """Record an error, which stops the build."""
        self.problems.append(Problem(self.path, line, ERROR, message, hint))

    def warn(self, line: int, message: str, hint: str) -> None:
        """Record a warning, which is printed but lets the build go on."""
        self.problems.append(Problem(self.path, line, WARNING, message, hint))

    def read(self, data: bytes) -> FrontMatter | None:
        """Decode and split the file; None when nothing more can be checked."""
        if not data.strip():
            self.error(1, "tệp rỗng", "empty file")
            return None
        text, line, encoding = decode_source(data)
        if text is None:
            self.error(
                line,
                f"tệp không phải UTF-8, có vẻ là {encoding}; "
                "hãy mở và lưu lại với bảng mã UTF-8",
                f"file is not UTF-8, looks like {encoding}",
            )
            return None
        front = parse_front_matter(source_text(text))
        if not front.fields:
            self.error(
                1,
                "tệp không có phần thông tin bài (Title:, Date:… ở đầu tệp)",
                "no metadata block at the top of the file",
            )
            return None
        return front

    def line_of(self, front: FrontMatter, key: str) -> int:
        """The line a field is on, or 1 when it is missing."""
        meta = front.fields.get(key)
        return meta.line if meta else 1

    def check_unknown_fields(self, front: FrontMatter, known) -> None:
        for key, line in front.repeated:
            self.error(
                line,
                f"trường '{key}' ghi hai lần; chỉ giữ một dòng",
                "field written twice",
            )
        for key, meta in front.fields.items():
            if key in known:
                continue
            if key in PELICAN_CONTROLS:
                self.error(
                    meta.line,
                    f"trường '{key}' quyết định trang được dựng ở đâu và thế nào; "
                    "bài không được đặt trường này",
                    "a field that steers the build is not allowed",
                )
            else:
                self.warn(
                    meta.line,
                    f"trường '{key}' không có trong mẫu bài, sẽ bị bỏ qua",
                    "unknown field, ignored",
                )

    def check_status(self, front: FrontMatter) -> str:
        status = (front.get("status") or DEFAULT_STATUS).lower()
        if status not in STATUSES:
            self.error(
                self.line_of(front, "status"),
                f"trạng thái '{status}' không hợp lệ; "
                "dùng draft, review hoặc published",
                "status must be draft, review or published",
            )
            return "draft"
        return status

    def check_required(self, front: FrontMatter, status: str) -> None:
        for key, spec in FIELDS_BY_KEY.items():
            if not spec.required or front.get(key):
                continue
            if key == "approver":
                if status == "published":
                    self.error(
                        self.line_of(front, "status"),
                        "bài đăng (published) phải có người duyệt (Approver)",
                        "a published story needs an approver",
                    )
                continue
            message = f"thiếu trường bắt buộc '{spec.name}' ({spec.label_vi})"
            hint = f"required field '{spec.name}' is missing"
            if key == "id":
                message += f"; thêm dòng: Id: {suggest_story_id(self.path)}"
            if status == "draft" and key not in REQUIRED_EVEN_IN_DRAFT:
                self.warn(1, message + ", cần có trước khi gửi duyệt", hint)
            else:
                self.error(1, message, hint)

    def check_lengths(self, front: FrontMatter) -> None:
        # The newsroom's form counts with the same limits and words (schema).
        for key, limit_name in LENGTH_LIMITS.items():
            limit = self.site.settings[limit_name]
            length = len(front.get(key))
            if length > limit:
                label = FIELDS_BY_KEY[key].label_vi
                self.error(
                    self.line_of(front, key),
                    TOO_LONG.format(label=label, length=length, limit=limit),
                    f"{key} is over {limit} characters",
                )

    def check_dates(self, front: FrontMatter) -> None:
        horizon = datetime.timedelta(
            days=self.site.settings["EDITORIAL_FUTURE_WARNING_DAYS"]
        )
        for key in ("date", "modified"):
            text = front.get(key)
            if not text:
                continue
            try:
                moment = to_vietnam_time(parse_datetime_vi(text))
            except ValueError:
                self.error(
                    self.line_of(front, key),
                    f"ngày '{text}' không hợp lệ; "
                    "viết YYYY-MM-DD HH:MM hoặc dd/mm/yyyy HH:MM",
                    "invalid date",
                )
                continue
            self.turns.append(moment - horizon)  # the warning holds until then
            if moment - self.site.now > horizon:
                self.warn(
                    self.line_of(front, key),
                    f"ngày '{text}' ở xa hơn một năm tới, có nhầm năm không?",
                    "date is more than a year ahead",
                )

    def find_entry(self, front: FrontMatter, key: str, kind: str, name: str):
        registry = self.site.directory[kind]
        entry = registry.find(name)
        if entry is None:
            suggestion = registry.suggest(name)
            tip = f" – có phải '{suggestion.name}'?" if suggestion else ""
            hint_tip = f"; did you mean '{suggestion.slug}'?" if suggestion else ""
            self.error(
                self.line_of(front, key),
                f"{KIND_LABELS[kind]} '{name}' không có trong danh sách{tip}",
                f"unknown {kind}{hint_tip}",
            )
        return entry

    def check_directory_fields(self, front: FrontMatter) -> None:
        section = front.get("section")
        if section:
            entry = self.find_entry(front, "section", "section", section)
            folder = self.source.parent.name
            known_folder = self.site.directory["section"].find(folder)
            if entry and known_folder and known_folder != entry:
                self.warn(
                    self.line_of(front, "section"),
                    f"bài thuộc chuyên mục '{entry.name}' nhưng nằm trong "
                    f"thư mục '{folder}'",
                    "story is in another section's folder",
                )
        if front.get("unit"):
            self.find_entry(front, "unit", "unit", front.get("unit"))
        if front.get("type"):
            self.find_entry(front, "type", "type", front.get("type"))
        for name in split_names(front.get("communes")):
            self.find_entry(front, "communes", "commune", name)

    def note_citations(self, front: FrontMatter) -> None:
        """Each ``[[number]]``, for the library's numbers (story_rule_problems)."""
        if "[[" not in front.body:
            return
        from tintuc.documents.checks import cited_in  # noqa: PLC0415

        self.citations = cited_in(front)

    def note_approval(self, front: FrontMatter, status: str) -> None:
        """A published story's approval, for story_rule_problems to check."""
        name = front.get("approver")
        if status != "published" or not name:
            return
        units = self.site.directory["unit"]
        written = front.get("unit")
        moment = story_date(front)
        approval = Approval(
            name=name,
            writers=tuple(split_list(front.get("authors"))),
            unit=units.find(written) if written else None,
            unit_written=bool(written),
            date=moment.date() if moment else None,
        )
        self.approved = Approved(approval, self.line_of(front, "approver"))

    def check_video(self, front: FrontMatter) -> None:
        """A video from the three sites we embed, and a duration as m:ss."""
        address, duration = front.get("video"), front.get("video_duration")
        if address and video_embed_url(address) is None:
            self.error(
                self.line_of(front, "video"),
                f"video '{address}' không phải địa chỉ video YouTube, Facebook hoặc "
                "TikTok",
                "video must be a YouTube, Facebook or TikTok clip",
            )
        if duration and parse_duration(duration) is None:
            self.error(
                self.line_of(front, "video_duration"),
                f"thời lượng '{duration}' viết dạng phút:giây, ví dụ 3:25",
                "duration must be m:ss",
            )

    def check_corrections(self, front: FrontMatter) -> None:
        """Each correction is ``date | what was corrected``."""
        meta = front.fields.get("corrections")
        for entry in correction_entries(meta.values if meta else []):
            try:
                parse_correction(entry)
            except ValueError as error:
                # The line the entry starts on (an entry may wrap onto the next).
                start = entry.split("|")[0].strip()
                offset = next((n for n, v in enumerate(meta.values) if start in v), 0)
                self.error(
                    meta.line + offset,
                    str(error),
                    "a correction is 'date | what was corrected'",
                )

    def check_flag(self, front: FrontMatter) -> None:
        value = front.get("featured")
        if value and read_yes_no(value) is None:
            self.warn(
                self.line_of(front, "featured"),
                f"Featured '{value}' không rõ; viết 'có' hoặc 'không'",
                "featured should be yes or no",
            )

    def check_photo(self, line: int, source: str, story_dir: Path) -> None:
        path = resolve_media(source, self.site.content_dir, story_dir)
        if path is None:
            return
        self.inputs.append(input_file(source, path, self.site.content_dir))
        if not path.is_file():
            self.error(line, f"không tìm thấy ảnh '{source}'", "photo file not found")
            return
        max_bytes = self.site.settings["EDITORIAL_PHOTO_MAX_BYTES"]
        if path.stat().st_size > max_bytes:
            self.warn(
                line,
                f"ảnh '{source}' nặng hơn {max_bytes // (1024 * 1024)} MB",
                "photo file is very large",
            )
        try:
            size = inspect_photo(path, self.site.settings["PHOTOS_MAX_PIXELS"])
        except PhotoError as error:
            self.error(line, f"ảnh '{source}': {error}", "photo cannot be used")
            return
        max_side = self.site.settings["EDITORIAL_PHOTO_MAX_SIDE"]
        if max(size) > max_side:
            self.warn(
                line,
                f"ảnh '{source}' rộng {size[0]}×{size[1]} px, quá {max_side} px",
                f"photo is over {max_side} px on a side",
            )

    def check_photos(self, front: FrontMatter) -> None:
        story_dir = self.source.parent
        image = front.get("image")
        if image:
            self.check_photo(self.line_of(front, "image"), image, story_dir)
            if not front.get("image_alt"):
                self.error(
                    self.line_of(front, "image"),
                    f"ảnh '{image}' chưa có mô tả (Image_alt)",
                    "photo has no alt text",
                )
        gallery = front.fields.get("gallery")
        for offset, line in enumerate(gallery.values if gallery else []):
            photo = parse_gallery_line(line)
            if not photo.source:
                continue
            self.check_photo(gallery.line + offset, photo.source, story_dir)
            if not photo.alt:
                self.error(
                    gallery.line + offset,
                    f"ảnh '{photo.source}' của phóng sự ảnh chưa có mô tả; viết: "
                    "ảnh | mô tả | chú thích | tác giả ảnh",
                    "gallery photo has no alt text",
                )
        for number, line in enumerate(front.body.split("\n"), start=front.body_line):
            for match in MARKDOWN_IMAGE.finditer(line):
                self.check_photo(number, match["src"], story_dir)
                if not match["alt"].strip():
                    self.error(
                        number,
                        f"ảnh '{match['src']}' chưa có mô tả trong ![mô tả](…)",
                        "photo has no alt text",
                    )

    def check_html(self, front: FrontMatter) -> None:
        for line, what in find_disallowed_html(front.body, front.body_line):
            self.error(
                line,
                f"mã HTML không được phép: {what}; chỉ nhúng video "
                "YouTube, Facebook, TikTok",
                "HTML outside the allow-list",
            )


def story_date(front: FrontMatter) -> datetime.datetime | None:
    """The story's date in Vietnam time, or None when absent or malformed."""
    try:
        return to_vietnam_time(parse_datetime_vi(front.get("date")))
    except ValueError:
        return None


def suggest_story_id(path: str) -> str:
    """A new id to paste into a story, stable for the same file name."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "dinhhoa:" + Path(path).name))


def check_story_id(check: StoryCheck, front: FrontMatter) -> str:
    """The story's id, checked to be a UUID; "" when absent or malformed."""
    value = front.get("id")
    if not value:
        return ""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        check.error(
            check.line_of(front, "id"),
            f"Id '{value}' không đúng dạng; dùng mã do 'make new' tạo "
            "(dạng 8-4-4-4-12 chữ số hex)",
            "Id must be a UUID",
        )
        return ""


# The one list rule ("a, b; c"), under the name the gate used first.
split_names = split_list


def check_story(path: str, source: Path, site: Site) -> FileCheck:
    """Check one story alone: its problems, and its facts for the site's rules."""
    check = StoryCheck(path, source, site)
    data = source.read_bytes()
    front = check.read(data)
    if front is None:
        return FileCheck(data_digest(data), tuple(check.problems), now=site.now)
    check.check_unknown_fields(front, FIELDS_BY_KEY)
    check.problems += invisible_problems(path, front)
    status = check.check_status(front)
    check.check_required(front, status)
    check.check_lengths(front)
    check.check_dates(front)
    check.check_directory_fields(front)
    check.note_approval(front, status)
    check.check_flag(front)
    check.check_corrections(front)
    check.check_video(front)
    check.check_photos(front)
    check.check_html(front)
    check.note_citations(front)
    keys = {
        "slug": slugify_vi(front.get("slug") or front.get("title")),
        "id": check_story_id(check, front),
    }
    facts = StoryFacts(
        keys=tuple(
            (key, value, check.line_of(front, key))
            for key, value in keys.items()
            if value
        ),
        approved=check.approved,
        citations=check.citations,
        draft=status == "draft",
    )
    return FileCheck(
        data_digest(data),
        tuple(check.problems),
        facts,
        tuple(check.inputs),
        tuple(check.turns),
        site.now,
    )


def story_rule_problems(path: str, facts: StoryFacts, site: Site) -> list[Problem]:
    """A story's problems with the approvers list and the library's numbers.

    Its approver is on the list, answers for its unit and is not its author;
    every ``[[number]]`` it cites names a published document (a draft only warns).
    """
    problems = []
    if facts.approved is not None:
        units = site.directory["unit"]
        problems += [
            Problem(path, facts.approved.line, ERROR, message, hint)
            for message, hint in approval_problems(
                facts.approved.approval, site.approvers, units, STORY_WORDING
            )
        ]
    if facts.citations:
        from tintuc.documents.checks import as_warnings, citation_problems  # noqa: PLC0415

        found = citation_problems(path, facts.citations, site.documents)
        problems += as_warnings(found) if facts.draft else found
    return problems


def check_article(path: str, source: Path, site: Site):
    """Check one story; return its problems and its unique keys with their lines.

    The problems are all but duplicates, which only the whole site shows. The
    keys are ``{"slug": (value, line), "id": (value, line)}``, each left out
    when the story has none.
    """
    checked = check_story(path, source, site)
    if checked.facts is None:
        return list(checked.problems), {}
    problems = [*checked.problems, *story_rule_problems(path, checked.facts, site)]
    return problems, {key: (value, line) for key, value, line in checked.facts.keys}


def check_page(path: str, source: Path, site: Site) -> FileCheck:
    """Check a static page: readable, titled, safe HTML, photos with alt."""
    check = StoryCheck(path, source, site)
    data = source.read_bytes()
    front = check.read(data)
    if front is not None:
        check.check_unknown_fields(front, PAGE_FIELDS)
        if not front.get("title"):
            check.error(
                1, "thiếu trường bắt buộc 'Title' (tiêu đề)", "title is missing"
            )
        check.check_lengths(front)
        check.check_photos(front)
        check.check_html(front)
    return FileCheck(
        data_digest(data),
        tuple(check.problems),
        inputs=tuple(check.inputs),
        turns=tuple(check.turns),
        now=site.now,
    )


def duplicate_problems(key: str, places: dict[str, list[tuple[str, int]]]):
    """An error on every story whose slug or id an earlier story already has."""
    label = "slug" if key == "slug" else "Id"
    problems = []
    for value, found_at in places.items():
        (first, _), *others = sorted(found_at)
        problems += [
            Problem(
                path,
                line,
                ERROR,
                f"{label} '{value}' trùng với bài {first}",
                f"duplicate {label}",
            )
            for path, line in others
        ]
    return problems


def check_stories(named: list[tuple[str, Path]], site: Site):
    """(path, check) of each story, given as (path, file)."""
    return [(path, check_story(path, source, site)) for path, source in named]


def checks_of(kind: str, sources, site, state: GateState, check) -> dict:
    """Each file's check, kept from the state where it still holds, else made.

    ``check`` takes the stale files as (path, file) and gives (path, check).
    """
    found, stale = {}, []
    for path, source in display_paths(site.content_dir, sources):
        kept = state.reusable(kind, path, source)
        if kept is None:
            stale.append((path, source))
        else:
            found[path] = kept
    for path, checked in check(stale):
        found[path] = checked
    state.keep(kind, found)
    return dict(sorted(found.items()))


def check_content(
    site: Site, article_dirs, page_dirs, workers=1, state: GateState | None = None
) -> list[Problem]:
    """Check every story and page under the content folder (on ``workers`` cores).

    Files whose check ``state`` kept are not read again; the rules spanning
    stories (duplicates, approvers, citations) run over every story's facts.
    """
    state = state or GateState.none(site)

    def check_articles(named: list[tuple[str, Path]]) -> list[tuple[str, FileCheck]]:
        if workers <= 1 or len(named) < 100:
            return check_stories(named, site)
        shares = [named[n :: workers * 4] for n in range(workers * 4)]
        checked = fork_map(lambda share: check_stories(share, site), shares, workers)
        return [result for share in checked for result in share]

    def check_pages(named: list[tuple[str, Path]]) -> list[tuple[str, FileCheck]]:
        return [(path, check_page(path, source, site)) for path, source in named]

    stories = checks_of(
        STORIES, markdown_files(site.content_dir, article_dirs), site, state,
        check_articles,
    )  # fmt: skip
    pages = checks_of(
        PAGES, markdown_files(site.content_dir, page_dirs), site, state, check_pages
    )
    problems = []
    seen: dict[str, dict[str, list[tuple[str, int]]]] = {"slug": {}, "id": {}}
    for path, checked in stories.items():
        problems += checked.problems
        if checked.facts is None:
            continue
        problems += story_rule_problems(path, checked.facts, site)
        for key, value, line in checked.facts.keys:
            seen[key].setdefault(value, []).append((path, line))
    for checked in pages.values():
        problems += checked.problems
    for key, places in seen.items():
        problems += duplicate_problems(key, places)
    return sorted(problems)


def display_path(source: Path) -> str:
    """The path as an editor would type it: from the current folder if inside."""
    return os.path.relpath(source) if source.is_relative_to(Path.cwd()) else str(source)


def display_paths(folder: Path, sources: list[Path]) -> list[tuple[str, Path]]:
    """``(display_path(source), source)`` of files under ``folder``, each.

    The folder's place is worked out once, not once a file.
    """
    if not folder.is_relative_to(Path.cwd()):
        return [(str(source), source) for source in sources]
    base, start = display_path(folder), len(str(folder)) + 1
    return [
        (os.path.normpath(os.path.join(base, str(source)[start:])), source)
        for source in sources
    ]


def markdown_files(content_dir: Path, folders) -> list[Path]:
    """Markdown files under the given folders of ``content_dir``, sorted."""
    files = set()
    for folder in folders:  # one walk of each folder, not one for each suffix
        files.update(
            path
            for path in (content_dir / folder).rglob("*")
            if path.suffix in MARKDOWN_SUFFIXES
        )
    return sorted(files)
