"""Stories, photos and protocol requests for the newsroom server's tests."""

import base64
import io
import tempfile
import uuid
from pathlib import Path

from PIL import Image

from tests.integration.test_documents_gate import GOOD, document_text
from tests.unit.test_documents import a_pdf

COLLECTION = "thoi-su"
FOLDER = "content/articles/thoi-su"
UNIT_NAME = "UBND xã Định Hóa"
OTHER_UNIT_NAME = "Công an xã Định Hóa"


def story_raw(slug: str, *, unit=UNIT_NAME, approver="", photo="", line="") -> str:
    """A story as Decap's form (newsroom.js) writes it."""
    fields = [
        f"Title: Tin thử {slug}",
        f"Id: {uuid.uuid5(uuid.NAMESPACE_URL, slug)}",
        f"Slug: {slug[11:]}",
        "Date: 2026-12-01 08:00",
        "Section: Thời sự",
        "Authors: Trần Thị Viết",
        f"Unit: {unit}",
        "Summary: Một câu tóm tắt của tin thử.",
    ]
    if photo:
        fields += [f"Image: {photo}", "Image_alt: Người dân họp ở nhà văn hóa thôn"]
    if approver:
        fields.append(f"Approver: {approver}")
    fields.append("Status: published")
    body = line or "Nội dung tin thử, viết ở xã."
    return "\n".join(fields) + f"\n\n{body}\n"


def jpeg(colour=(40, 120, 60), size=(320, 200)) -> bytes:
    """A real small photo."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def asset(path: str, data: bytes) -> dict:
    """An upload as Decap sends it."""
    return {
        "path": path,
        "content": base64.b64encode(data).decode(),
        "encoding": "base64",
    }


def persist_params(slug: str, raw: str, assets=(), status="draft") -> dict:
    """``persistEntry`` of one story in the editorial workflow."""
    return {
        "dataFiles": [{"slug": slug, "path": f"{FOLDER}/{slug}.md", "raw": raw}],
        "assets": list(assets),
        "options": {
            "collectionName": COLLECTION,
            "commitMessage": f"Bài mới: {slug}",
            "useWorkflow": True,
            "status": status,
        },
    }


def entry_key(slug: str) -> dict:
    """The (collection, slug) of a workflow action."""
    return {"collection": COLLECTION, "slug": slug}


def in_review(client, slug: str) -> str:
    """A new story saved by ``client`` and sent to review; its slug."""
    saved = client.api("persistEntry", persist_params(slug, story_raw(slug)))
    assert saved.status == 200, saved.text
    sent = client.api(
        "updateUnpublishedEntryStatus",
        {**entry_key(slug), "newStatus": "pending_review"},
    )
    assert sent.status == 200, sent.text
    return slug


# The document library (collection "van-ban"), as Decap's form writes it.
DOCUMENTS = "van-ban"
DOCUMENT_FOLDER = "content/documents"
DOCUMENT_SLUG = "2026-10-15-227-kh-ubnd"
DOCUMENT_PDF = f"{DOCUMENT_FOLDER}/files/227.pdf"


def document_raw(**changes) -> str:
    """A document the gate passes (its test's), with ``changes`` (None: left out).

    No Approver: the server writes it when an approver signs.
    """
    return document_text({**GOOD, "Approver": None, **changes})


def numbered_document(serial: int, **changes) -> tuple[str, str, str]:
    """(slug, text, PDF path) of plan ``<serial>/KH-UBND``, with a PDF of its own."""
    number = f"{serial}/KH-UBND"
    own = {
        "Number": number,
        "Id": str(uuid.uuid5(uuid.NAMESPACE_URL, number)),
        "Files": f"files/{serial}.pdf | Kế hoạch",
    }
    raw = document_raw(**(own | changes))
    return f"2026-10-15-{serial}-kh-ubnd", raw, f"{DOCUMENT_FOLDER}/files/{serial}.pdf"


def add_published_documents(content: Path, *serials: int) -> list[str]:
    """Published plans, signed and with their PDFs, in a site's content; paths."""
    paths = []
    for serial in serials:
        slug, raw, pdf = numbered_document(serial, Approver="Nguyễn Thị Thu")
        (content.parent / pdf).parent.mkdir(parents=True, exist_ok=True)
        a_pdf(content.parent / pdf)
        (content.parent / DOCUMENT_FOLDER / f"{slug}.md").write_text(raw, "utf-8")
        paths.append(f"{DOCUMENT_FOLDER}/{slug}.md")
    return paths


def document_params(slug: str, raw: str, assets=(), status="draft") -> dict:
    """``persistEntry`` of one document in the editorial workflow."""
    path = f"{DOCUMENT_FOLDER}/{slug}.md"
    return {
        "branch": "main",
        "dataFiles": [{"slug": slug, "path": path, "raw": raw}],
        "assets": list(assets),
        "options": {
            "collectionName": DOCUMENTS,
            "commitMessage": f"Văn bản mới: {slug}",
            "useWorkflow": True,
            "status": status,
        },
    }


def document_key(slug: str = DOCUMENT_SLUG) -> dict:
    """The (collection, slug) of a document's workflow action."""
    return {"branch": "main", "collection": DOCUMENTS, "slug": slug}


def pdf() -> bytes:
    """A signed plan's PDF, as the gate's tests make it."""
    with tempfile.TemporaryDirectory() as folder:
        return a_pdf(Path(folder) / "van-ban.pdf").read_bytes()
