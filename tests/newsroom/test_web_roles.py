"""The role matrix: every action of Decap's proxy protocol × every kind of account.

Stories of a section, and documents of the library (collection "van-ban",
whose unit is the issuer) alike.

The real server under gunicorn answers; each cell's status is asserted from
the table below, and a refused change must leave the clone and the remote
exactly as they were. ``docs/may-chu-toa-soan.md`` carries the same table.
"""

import itertools

import pytest

from tests.newsroom.stories import (
    COLLECTION,
    DOCUMENT_FOLDER,
    FOLDER,
    asset,
    document_key,
    document_params,
    entry_key,
    jpeg,
    numbered_document,
    pdf,
    persist_params,
    story_raw,
)
from tests.newsroom.web_server import (
    ACCOUNTS,
    ADMIN_PASSWORD,
    PUBLISHED_DOCUMENTS,
    Client,
    start_server,
)
from tintuc.newsroom.policy import READ_ACTIONS

# ok = 200; 401 = no session; 403 = the policy refuses (Vietnamese reason);
# 404 = another unit's draft, answered as if there were none.
MATRIX = """
action                                 | signed-out | writer | writer-other | approver | approver-other | admin | disabled
info                                   | 401        | ok     | ok           | ok       | ok             | ok    | 401
entriesByFolder                        | 401        | ok     | ok           | ok       | ok             | ok    | 401
entriesByFiles                         | 401        | ok     | ok           | ok       | ok             | ok    | 401
getEntry                               | 401        | ok     | ok           | ok       | ok             | ok    | 401
unpublishedEntries                     | 401        | ok     | ok           | ok       | ok             | ok    | 401
unpublishedEntry                       | 401        | ok     | 404          | ok       | 404            | ok    | 401
unpublishedEntryDataFile               | 401        | ok     | 404          | ok       | 404            | ok    | 401
unpublishedEntryMediaFile              | 401        | ok     | 404          | ok       | 404            | ok    | 401
getMedia                               | 401        | ok     | ok           | ok       | ok             | ok    | 401
getMediaFile                           | 401        | ok     | ok           | ok       | ok             | ok    | 401
getDeployPreview                       | 401        | ok     | 404          | ok       | 404            | ok    | 401
persistEntry (new story)               | 401        | ok     | 403          | ok       | 403            | 403   | 401
persistEntry (edit a story in review)  | 401        | ok     | 403          | ok       | 403            | 403   | 401
updateUnpublishedEntryStatus → draft   | 401        | ok     | 403          | ok       | 403            | 403   | 401
updateUnpublishedEntryStatus → review  | 401        | ok     | 403          | ok       | 403            | 403   | 401
updateUnpublishedEntryStatus → ready   | 401        | 403    | 403          | ok       | 403            | 403   | 401
publishUnpublishedEntry                | 401        | 403    | 403          | ok       | 403            | 403   | 401
deleteUnpublishedEntry                 | 401        | ok     | 403          | ok       | 403            | 403   | 401
persistMedia                           | 401        | ok     | ok           | ok       | ok             | 403   | 401
deleteFile (a published story)         | 401        | 403    | 403          | ok       | 403            | 403   | 401
deleteFile (a photo)                   | 401        | 403    | 403          | ok       | ok             | 403   | 401
deleteFiles (photos)                   | 401        | 403    | 403          | ok       | ok             | 403   | 401
entriesByFolder (documents)            | 401        | ok     | ok           | ok       | ok             | ok    | 401
getEntry (a published document)        | 401        | ok     | ok           | ok       | ok             | ok    | 401
unpublishedEntry (document)            | 401        | ok     | 404          | ok       | 404            | ok    | 401
unpublishedEntryDataFile (document)    | 401        | ok     | 404          | ok       | 404            | ok    | 401
unpublishedEntryMediaFile (its PDF)    | 401        | ok     | 404          | ok       | 404            | ok    | 401
getDeployPreview (document)            | 401        | ok     | 404          | ok       | 404            | ok    | 401
persistEntry (new document)            | 401        | ok     | 403          | ok       | 403            | 403   | 401
persistEntry (edit a document)         | 401        | ok     | 403          | ok       | 403            | 403   | 401
updateUnpublishedEntryStatus → draft (document)  | 401 | ok  | 403          | ok       | 403            | 403   | 401
updateUnpublishedEntryStatus → review (document) | 401 | ok  | 403          | ok       | 403            | 403   | 401
updateUnpublishedEntryStatus → ready (document)  | 401 | 403 | 403          | ok       | 403            | 403   | 401
publishUnpublishedEntry (document)     | 401        | 403    | 403          | ok       | 403            | 403   | 401
deleteUnpublishedEntry (document)      | 401        | ok     | 403          | ok       | 403            | 403   | 401
persistMedia (a PDF)                   | 401        | ok     | ok           | ok       | ok             | 403   | 401
deleteFile (a published document)      | 401        | 403    | 403          | ok       | 403            | 403   | 401
getNotes                               | 401        | ok     | 404          | ok       | 404            | ok    | 401
addNote                                | 401        | ok     | 403          | ok       | 403            | 403   | 401
updateNote (the writer's words)        | 401        | ok     | 403          | 403      | 403            | 403   | 401
updateNote → resolved (writer's note)  | 401        | ok     | 403          | ok       | 403            | 403   | 401
toggleNoteResolution (writer's note)   | 401        | ok     | 403          | ok       | 403            | 403   | 401
deleteNote (the writer's note)         | 401        | ok     | 403          | 403      | 403            | 403   | 401
getNotes (document)                    | 401        | ok     | 404          | ok       | 404            | ok    | 401
addNote (document)                     | 401        | ok     | 403          | ok       | 403            | 403   | 401
"""
# Column → the account that plays it (None: nobody signed in).
PLAYERS = {
    "signed-out": None,
    "writer": "viet-a",
    "writer-other": "viet-b",
    "approver": "duyet-a",
    "approver-other": "duyet-b",
    "admin": "quantri",
    "disabled": "tat",
}
SHARED = "2026-12-01-bai-chung"
PUBLISHED = f"{FOLDER}/2026-11-27-tham-xa-diem-mac.md"
# The one story the approver deletes (no other story links to it).
FESTIVAL = "content/articles/nguoi-tot-viec-tot/2026-11-20-le-hoi.md"
# Documents (collection "van-ban"): one in the workflow, two published plans.
SHARED_DOCUMENT = 399
PUBLISHED_DOCUMENT, DELETED_DOCUMENT = (
    f"{DOCUMENT_FOLDER}/{numbered_document(serial)[0]}.md"
    for serial in PUBLISHED_DOCUMENTS
)


def parse(table: str) -> dict[str, dict[str, str]]:
    """The table as {action: {column: answer}}."""
    lines = [line for line in table.strip().splitlines() if line.strip()]
    columns = [cell.strip() for cell in lines[0].split("|")][1:]
    rows = {}
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.split("|")]
        rows[cells[0]] = dict(zip(columns, cells[1:], strict=True))
    return rows


EXPECTED = parse(MATRIX)
# Publishing and deleting check the whole site each time: about a minute and a half.
pytestmark = pytest.mark.slow


class Cases:
    """Each row's request, made fresh where a success would use the thing up."""

    def __init__(self, server, writer: Client):
        self.server = server
        self.writer = writer
        self.count = itertools.count()

    def draft(self, *, photo=False) -> str:
        """A new story of the unit saved by its writer; its slug."""
        slug = f"2026-12-01-bai-{next(self.count)}"
        assets = []
        image = ""
        if photo:
            image = f"images/2026/12/{slug}.jpg"
            assets = [asset(f"content/{image}", jpeg())]
        answer = self.writer.api(
            "persistEntry", persist_params(slug, story_raw(slug, photo=image), assets)
        )
        assert answer.status == 200, answer.text
        return slug

    def photo(self) -> str:
        """A photo on main (uploaded by the writer)."""
        path = f"content/images/anh-{next(self.count)}.jpg"
        answer = self.writer.api(
            "persistMedia",
            {"asset": asset(path, jpeg()), "options": {"commitMessage": "Ảnh"}},
        )
        assert answer.status == 200, answer.text
        return path

    def params(self, action: str, fresh: bool, actor: Client) -> tuple[str, dict]:  # noqa: PLR0911
        """The protocol action and its parameters for one row.

        ``fresh``: the request would use its story or file up (a success of a
        change), so it gets one of its own.
        """
        if "Note" in action:
            return self.note_params(action)
        if "document" in action or "PDF" in action:
            return self.document_params(action, fresh, actor)
        slug = self.draft() if fresh else SHARED
        name = action.split(" ", maxsplit=1)[0]
        key = entry_key(slug)
        media = f"content/images/2026/12/{SHARED}.jpg"
        requests = {
            "info": {},
            "entriesByFolder": {"folder": FOLDER, "extension": "md", "depth": 1},
            "entriesByFiles": {"files": [{"path": PUBLISHED}]},
            "getEntry": {"path": PUBLISHED},
            "unpublishedEntries": {},
            "unpublishedEntry": key,
            "unpublishedEntryDataFile": {
                **key,
                "id": f"{FOLDER}/{SHARED}.md",
                "path": f"{FOLDER}/{SHARED}.md",
            },
            "unpublishedEntryMediaFile": {**key, "id": media, "path": media},
            "getMedia": {"mediaFolder": "content/images"},
            "getMediaFile": {"path": "content/images/lead.jpg"},
            "getDeployPreview": key,
            "publishUnpublishedEntry": key,
            "deleteUnpublishedEntry": key,
        }
        if name in requests:
            return name, requests[name]
        if action.startswith("persistEntry (new"):
            new = f"2026-12-02-moi-{next(self.count)}"
            return name, persist_params(new, story_raw(new))
        if name == "persistEntry":
            # One edits what one has opened (the server refuses a stale copy).
            path = f"{FOLDER}/{slug}.md"
            actor.api(
                "unpublishedEntryDataFile",
                {**key, "id": path, "path": path},
            )
            raw = story_raw(slug, line="Một dòng sửa.")
            return name, persist_params(slug, raw)
        if name == "updateUnpublishedEntryStatus":
            return name, {**key, "newStatus": new_status(action)}
        if name == "persistMedia":
            path = f"content/images/tai-len-{next(self.count)}.jpg"
            return name, {
                "asset": asset(path, jpeg()),
                "options": {"commitMessage": "Ảnh"},
            }
        options = {"options": {"commitMessage": "Xóa"}}
        if action == "deleteFile (a published story)":
            path = FESTIVAL if fresh else PUBLISHED
            return name, {"path": path, **options}
        if name == "deleteFile":
            return name, {
                "path": self.photo() if fresh else "content/images/lead.jpg",
                **options,
            }
        return name, {
            "paths": [self.photo() if fresh else "content/images/lead.jpg"],
            **options,
        }

    def note_params(self, action: str) -> tuple[str, dict]:
        """A row about notes: on the shared story (or document) in review.

        A row that names a note gets a new one, written by the unit's writer.
        """
        name = action.split(" ", maxsplit=1)[0]
        if "document" in action:
            key = document_key(numbered_document(SHARED_DOCUMENT)[0])
        else:
            key = entry_key(SHARED)
        if name == "getNotes":
            return name, key
        if name == "addNote":
            return name, {**key, "note": {"content": "Cần thêm ảnh."}}
        written = self.writer.api("addNote", {**key, "note": {"content": "Đã sửa."}})
        assert written.status == 200, written.text
        note = {**key, "noteId": written.json()["note"]["id"]}
        if name == "updateNote":
            updates = (
                {"resolved": True} if "resolved" in action else {"content": "Sửa."}
            )
            return name, {**note, "updates": updates}
        return name, note

    def document(self, serial: int, **changes) -> dict:
        """``persistEntry`` of plan ``serial`` with its PDF, as Decap sends it."""
        slug, raw, path = numbered_document(serial, **changes)
        return document_params(slug, raw, [asset(path, pdf())])

    def document_draft(self) -> int:
        """A new plan of the unit with its PDF, saved by its writer; its serial."""
        serial = 400 + next(self.count)
        answer = self.writer.api("persistEntry", self.document(serial))
        assert answer.status == 200, answer.text
        return serial

    def document_params(self, action: str, fresh: bool, actor: Client):  # noqa: PLR0911
        """The request of a row about the document library."""
        name = action.split(" ", maxsplit=1)[0]
        if name == "entriesByFolder":
            return name, {"folder": DOCUMENT_FOLDER, "extension": "md", "depth": 1}
        if name == "getEntry":
            return name, {"path": PUBLISHED_DOCUMENT}
        if name == "persistMedia":
            path = f"{DOCUMENT_FOLDER}/files/tai-len-{next(self.count)}.pdf"
            return name, {
                "asset": asset(path, pdf()),
                "options": {"commitMessage": "Tệp"},
            }
        if name == "deleteFile":
            path = DELETED_DOCUMENT if fresh else PUBLISHED_DOCUMENT
            return name, {"path": path, "options": {"commitMessage": "Xóa"}}
        if action.startswith("persistEntry (new"):
            return name, self.document(500 + next(self.count))
        serial = self.document_draft() if fresh else SHARED_DOCUMENT
        slug, _, pdf_path = numbered_document(serial)
        key = document_key(slug)
        path = f"{DOCUMENT_FOLDER}/{slug}.md"
        if name == "persistEntry":
            # One edits what one has opened (the server refuses a stale copy).
            actor.api("unpublishedEntryDataFile", {**key, "id": path, "path": path})
            return name, self.document(serial, Signer_title="Phó Chủ tịch")
        if name == "updateUnpublishedEntryStatus":
            return name, {**key, "newStatus": new_status(action)}
        if name == "unpublishedEntryDataFile":
            return name, {**key, "id": path, "path": path}
        if name == "unpublishedEntryMediaFile":
            return name, {**key, "id": pdf_path, "path": pdf_path}
        return name, key


def new_status(action: str) -> str:
    """The status a row "updateUnpublishedEntryStatus → …" asks for."""
    asked = action.split("→ ")[1].split(maxsplit=1)[0]
    return {"draft": "draft", "review": "pending_review"}.get(asked, "pending_publish")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The server, every account signed in, the disabled one disabled after."""
    running = start_server(tmp_path_factory.mktemp("roles"), library=True)
    try:
        clients = {None: Client(running.url)}
        passwords = {name: values[3] for name, values in ACCOUNTS.items()}
        passwords["quantri"] = ADMIN_PASSWORD
        for username in filter(None, PLAYERS.values()):
            client = Client(running.url)
            assert client.sign_in(username, passwords[username]).status == 302
            clients[username] = client
        # An admin disables the account in the browser: its open session ends.
        answer = clients["quantri"].post_form(
            "/tai-khoan/tat/hoat-dong/", {"active": "0"}, page="/tai-khoan/"
        )
        assert answer.status == 302
        assert Client(running.url).sign_in("tat", passwords["tat"]).status == 400
        running.clients = clients
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def answers(server):
    """Every cell's status, refused changes checked to have written nothing."""
    cases = Cases(server, server.clients["viet-a"])
    shared = persist_params(
        SHARED,
        story_raw(SHARED, photo=f"images/2026/12/{SHARED}.jpg"),
        [asset(f"content/images/2026/12/{SHARED}.jpg", jpeg())],
    )
    assert server.clients["viet-a"].api("persistEntry", shared).status == 200
    document = cases.document(SHARED_DOCUMENT)
    assert server.clients["viet-a"].api("persistEntry", document).status == 200
    table = {}
    for action, row in EXPECTED.items():
        table[action] = {}
        for column, username in PLAYERS.items():
            changes = action.split(" ", maxsplit=1)[0] not in READ_ACTIONS
            client = server.clients[username]
            name, params = cases.params(
                action, fresh=changes and row[column] == "ok", actor=client
            )
            before = (server.clone_heads(), server.remote_main())
            answer = client.api(name, params)
            table[action][column] = "ok" if answer.status == 200 else str(answer.status)
            if answer.status != 200:
                assert answer.json()["error"], answer.text
                assert before == (server.clone_heads(), server.remote_main()), (
                    f"{action} by {column} was refused but changed the repository"
                )
    return table


def markdown(table) -> str:
    """The answers as a Markdown table (for the docs and the closing note)."""
    columns = list(PLAYERS)
    lines = [
        "| Việc (action) | " + " | ".join(columns) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for action, row in table.items():
        lines.append(f"| {action} | " + " | ".join(row[c] for c in columns) + " |")
    return "\n".join(lines)


def test_every_cell_of_the_role_matrix(answers, capsys):
    with capsys.disabled():
        print("\n" + markdown(answers))
    assert answers == EXPECTED


def test_a_refusal_gives_a_vietnamese_reason(server):
    answer = server.clients["viet-a"].api("publishUnpublishedEntry", entry_key(SHARED))
    assert answer.status == 403
    assert "người duyệt của đơn vị UBND xã Định Hóa" in answer.json()["error"]


def test_the_board_lists_a_draft_to_its_unit_s_staff_only(server, answers):
    key = f"{COLLECTION}/{SHARED}"
    listed = {
        username: key in server.clients[username].api("unpublishedEntries").json()
        for username in ("viet-a", "duyet-a", "quantri", "viet-b", "duyet-b")
    }
    assert listed == {
        "viet-a": True,
        "duyet-a": True,
        "quantri": True,
        "viet-b": False,
        "duyet-b": False,
    }
    hidden = server.clients["viet-b"].api("unpublishedEntry", entry_key(SHARED))
    missing = server.clients["viet-b"].api("unpublishedEntry", entry_key("khong-co"))
    assert (hidden.status, hidden.json()) == (missing.status, missing.json())


def test_signed_out_answer_is_json_401(server):
    answer = server.clients[None].api("info")
    assert answer.status == 401
    assert "đăng nhập" in answer.json()["error"]
