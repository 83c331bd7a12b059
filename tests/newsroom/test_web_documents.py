"""Documents (collection "van-ban") through the real server, as Decap sends them.

A writer saves a plan with its PDF; the documents gate refuses a wrong
number; an approver of the issuing unit publishes it to ``main``; another
unit's staff and forged paths are refused.
"""

import pytest

from tests.newsroom.repo_support import git, remote_file
from tests.newsroom.stories import (
    DOCUMENT_FOLDER,
    DOCUMENTS,
    asset,
    document_key,
    document_params,
    numbered_document,
    pdf,
)
from tests.newsroom.web_server import ACCOUNTS, UNIT, Client, start_server
from tintuc.newsroom.policy import (
    MOVE_UNIT,
    ONLY_APPROVER,
    OTHER_UNIT,
    OWN_STORY,
    READY,
    WHAT,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The server on a site with a document library, its staff signed in."""
    running = start_server(tmp_path_factory.mktemp("documents"), library=True)
    try:
        running.clients = {}
        for username in ("viet-a", "viet-b", "duyet-a", "duyet-b"):
            client = Client(running.url)
            assert client.sign_in(username, ACCOUNTS[username][3]).status == 302
            running.clients[username] = client
        yield running
    finally:
        running.stop()


def saved(server, serial: int, username="viet-a", **changes):
    """Plan ``serial`` with its PDF (the entry's asset) saved by ``username``."""
    slug, raw, path = numbered_document(serial, **changes)
    params = document_params(slug, raw, [asset(path, pdf())])
    return slug, server.clients[username].api("persistEntry", params)


def on_main(server, path: str) -> str | None:
    """A text file of the remote's ``main``, or None."""
    return remote_file(server.remote, path)


def test_a_writer_saves_a_document_an_approver_of_its_unit_publishes_it(server):
    slug, answer = saved(server, 301)
    assert answer.status == 200, answer.text
    writer, approver = server.clients["viet-a"], server.clients["duyet-a"]
    assert f"{DOCUMENTS}/{slug}" in writer.api("unpublishedEntries").json()
    # The other unit's staff neither see it nor move it.
    assert (
        f"{DOCUMENTS}/{slug}"
        not in server.clients["viet-b"].api("unpublishedEntries").json()
    )
    for username in ("viet-b", "duyet-b"):
        other = server.clients[username].api("publishUnpublishedEntry", {
            **document_key(slug)
        })  # fmt: skip
        assert other.status == 403
        assert other.json()["error"] == ONLY_APPROVER.format(
            unit="UBND xã Định Hóa", what="công bố bài"
        )
    # The writer sends it for review; the writer cannot publish it.
    review = {**document_key(slug), "newStatus": "pending_review"}
    assert writer.api("updateUnpublishedEntryStatus", review).status == 200
    assert writer.api("publishUnpublishedEntry", document_key(slug)).status == 403
    before = server.remote_main()
    published = approver.api("publishUnpublishedEntry", document_key(slug))
    assert published.status == 200, published.text
    assert server.remote_main() != before
    text = on_main(server, f"{DOCUMENT_FOLDER}/{slug}.md")
    assert "Number: 301/KH-UBND" in text
    assert "Approver: Nguyễn Thị Thu" in text
    pdf_on_main = git(
        "cat-file", "-t", f"main:{DOCUMENT_FOLDER}/files/301.pdf", cwd=server.remote
    )
    assert pdf_on_main == "blob"
    record = next(
        one
        for one in approver.get("/api/cong-bo").json()["publications"]
        if one["slug"] == slug
    )
    assert (record["collection"], record["state"]) == (DOCUMENTS, "sent")
    assert record["url"] == "https://dinhhoa.example.vn/van-ban/301-kh-ubnd/"


def test_a_wrong_number_for_its_type_is_refused_with_the_gate_s_message(server):
    slug, answer = saved(server, 302, Number="302/QĐ-UBND")
    assert answer.status == 422
    message = "ký hiệu 'QĐ' không khớp loại 'Kế hoạch' (phải là KH)"
    assert message in answer.json()["error"]
    assert {"field": "number", "message": message} in answer.json()["problems"]
    listed = server.clients["viet-a"].api("unpublishedEntries").json()
    assert f"{DOCUMENTS}/{slug}" not in listed


def test_a_writer_of_another_unit_is_refused(server):
    _, answer = saved(server, 303, username="viet-b")
    assert answer.status == 403
    assert answer.json()["error"] == MOVE_UNIT.format(unit="UBND xã Định Hóa")
    # Its own unit's document it may save: the issuer is the unit.
    _, own = saved(server, 304, username="viet-b", Issuer="Công an xã Định Hóa")
    assert own.status == 200, own.text


def test_a_document_of_another_unit_cannot_be_edited(server):
    slug, answer = saved(server, 305)
    assert answer.status == 200
    _, raw, path = numbered_document(305, Issuer="Công an xã Định Hóa")
    moved = server.clients["viet-b"].api(
        "persistEntry", document_params(slug, raw, [asset(path, pdf())])
    )
    assert moved.status == 403
    assert moved.json()["error"] == OTHER_UNIT.format(unit="UBND xã Định Hóa")


def test_a_pdf_goes_to_the_documents_files_from_the_media_library(server):
    path = f"{DOCUMENT_FOLDER}/files/306.pdf"
    answer = server.clients["viet-a"].api(
        "persistMedia",
        {"asset": asset(path, pdf()), "options": {"commitMessage": "Tệp"}},
    )
    assert answer.status == 200, answer.text
    assert answer.json()["path"] == path


@pytest.mark.parametrize(
    ("collection", "path"),
    [
        (DOCUMENTS, "content/articles/van-ban/2026-10-15-307-kh-ubnd.md"),
        (DOCUMENTS, f"{DOCUMENT_FOLDER}/files/2026-10-15-307-kh-ubnd.md"),
        (DOCUMENTS, f"{DOCUMENT_FOLDER}/../../pelicanconf.md"),
        ("thoi-su", f"{DOCUMENT_FOLDER}/2026-10-15-307-kh-ubnd.md"),
    ],
    ids=["articles", "files", "dot-dot", "story-into-documents"],
)
def test_a_forged_path_is_refused(server, collection, path):
    slug, raw, _ = numbered_document(307)
    params = document_params(slug, raw)
    params["dataFiles"][0]["path"] = path
    params["options"]["collectionName"] = collection
    before = (server.clone_heads(), server.remote_main())
    answer = server.clients["viet-a"].api("persistEntry", params)
    assert answer.status == 403
    assert answer.json()["error"]
    assert before == (server.clone_heads(), server.remote_main())


def test_nobody_approves_a_document_of_their_own(server):
    """Who created it (the policy) and who signed it (the gate) never approve it."""
    server.add_account(
        "ca-hai", "Lê Văn Thành", "writer,approver", UNIT, "Ca-hai-2026-x"
    )
    both = Client(server.url)
    assert both.sign_in("ca-hai", "Ca-hai-2026-x").status == 302
    slug, answer = saved(server, 308)
    assert answer.status == 200
    ready = {"newStatus": "pending_publish"}
    # The approver who created it is refused by the policy.
    created, answer = saved(server, 310, username="duyet-a")
    assert answer.status == 200, answer.text
    refused = server.clients["duyet-a"].api(
        "updateUnpublishedEntryStatus", {**document_key(created), **ready}
    )
    assert refused.status == 403
    assert refused.json()["error"] == OWN_STORY.format(what=WHAT[READY])
    # The approver who signed it is refused by the documents gate.
    signed, answer = saved(server, 311, Signer="Nguyễn Thị Thu")
    assert answer.status == 200, answer.text
    refused = server.clients["duyet-a"].api(
        "updateUnpublishedEntryStatus", {**document_key(signed), **ready}
    )
    assert refused.status == 422
    assert refused.json()["field"] == "approver"
    assert "người duyệt 'Nguyễn Thị Thu' cũng là người ký" in refused.json()["error"]
    # Another approver of the unit may.
    fine = both.api("updateUnpublishedEntryStatus", {**document_key(slug), **ready})
    assert fine.status == 200, fine.text
