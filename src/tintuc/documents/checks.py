"""The gate's checks of ``content/documents/``: path:line, in Vietnamese.

Called by the editorial gate, so ``make check`` and every build run them.
"""

import uuid
from dataclasses import dataclass
from pathlib import Path

from tintuc.directory.model import DirectoryError
from tintuc.editorial.approvers import (
    DOCUMENT_WORDING,
    Approval,
    approval_problems,
)
from tintuc.editorial.checked import Approved, FileCheck, data_digest, input_file
from tintuc.editorial.invisible import invisible_problems
from tintuc.editorial.problems import ERROR, WARNING, Problem
from tintuc.editorial.source import decode_source
from tintuc.editorial.state import DOCUMENTS, GateState
from tintuc.shared.clock import written_moment as moment
from tintuc.vn_text.fields import split_list
from tintuc.vn_text.front_matter import FrontMatter, parse_front_matter
from tintuc.vn_text.normalise import source_text

from .model import attachment_path, attachments, load_kinds
from .numbers import (
    citations,
    number_slug,
    parse_number,
    symbol_issuer_code,
    symbol_type_code,
)
from .pdf import PdfProblem, pdf_facts
from .settings import DEFAULTS

REQUIRED = {
    "title": "trích yếu",
    "id": "mã văn bản",
    "number": "số, ký hiệu",
    "type": "loại văn bản",
    "issuer": "cơ quan ban hành",
    "date": "ngày ban hành",
    "signer": "người ký",
    "signer_title": "chức vụ người ký",
    "status": "trạng thái",
}
STATUSES = ("draft", "review", "published")


def settings_of(site) -> dict:
    return {**DEFAULTS, **site.settings}


def document_files(site) -> list[Path]:
    folder = site.content_dir / settings_of(site)["DOCUMENTS_PATH"]
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def line_of(front: FrontMatter, key: str) -> int:
    meta = front.fields.get(key)
    return meta.line if meta else 1


@dataclass(frozen=True)
class DocumentFacts:
    """What the rules spanning the library read of one document.

    :param lines: the line of its ``number``, ``replaces`` and ``related`` fields.
    """

    path: str
    number: str
    status: str
    replaces: tuple[str, ...]
    related: tuple[str, ...]
    lines: tuple[tuple[str, int], ...]
    citations: tuple[tuple[str, int], ...]
    approved: Approved | None
    issuer: str | None = None  # the issuing unit's slug today (after merges)
    title: str = ""

    def line_of(self, key: str) -> int:
        return dict(self.lines)[key]

    def named(self) -> str:
        """How a message names it: its title for staff, its file for the owner."""
        return f"“{self.title}” ({self.path})" if self.title else self.path


def cited_in(front: FrontMatter) -> tuple[tuple[str, int], ...]:
    """Each ``[[number]]`` in a body, with its line in the file."""
    return tuple(
        (number, front.body_line + line) for number, line in citations(front.body)
    )


def as_warnings(problems: list[Problem]) -> list[Problem]:
    """A draft may be unfinished: its problems are said, but stop no build."""
    return [Problem(p.path, p.line, WARNING, p.message, p.hint) for p in problems]


class DocumentCheck:
    """The checks of one document file."""

    def __init__(self, path: str, source: Path, site, kinds):
        self.path, self.source, self.site = path, source, site
        self.types, self.fields = kinds
        self.problems: list[Problem] = []
        # The PDFs it read, and its approval (for the rules spanning files).
        self.inputs: list[tuple[str, str, bytes | None]] = []
        self.approved: Approved | None = None
        self.digest = b""

    def error(self, line: int, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, line, ERROR, message, hint))

    def run(self) -> FrontMatter | None:
        data = self.source.read_bytes()
        self.digest = data_digest(data)
        text, line, encoding = decode_source(data)
        if text is None:
            self.error(line, f"tệp không phải UTF-8 (có vẻ là {encoding})", "not UTF-8")
            return None
        front = parse_front_matter(source_text(text))
        self.problems += invisible_problems(self.path, front)
        for key, label in REQUIRED.items():
            if not front.get(key):
                self.error(
                    1, f"thiếu trường bắt buộc '{key.capitalize()}' ({label})",
                    f"required field '{key}' is missing",
                )  # fmt: skip
        self.check_number(front)
        self.check_lists(front)
        self.check_dates(front)
        self.check_status_and_approver(front)
        self.check_files(front)
        if front.get("status").lower() == "draft":
            self.problems = as_warnings(self.problems)
        return front

    def check_number(self, front: FrontMatter) -> None:
        number, line = front.get("number"), line_of(front, "number")
        if front.get("id"):
            try:
                uuid.UUID(front.get("id"))
            except ValueError:
                self.error(line_of(front, "id"), "Id không phải mã UUID", "bad Id")
        if not number:
            return
        if parse_number(number) is None:
            self.error(
                line,
                f"số, ký hiệu '{number}' không đúng mẫu 'số/LOẠI-CƠ QUAN', "
                "ví dụ 227/KH-UBND hoặc 12/2026/QĐ-UBND",
                "document number does not fit number/TYPE-ISSUER",
            )
            return
        kind = self.types.find(front.get("type"))
        code = symbol_type_code(number)
        if kind and kind.code and code != kind.code:
            self.error(
                line,
                f"ký hiệu '{code}' không khớp loại '{kind.name}' (phải là {kind.code})",
                "the symbol does not match the document type",
            )
            return
        issuer = self.site.directory["unit"].find(front.get("issuer") or "")
        if kind and issuer and issuer.code:
            body = symbol_issuer_code(number, kind.code)
            if body != issuer.code:
                self.error(
                    line,
                    f"ký hiệu cơ quan '{body}' không khớp cơ quan ban hành "
                    f"'{issuer.name}' (phải là {issuer.code})",
                    "the symbol does not match the issuer",
                )

    def check_lists(self, front: FrontMatter) -> None:
        directory = self.site.directory
        if front.get("type") and self.types.find(front.get("type")) is None:
            self.error(
                line_of(front, "type"),
                f"loại văn bản '{front.get('type')}' không có trong {self.types.path}",
                "unknown document type",
            )
        if front.get("issuer") and directory["unit"].find(front.get("issuer")) is None:
            self.error(
                line_of(front, "issuer"),
                f"cơ quan ban hành '{front.get('issuer')}' không có trong danh sách "
                "đơn vị",
                "unknown issuer",
            )
        if front.get("field") and self.fields.find(front.get("field")) is None:
            self.error(
                line_of(front, "field"),
                f"lĩnh vực '{front.get('field')}' không có trong {self.fields.path}",
                "unknown field",
            )
        for name in split_list(front.get("communes")):
            if directory["commune"].find(name) is None:
                self.error(
                    line_of(front, "communes"),
                    f"xã '{name}' không có trong danh sách",
                    "unknown commune",
                )

    def check_dates(self, front: FrontMatter) -> None:
        for key, label in (
            ("date", "ngày ban hành"),
            ("in_force", "ngày có hiệu lực"),
            ("expires", "ngày hết hiệu lực"),
        ):
            if front.get(key) and moment(front.get(key)) is None:
                self.error(
                    line_of(front, key),
                    f"{label} '{front.get(key)}' không đọc được (viết 15/10/2026)",
                    f"bad {key} date",
                )
        issued, expires = moment(front.get("date")), moment(front.get("expires"))
        if issued and expires and expires < issued:
            self.error(
                line_of(front, "expires"),
                "ngày hết hiệu lực trước ngày ban hành",
                "expires before it was issued",
            )

    def check_status_and_approver(self, front: FrontMatter) -> None:
        status = front.get("status").lower()
        if status and status not in STATUSES:
            self.error(
                line_of(front, "status"),
                f"trạng thái '{status}' phải là draft, review hoặc published",
                "bad status",
            )
        if status != "published":
            return
        name, line = front.get("approver"), line_of(front, "approver")
        if not name:
            self.error(
                1, "văn bản đã công bố phải có người duyệt (Approver)",
                "a published document needs an approver",
            )  # fmt: skip
            return
        units = self.site.directory["unit"]
        issuer, issued = front.get("issuer"), moment(front.get("date"))
        approval = Approval(
            name=name,
            writers=(front.get("signer"),),
            unit=units.find(issuer) if issuer else None,
            unit_written=bool(issuer),
            date=issued.date() if issued else None,
        )
        self.approved = Approved(approval, line)

    def check_files(self, front: FrontMatter) -> None:
        limit = settings_of(self.site)["DOCUMENTS_MAX_PDF_BYTES"]
        for attachment in attachments(front):
            path = attachment_path(
                self.source, attachment.source, self.site.content_dir
            )
            if path is None:  # checked before anything is read
                self.error(
                    attachment.line,
                    f"tệp '{attachment.source}': phải nằm trong thư mục nội dung "
                    "(content/), ví dụ files/227-kh-ubnd.pdf",
                    "an attachment must be inside the content folder",
                )
                continue
            self.inputs.append(input_file("", path, self.site.content_dir))
            if path.suffix.lower() != ".pdf":
                self.error(
                    attachment.line,
                    f"tệp '{attachment.source}': chỉ nhận tệp PDF",
                    "only PDF files are published",
                )
                continue
            try:
                pdf_facts(path, limit)
            except PdfProblem as problem:
                self.error(
                    attachment.line,
                    f"tệp '{attachment.source}': {problem}",
                    "the PDF cannot be published",
                )


def relation_problems(
    checked: list[DocumentFacts], preview: bool = False
) -> list[Problem]:
    """Duplicate numbers or addresses, unknown numbers, "replaces" cycles.

    Only published documents can be cited (any, in a preview build).
    """
    problems, numbers, slugs = [], {}, {}
    for facts in checked:
        path, number = facts.path, facts.number
        slug = number_slug(number)
        if slug in slugs and slugs[slug].number != number:
            problems.append(
                Problem(
                    path,
                    facts.line_of("number"),
                    ERROR,
                    f"số '{number}' có cùng địa chỉ /{slug}/ với văn bản "
                    f"'{slugs[slug].number}' {slugs[slug].named()}",
                    "two numbers with one web address",
                )  # fmt: skip
            )
        slugs.setdefault(slug, facts)
        if number in numbers:
            problems.append(
                Problem(
                    path,
                    facts.line_of("number"),
                    ERROR,
                    f"số '{number}' trùng với văn bản {numbers[number].named()}",
                    "duplicate document number",
                )  # fmt: skip
            )
        numbers.setdefault(number, facts)
    public = public_numbers(checked, preview)
    replaces, first = {}, {}
    for facts in checked:
        for key, cited_numbers in (
            ("replaces", facts.replaces), ("related", facts.related)
        ):  # fmt: skip
            for cited in cited_numbers:
                if cited not in public:
                    problems.append(
                        Problem(
                            facts.path,
                            facts.line_of(key),
                            ERROR,
                            f"văn bản số '{cited}' "
                            + (
                                "chưa được công bố"
                                if cited in numbers
                                else "không có trong thư viện văn bản"
                            ),
                            "unknown document number",
                        )  # fmt: skip
                    )
        problems += citation_problems(facts.path, facts.citations, public)
        replaces.setdefault(facts.number, facts.replaces)
        first.setdefault(facts.number, facts)
    for facts in checked:
        problems += replaced_elsewhere(facts, first)
    for start, facts in first.items():
        seen, queue = set(), list(replaces.get(start, ()))
        while queue:
            number = queue.pop()
            if number == start:
                problems.append(
                    Problem(
                        facts.path,
                        facts.line_of("replaces"),
                        ERROR,
                        f"vòng thay thế: văn bản '{start}' lại bị chính nó thay thế",
                        "a cycle of replaced documents",
                    )  # fmt: skip
                )
                break
            if number not in seen:
                seen.add(number)
                queue.extend(replaces.get(number, ()))
    return problems


def issuer_today(site, issuer: str | None) -> str | None:
    """The slug of the unit ``issuer`` names, as it is today; None if none."""
    found = site.directory["unit"].find_current(issuer)
    return found.slug if found else None


def replaced_elsewhere(facts: DocumentFacts, first: dict) -> list[Problem]:
    """A document replacing one another unit issued: refused.

    Only the issuing body changes its own documents; else any unit's writer
    and approver could mark another unit's decision "replaced" on the site.
    """
    problems = []
    for number in facts.replaces:
        old = first.get(number)
        if old and facts.issuer and old.issuer and old.issuer != facts.issuer:
            problems.append(
                Problem(
                    facts.path,
                    facts.line_of("replaces"),
                    ERROR,
                    f"văn bản '{number}' do cơ quan khác ban hành; chỉ cơ quan "
                    "ban hành mới thay thế được văn bản của mình",
                    "a document replaces only its own issuer's documents",
                )  # fmt: skip
            )
    return problems


def public_numbers(checked: list[DocumentFacts], preview: bool) -> set[str]:
    """The numbers stories and documents may cite: the published (all, in preview)."""
    return {facts.number for facts in checked if preview or facts.status == "published"}


def facts_of(path: str, front: FrontMatter, site, approved=None) -> DocumentFacts:
    """What the library's rules read of a document's fields."""
    return DocumentFacts(
        path=path,
        number=front.get("number"),
        status=front.get("status").lower(),
        replaces=tuple(split_list(front.get("replaces"))),
        related=tuple(split_list(front.get("related"))),
        lines=tuple(
            (key, line_of(front, key)) for key in ("number", "replaces", "related")
        ),
        citations=cited_in(front),
        approved=approved,
        issuer=issuer_today(site, front.get("issuer")),
        title=front.get("title") or "",
    )


def check_document(path: str, source: Path, site, kinds) -> FileCheck:
    """Check one document alone: its problems, and its facts for the library's rules."""
    check = DocumentCheck(path, source, site, kinds)
    front = check.run()
    facts = None if front is None else facts_of(path, front, site, check.approved)
    return FileCheck(
        check.digest, tuple(check.problems), facts, tuple(check.inputs), now=site.now
    )


def read_facts(path: str, source: Path, site) -> DocumentFacts | None:
    """A document's facts, its fields read but not checked (nor its PDFs opened)."""
    text = decode_source(source.read_bytes())[0]
    if text is None:
        return None
    return facts_of(path, parse_front_matter(source_text(text)), site)


def library_problems(site, facts: DocumentFacts, display_path) -> list[Problem]:
    """The library's rules that one document breaks, the others as they are now.

    A number used twice, a related or replaced number not published, a cycle:
    what the whole check would say of this document, at its path only.
    """
    if not facts.number:
        return []
    others = []
    for source in document_files(site):
        path = display_path(source)
        other = None if path == facts.path else read_facts(path, source, site)
        if other is not None and other.number:
            others.append(other)
    preview = bool(site.settings.get("EDITORIAL_PREVIEW"))
    broken = relation_problems([*others, facts], preview)
    found = [problem for problem in broken if problem.path == facts.path]
    return as_warnings(found) if facts.status == "draft" else found


def library_kinds(site) -> tuple:
    """The document types and fields of the site's data files (``DirectoryError``)."""
    settings = settings_of(site)
    data_dir = site.content_dir / settings["DIRECTORY_DATA_DIR"]
    return (
        load_kinds(data_dir / settings["DOCUMENTS_TYPES_FILE"], "type"),
        load_kinds(data_dir / settings["DOCUMENTS_FIELDS_FILE"], "field"),
    )


def data_file_problem(error: DirectoryError) -> Problem:
    """A data file the library cannot read, as the gate reports it."""
    path, _, message = str(error).partition(": ")
    return Problem(path, 1, ERROR, message, "invalid data file")


def approver_problems(site, facts: DocumentFacts) -> list[Problem]:
    """A published document's approver, checked against approvers.toml."""
    if facts.approved is None:
        return []
    return [
        Problem(facts.path, facts.approved.line, ERROR, message, hint)
        for message, hint in approval_problems(
            facts.approved.approval,
            site.approvers,
            site.directory["unit"],
            DOCUMENT_WORDING,
        )
    ]


def document_problems(site, source: Path, display_path) -> list[Problem]:
    """The problems of one document file, as the whole gate finds them.

    Its fields, number, dates, PDFs and approver, and the rules spanning the
    library (duplicate numbers, cited numbers, cycles) against the library's
    other documents as ``site`` holds them. The newsroom server runs it at
    each save.
    """
    try:
        kinds = library_kinds(site)
    except DirectoryError as error:
        return [data_file_problem(error)]
    document = check_document(display_path(source), source, site, kinds)
    problems = list(document.problems)
    if document.facts is not None:
        problems += approver_problems(site, document.facts)
        problems += library_problems(site, document.facts, display_path)
    return problems


def check_documents(
    site, display_path, state: GateState | None = None
) -> tuple[list[Problem], set[str]]:
    """Every problem of the document library, and the numbers it holds.

    Documents whose check ``state`` kept are not read again.
    """
    state = state or GateState.none(site)
    files = document_files(site)
    if not files:
        return [], set()
    try:
        kinds = library_kinds(site)
    except DirectoryError as error:
        return [data_file_problem(error)], set()
    found = {}
    for source in files:
        path = display_path(source)
        found[path] = state.reusable(DOCUMENTS, path, source) or check_document(
            path, source, site, kinds
        )
    state.keep(DOCUMENTS, found)
    problems, checked = [], []
    for document in found.values():
        problems += document.problems
        facts = document.facts
        if facts is None:
            continue
        problems += approver_problems(site, facts)
        if facts.number:
            checked.append(facts)
    preview = bool(site.settings.get("EDITORIAL_PREVIEW"))
    drafts = {facts.path for facts in checked if facts.status == "draft"}
    for problem in relation_problems(checked, preview):
        problems += as_warnings([problem]) if problem.path in drafts else [problem]
    return problems, public_numbers(checked, preview)


def citation_problems(
    path: str, cited: tuple[tuple[str, int], ...], known: set[str]
) -> list[Problem]:
    """A problem for each cited ``[[number]]`` (with its line) not in ``known``."""
    return [
        Problem(
            path,
            line,
            ERROR,
            f"trích dẫn [[{number}]]: không có văn bản số này trong thư viện văn bản",
            "unknown document number",
        )  # fmt: skip
        for number, line in cited
        if number not in known
    ]
