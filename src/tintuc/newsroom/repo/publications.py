"""What each publish did, kept for the people who wait for it.

One record per "Công bố": the story, its public address (by the site's own
URL rules), where the publish is (checking, building, done) and, when the
public site was not updated, why, in Vietnamese (and for admins only, the
server's own error: ``server_details``). Each record is a JSON file
of its own in ``state/publications``, written whole (``write_atomic``) under
the repository's lock and read without it; the board polls them.
"""

import datetime
import json
import os
import re
import sys
import time
from contextlib import suppress
from pathlib import Path

from pelican.contents import Article
from pelican.settings import read_settings

from tintuc.build.wrapper import extra_settings
from tintuc.cms.config import DOCUMENTS_COLLECTION
from tintuc.documents.documents import Document, set_document_slug
from tintuc.documents.settings import DEFAULTS as DOCUMENTS_DEFAULTS
from tintuc.shared.cachefiles import write_atomic
from tintuc.vn_text.dates import VIETNAM_TIME
from tintuc.vn_text.vn_text import set_ascii_slug

from . import story
from .remote import PUSH_REFUSED, PUSH_UNREACHABLE

# Where a publish is. CHECKING and BUILDING are still going on.
CHECKING = "checking"
BUILDING = "building"
LIVE = "live"
SENT = "sent"
SCHEDULED = "scheduled"
REFUSED = "refused"
BUILD_FAILED = "build_failed"
PUSH_FAILED = "push_failed"
FAILED = "failed"
PENDING = (CHECKING, BUILDING)
MESSAGES = {
    CHECKING: "Đang cập nhật… Máy chủ đang kiểm tra toàn trang với bài này.",
    BUILDING: "Đang cập nhật… Bài đã được duyệt; máy chủ đang dựng lại trang.",
    LIVE: "Trang đã cập nhật: bài đã có trên trang công khai.",
    REFUSED: "Chưa công bố: bài chưa qua được kiểm tra. Trang không thay đổi; "
    "bài vẫn nằm trên bảng duyệt để sửa.",
    BUILD_FAILED: "Bài đã được duyệt nhưng trang công khai chưa cập nhật: máy chủ "
    "không dựng được trang, nên trang vẫn như cũ. Bài không mất; hãy báo quản trị "
    "(quản trị xem được lỗi chi tiết).",
    FAILED: "Máy chủ gặp lỗi khi công bố; đã ghi lại. Hãy báo quản trị.",
}
SENT_GITHUB = "Đã gửi lên máy chủ GitHub; trang sẽ cập nhật sau vài phút."
SENT_REMOTE = (
    "Đã gửi lên kho chính; trang sẽ cập nhật sau vài phút, khi trang được dựng lại."
)
PUSH_MESSAGES = {
    PUSH_REFUSED: "Bài đã được duyệt nhưng kho chính từ chối nhận, nên trang chưa "
    "cập nhật. Máy chủ sẽ tự thử lại; bài không mất. Hãy báo quản trị.",
    PUSH_UNREACHABLE: "Bài đã được duyệt nhưng máy chủ không kết nối được tới kho "
    "chính, nên trang chưa cập nhật. Máy chủ sẽ tự gửi lại khi kết nối được; "
    "bài không mất.",
}
# A story dated later is published at that time, by the first build after it.
SCHEDULED_MESSAGE = (
    "Bài đã được duyệt và hẹn giờ: sẽ lên trang lúc {when} (chậm nhất nửa tiếng "
    "sau giờ hẹn)."
)
INTERRUPTED = "Lần công bố này bị ngắt giữa chừng (máy chủ khởi động lại). Hãy xem "
"bài trên bảng duyệt hoặc trên trang, rồi báo quản trị."
# The messages say "bài"; of a document they say "văn bản".
STORY_WORD = re.compile(r"\b[Bb]ài\b")
DOCUMENT_WORDS = {"bài": "văn bản", "Bài": "Văn bản"}
# A publish still "going on" after this long was cut short (the server died).
STALE_SECONDS = 3600
KEEP = 200


def site_settings(project_dir: Path, options=()) -> dict:
    """``publishconf.py`` as the build reads it, with the build's own options.

    ``publishconf.py`` imports ``pelicanconf``, found in the project folder
    (the build runs there).
    """
    folder = str(project_dir)
    sys.path.insert(0, folder)
    try:
        return read_settings(
            str(Path(project_dir) / "publishconf.py"),
            override=extra_settings(["-e", *options]) or None,
        )
    finally:
        with suppress(ValueError):
            sys.path.remove(folder)


def public_address(settings: dict, text: str) -> tuple[str, str]:
    """(URL, file in the output) of a story, by Pelican's and the site's rules.

    The slug is made as the build makes it (``vn_text.set_ascii_slug``).
    """
    metadata = {
        "title": story.field_value(text, "Title"),
        "slug": story.field_value(text, "Slug"),
    }
    set_ascii_slug(None, metadata)
    if not metadata.get("slug"):
        return "", ""
    article = Article("", metadata=metadata, settings=settings)
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    return f"{siteurl}/{article.url}", article.save_as


def document_address(settings: dict, text: str) -> tuple[str, str]:
    """(URL, file in the output) of a document, as the documents plugin makes them.

    The slug is its number's (``documents.set_document_slug``); the address
    follows ``DOCUMENT_URL`` and ``DOCUMENT_SAVE_AS``.
    """
    metadata = {
        "title": story.field_value(text, "Title"),
        "number": story.field_value(text, "Number"),
    }
    if not metadata["number"]:
        return "", ""
    set_document_slug(None, metadata)
    merged = {**DOCUMENTS_DEFAULTS, **settings}
    document = Document("", metadata=metadata, settings=merged)
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    return f"{siteurl}/{document.url}", document.save_as


class Publications:
    """The records of the last publishes, one JSON file each."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def start(self, **facts) -> dict:
        """A new record in ``CHECKING``: ``facts`` are the story's."""
        now = time.time()
        record = {
            "id": f"{time.time_ns()}-{os.getpid()}",
            **facts,
            "state": CHECKING,
            "reason": "",
            "details": [],
            "server_details": [],
            "push": "",
            "started": now,
            "updated": now,
            "finished": None,
        }
        self.write(record)
        self.prune()
        return record

    def update(self, record: dict, state: str, **changes) -> dict:
        """The record moved to ``state`` (with ``changes``), written whole."""
        record.update(changes, state=state, updated=time.time())
        if state not in PENDING:
            record["finished"] = record["updated"]
        self.write(record)
        return record

    def write(self, record: dict) -> None:
        data = json.dumps(record, ensure_ascii=False).encode()
        write_atomic(self.folder / f"{record['id']}.json", data)

    def prune(self) -> None:
        """Only the newest ``KEEP`` records stay."""
        for old in self.files()[KEEP:]:
            old.unlink(missing_ok=True)

    def files(self) -> list[Path]:
        """Record files, newest first."""
        if not self.folder.is_dir():
            return []
        found = [path for path in self.folder.glob("*.json") if path.is_file()]
        return sorted(found, key=lambda path: path.name, reverse=True)

    def recent(self, limit: int = 50) -> list[dict]:
        """The newest records as stored (a damaged file is skipped)."""
        records = []
        for path in self.files()[:limit]:
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(record, dict):
                records.append(record)
        return records


def as_shown(  # noqa: PLR0913 - what the board knows
    record: dict, push: dict, remote_url: str, now: float, built=0.0
) -> dict:
    """A record as the board shows it: its state now and what to say.

    A push that failed and has gone through since counts as sent; a publish
    still "going on" long after it began was cut short. A story dated later
    (``appears``) is scheduled until a build of the server's that began after
    that time succeeds (``built``: when it began); a remote's is not known.
    """
    shown = dict(record)
    state = record.get("state")
    if state == PUSH_FAILED and not push.get("pending"):
        state = SENT
    if state in PENDING and now - float(record.get("updated") or 0) > STALE_SECONDS:
        state = FAILED
        shown["reason"] = INTERRUPTED
    appears = record.get("appears")
    if isinstance(appears, (int, float)) and (
        (state == LIVE and built < appears) or (state == SENT and now < appears)
    ):
        state = SCHEDULED
    if state == SCHEDULED:
        moment = datetime.datetime.fromtimestamp(appears, VIETNAM_TIME)
        message = SCHEDULED_MESSAGE.format(when=moment.strftime("%H:%M ngày %d/%m/%Y"))
    elif state == SENT:
        message = SENT_GITHUB if "github.com" in remote_url else SENT_REMOTE
    elif state == PUSH_FAILED:
        message = PUSH_MESSAGES.get(record.get("push"), PUSH_MESSAGES[PUSH_UNREACHABLE])
    else:
        message = MESSAGES.get(state, MESSAGES[FAILED])
    document = record.get("collection") == DOCUMENTS_COLLECTION
    shown.update(
        state=state,
        message=as_document(message) if document else message,
        what="văn bản" if document else "bài",
        pending=state in PENDING,
        live=state == LIVE,
    )
    return shown


def as_document(message: str) -> str:
    """A publish's message about a story, said of a document."""
    return STORY_WORD.sub(lambda found: DOCUMENT_WORDS[found[0]], message)
