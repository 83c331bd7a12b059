"""The document library through the newsroom: saved, checked, signed and published.

Collection ``van-ban`` writes ``content/documents/<slug>.md`` on the branch
``cms/van-ban/<slug>``, checked by the documents gate's own rules; the
document's unit is its issuer.
"""

import pytest

from tests.integration.test_documents_gate import GOOD
from tests.newsroom.repo_support import (
    APPROVER,
    WRITER,
    asset,
    branches,
    key,
    make_newsroom,
    own_copy,
    own_copy_with,
    persist_params,
    pushed_by_hand,
    remote_file,
    story_text,
)
from tests.newsroom.stories import (
    DOCUMENT_FOLDER,
    DOCUMENT_PDF,
    DOCUMENT_SLUG,
    DOCUMENTS,
    document_key,
    document_params,
    document_raw,
    numbered_document,
    pdf,
)
from tintuc.newsroom.actor import Actor
from tintuc.newsroom.repo import Refused

PATH = f"{DOCUMENT_FOLDER}/{DOCUMENT_SLUG}.md"
BRANCH = f"refs/heads/cms/{DOCUMENTS}/{DOCUMENT_SLUG}"
# An approver of UBND xã Định Hóa only (tests/fixtures/site approvers.toml).
UNIT_APPROVER = Actor(
    "thu-duyet",
    "Nguyễn Thị Thu",
    roles=frozenset({"approver"}),
    units=frozenset({"ubnd-xa-dinh-hoa", "cong-an-xa-dinh-hoa"}),
    approver_name="Nguyễn Thị Thu",
)


def save(library, tmp_path, raw=None, actor=WRITER) -> dict:
    """The writer saves the plan with its PDF, as Decap sends it."""
    params = document_params(
        DOCUMENT_SLUG,
        raw or document_raw(),
        [asset(DOCUMENT_PDF, pdf())],
    )
    return library.handle(actor, "persistEntry", params)


def test_a_document_is_saved_on_its_branch_with_its_pdf(library, tmp_path):
    saved = save(library, tmp_path)
    assert saved["message"] == "entry persisted"
    assert branches(library) == [f"cms/{DOCUMENTS}/{DOCUMENT_SLUG}"]
    tree = [item.path for item in library.git.files(BRANCH, DOCUMENT_FOLDER, 2)]
    assert sorted(tree) == [PATH, DOCUMENT_PDF]
    text = library.git.read(BRANCH, PATH).decode()
    assert "Number: 227/KH-UBND" in text
    assert "Approver" not in text  # the server's, written when an approver signs
    # Its unit is its issuer, for the policy and the board.
    assert library.entry_unit(DOCUMENTS, DOCUMENT_SLUG) == "ubnd-xa-dinh-hoa"
    assert library.entry_unit(None, PATH) == "ubnd-xa-dinh-hoa"
    assert library.entry_author_username(DOCUMENTS, DOCUMENT_SLUG) == WRITER.username
    target = library.describe("unpublishedEntry", document_key())
    assert (target.collection, target.unit, target.in_workflow) == (
        DOCUMENTS,
        "ubnd-xa-dinh-hoa",
        True,
    )


def test_the_unit_a_save_would_write_is_the_issuer(library):
    raw = document_raw(Issuer="Công an xã Định Hóa")
    target = library.describe("persistEntry", document_params(DOCUMENT_SLUG, raw))
    assert (target.collection, target.new_unit) == (DOCUMENTS, "cong-an-xa-dinh-hoa")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"Number": "227/QĐ-UBND"},
            "number",
            "ký hiệu 'QĐ' không khớp loại 'Kế hoạch' (phải là KH)",
        ),
        (
            {"Signer": None},
            "signer",
            "thiếu trường bắt buộc 'Signer' (người ký)",
        ),
        (
            {"Issuer": "UBND huyện Định Hóa"},
            "issuer",
            "cơ quan ban hành 'UBND huyện Định Hóa' không có trong danh sách đơn vị",
        ),
        (
            {"Files": "files/khong-co.pdf | Kế hoạch"},
            "files",
            "tệp 'files/khong-co.pdf': không tìm thấy tệp",
        ),
        (
            {"Number": "227/KH-HĐND"},
            "number",
            "ký hiệu cơ quan 'HĐND' không khớp cơ quan ban hành 'UBND xã Định Hóa' "
            "(phải là UBND)",
        ),
        (
            {"Related": "99/KH-UBND"},
            "related",
            "văn bản số '99/KH-UBND' không có trong thư viện văn bản",
        ),
        (
            {"Replaces": "98/KH-UBND"},
            "replaces",
            "văn bản số '98/KH-UBND' không có trong thư viện văn bản",
        ),
    ],
    ids=[
        "number-type",
        "signer",
        "issuer",
        "pdf",
        "number-issuer",
        "related",
        "replaces",
    ],
)
def test_a_document_the_gate_refuses_is_not_saved(
    library, tmp_path, changes, field, message
):
    before = library.main_commit()
    with pytest.raises(Refused) as refused:
        save(library, tmp_path, document_raw(**changes))
    assert refused.value.status == 422
    problems = refused.value.problems
    assert any(problem["message"].startswith(message) for problem in problems), problems
    assert field in [problem["field"] for problem in problems]
    assert message in refused.value.message_vi
    assert branches(library) == []
    assert library.main_commit() == before


def publish(library, tmp_path) -> None:
    """The plan saved, sent for review and published."""
    save(library, tmp_path)
    library.handle(WRITER, "updateUnpublishedEntryStatus", {
        **document_key(), "newStatus": "pending_review"
    })  # fmt: skip
    library.handle(APPROVER, "publishUnpublishedEntry", document_key())


def test_a_published_document_is_edited_without_sending_its_pdf_again(
    library, tmp_path
):
    publish(library, tmp_path)
    # Decap sends only the text: the PDF named is main's, and inside content/.
    edited = document_raw(Title="Triển khai phong trào thi đua (sửa trích yếu)")
    saved = library.handle(
        WRITER, "persistEntry", document_params(DOCUMENT_SLUG, edited, [])
    )
    assert saved["message"] == "entry persisted"
    assert "(sửa trích yếu)" in library.git.read(BRANCH, PATH).decode()


def test_a_pdf_elsewhere_in_content_is_found_at_save_as_make_check_finds_it(
    library_remote_template, tmp_path
):
    def elsewhere(work):
        (work / "content" / "tep-pdf").mkdir()
        (work / "content" / "tep-pdf" / "227.pdf").write_bytes(pdf())

    message = "PDF ngoài thư mục văn bản"
    remote = own_copy_with(library_remote_template, tmp_path, message, elsewhere)
    newsroom = make_newsroom(remote, tmp_path)
    raw = document_raw(Files="../tep-pdf/227.pdf | Kế hoạch")
    saved = newsroom.handle(
        WRITER, "persistEntry", document_params(DOCUMENT_SLUG, raw, [])
    )
    assert saved["message"] == "entry persisted"


def test_a_pdf_committed_as_a_link_out_of_content_is_never_read(
    library_remote_template, tmp_path
):
    def link(work):
        files = work / DOCUMENT_FOLDER / "files"
        files.mkdir(parents=True, exist_ok=True)
        (files / "227.pdf").symlink_to("/etc/hostname")

    remote = own_copy_with(library_remote_template, tmp_path, "liên kết", link)
    newsroom = make_newsroom(remote, tmp_path)
    # The text alone, naming main's "PDF": the server's copy of main leaves
    # links out, so what it leads to is never read.
    with pytest.raises(Refused) as refused:
        newsroom.handle(
            WRITER, "persistEntry", document_params(DOCUMENT_SLUG, document_raw(), [])
        )
    assert refused.value.status == 422
    assert "tệp 'files/227.pdf': không tìm thấy tệp" in refused.value.message_vi
    assert branches(newsroom) == []


def test_the_library_s_rules_are_checked_at_save_against_main(library, tmp_path):
    publish(library, tmp_path)
    before = library.main_commit()
    # Another file with the published plan's number: refused before review.
    again = document_params("2026-10-16-227-kh-ubnd", document_raw(), [])
    with pytest.raises(Refused) as refused:
        library.handle(WRITER, "persistEntry", again)
    assert refused.value.status == 422
    assert refused.value.field == "number"
    # Named by its title for the writer, by its file for the site's owner.
    shown = f"“{GOOD['Title']}” (content/documents/2026-10-15-227-kh-ubnd.md)"
    assert f"số '227/KH-UBND' trùng với văn bản {shown}" in refused.value.message_vi
    assert (branches(library), library.main_commit()) == ([], before)
    # A plan related to the published one is saved.
    slug, raw, pdf_path = numbered_document(228, Related="227/KH-UBND")
    saved = library.handle(
        WRITER, "persistEntry", document_params(slug, raw, [asset(pdf_path, pdf())])
    )
    assert saved["message"] == "entry persisted"


def test_a_draft_s_library_problems_are_said_but_do_not_stop_its_save(
    library, tmp_path
):
    saved = save(library, tmp_path, document_raw(Status="draft", Related="99/KH-UBND"))
    assert saved["message"] == "entry persisted"
    said = [warning["message"] for warning in saved["warnings"]]
    assert "văn bản số '99/KH-UBND' không có trong thư viện văn bản" in " ".join(said)


@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed-before"])
def test_a_number_published_since_a_save_is_refused_when_it_is_made_ready(
    library, tmp_path, signed
):
    # Saved while 227/KH-UBND was not yet on main: the save was right.
    twin = "2026-10-16-227-kh-ubnd"
    raw = document_raw(Files="files/227-ban-2.pdf | Kế hoạch")
    files = [asset(f"{DOCUMENT_FOLDER}/files/227-ban-2.pdf", pdf())]
    library.handle(WRITER, "persistEntry", document_params(twin, raw, files))
    if signed:  # made ready (signed) then sent back: checked all the same
        for status in ("pending_publish", "pending_review"):
            library.handle(
                APPROVER,
                "updateUnpublishedEntryStatus",
                {**document_key(twin), "newStatus": status},
            )
    publish(library, tmp_path)
    head = library.git.resolve(f"refs/heads/cms/{DOCUMENTS}/{twin}")
    with pytest.raises(Refused) as refused:
        library.handle(
            APPROVER,
            "updateUnpublishedEntryStatus",
            {**document_key(twin), "newStatus": "pending_publish"},
        )
    assert refused.value.status == 422
    assert f"số '227/KH-UBND' trùng với văn bản “{GOOD['Title']}” (content/" in (
        refused.value.message_vi
    )
    assert library.git.resolve(f"refs/heads/cms/{DOCUMENTS}/{twin}") == head


def test_a_document_main_changed_since_its_save_is_called_a_document(
    library_remote_template, tmp_path
):
    remote = own_copy(library_remote_template, tmp_path)
    library = make_newsroom(remote, tmp_path)
    publish(library, tmp_path)
    library.retry_pushes()
    title = "Triển khai phong trào thi đua"
    edited = document_raw(Title=f"{title} (bản của người viết)")
    library.handle(WRITER, "persistEntry", document_params(DOCUMENT_SLUG, edited, []))
    pushed_by_hand(remote, tmp_path, PATH, title, f"{title} (bản sửa tay)")
    library.retry_pushes()
    with pytest.raises(Refused) as refused:
        library.handle(
            APPROVER,
            "updateUnpublishedEntryStatus",
            {**document_key(), "newStatus": "pending_publish"},
        )
    assert refused.value.status == 409
    assert refused.value.message_vi.startswith("Văn bản này đã được sửa trên trang")


def test_an_approver_publishes_it_to_main_with_its_address(library, tmp_path):
    save(library, tmp_path)
    library.handle(WRITER, "updateUnpublishedEntryStatus", {
        **document_key(), "newStatus": "pending_review"
    })  # fmt: skip
    result = library.handle(APPROVER, "publishUnpublishedEntry", document_key())
    assert result["pushed"] is True
    published = remote_file(library.remote_url, PATH)
    assert "Approver: Lê Văn Thành" in published
    assert "Status: published" in published
    pdf = library.git.read(f"refs/heads/{library.main}", DOCUMENT_PDF)
    assert pdf.startswith(b"%PDF-")
    assert branches(library) == []
    record = library.publications_now()[0]
    assert record["state"] == "sent"
    # DOCUMENT_URL of the documents plugin, on publishconf.py's SITEURL.
    assert record["url"] == "https://dinhhoa.example.vn/van-ban/227-kh-ubnd/"
    assert record["page"] == "van-ban/227-kh-ubnd/index.html"
    assert (record["unit"], record["author"]) == ("ubnd-xa-dinh-hoa", "thu")
    assert record["title"] == "Triển khai phong trào thi đua chuyển đổi số"


def test_an_approver_not_of_the_issuer_is_refused_by_the_gate(library, tmp_path):
    # Nguyễn Thị Thu approves UBND xã Định Hóa only, whatever her account says.
    save(library, tmp_path, document_raw(Issuer="Công an xã Định Hóa"))
    head = library.git.resolve(BRANCH)
    wrong = "người duyệt 'Nguyễn Thị Thu' không được duyệt văn bản của cơ quan"
    with pytest.raises(Refused) as refused:
        library.handle(
            UNIT_APPROVER,
            "updateUnpublishedEntryStatus",
            {**document_key(), "newStatus": "pending_publish"},
        )
    assert (refused.value.status, refused.value.field) == (422, "approver")
    assert wrong in refused.value.message_vi
    with pytest.raises(Refused) as refused:
        library.handle(UNIT_APPROVER, "publishUnpublishedEntry", document_key())
    assert refused.value.status == 422
    assert wrong in refused.value.message_vi
    assert remote_file(library.remote_url, PATH) is None
    assert library.git.resolve(BRANCH) == head


def forged(slug: str, path: str, collection: str = DOCUMENTS) -> dict:
    """A save naming ``path`` for ``collection``."""
    params = persist_params(slug, document_raw())
    params["dataFiles"][0]["path"] = path
    params["options"]["collectionName"] = collection
    return params


@pytest.mark.parametrize(
    ("collection", "path", "status"),
    [
        (DOCUMENTS, f"content/articles/{DOCUMENTS}/{DOCUMENT_SLUG}.md", 403),
        (DOCUMENTS, f"{DOCUMENT_FOLDER}/files/{DOCUMENT_SLUG}.md", 403),
        (DOCUMENTS, f"{DOCUMENT_FOLDER}/../articles/thoi-su/{DOCUMENT_SLUG}.md", 403),
        (DOCUMENTS, f"../{DOCUMENT_FOLDER}/{DOCUMENT_SLUG}.md", 403),
        ("thoi-su", f"{DOCUMENT_FOLDER}/{DOCUMENT_SLUG}.md", 403),
        ("documents", f"{DOCUMENT_FOLDER}/{DOCUMENT_SLUG}.md", 403),
    ],
    ids=["articles", "files", "dot-dot", "outside", "story-into-documents", "folder"],
)
def test_a_forged_path_is_refused(library, collection, path, status):
    params = forged(DOCUMENT_SLUG, path, collection)
    with pytest.raises(Refused) as refused:
        library.describe("persistEntry", params)
    assert refused.value.status == status
    with pytest.raises(Refused) as refused:
        library.handle(WRITER, "persistEntry", params)
    assert refused.value.status == status
    assert branches(library) == []


def test_a_story_still_lives_in_its_section(library):
    slug = "2026-12-01-khanh-thanh-nha-van-hoa"
    library.handle(WRITER, "persistEntry", persist_params(slug, story_text()))
    assert library.entry_unit("thoi-su", slug) == "ubnd-xa-dinh-hoa"
    assert library.describe("unpublishedEntry", key(slug)).collection == "thoi-su"


@pytest.mark.slow
def test_a_published_document_is_built_at_its_address(
    library_remote_template, tmp_path
):
    output = tmp_path / "public"
    library = make_newsroom(
        own_copy(library_remote_template, tmp_path),
        tmp_path,
        build_output=output,
        settings={"NEWSROOM_BUILD_OPTIONS": ["CMS_ENABLED=false"]},
    )
    save(library, tmp_path)
    published = library.handle(APPROVER, "publishUnpublishedEntry", document_key())
    assert published["build"]["ok"] is True, published["build"]["log"]
    record = library.publications_now()[0]
    assert (record["state"], record["page"]) == (
        "live",
        "van-ban/227-kh-ubnd/index.html",
    )
    page = (output / record["page"]).read_text(encoding="utf-8")
    assert "227/KH-UBND" in page
    assert "Triển khai phong trào thi đua chuyển đổi số" in page
    assert list((output / "tep").glob("227-kh-ubnd*.pdf"))
