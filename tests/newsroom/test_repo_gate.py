"""The gate on the server: saves are checked, the Approver is the server's, main stays green."""

import pytest

from tests.newsroom.repo_support import (
    APPROVER,
    WRITER,
    branches,
    entry_path,
    git,
    key,
    make_newsroom,
    own_copy_with,
    persist_params,
    remote_file,
    story_text,
)
from tintuc.newsroom.actor import Actor
from tintuc.newsroom.repo import Refused
from tintuc.newsroom.repo.git import Identity

SLUG = "2026-12-01-khanh-thanh-nha-van-hoa"
BRANCH = f"refs/heads/cms/thoi-su/{SLUG}"
# The Id of a story already on main (tests/fixtures/site).
TAKEN_ID = "0a3689e2-a294-58d8-acb1-cc3e07319910"


def stored(newsroom) -> str:
    return newsroom.git.read(BRANCH, entry_path(SLUG)).decode()


def commits(newsroom, ref=BRANCH, since="main") -> list[str]:
    """'name <address> | subject | trailers' of each commit, newest first."""
    out = newsroom.git.text(
        "log",
        "--format=%an <%ae> | %s | %(trailers:key=Vai-tro,valueonly,separator=)",
        ref,
        f"^{since}",
    )
    return out.splitlines()


def test_a_story_missing_a_required_field_is_not_saved(newsroom):
    with pytest.raises(Refused) as refused:
        newsroom.handle(
            WRITER, "persistEntry", persist_params(SLUG, story_text(Authors=None))
        )
    assert refused.value.status == 422
    assert refused.value.field == "authors"
    assert {"field": "authors", "message": refused.value.problems[0]["message"]} in (
        refused.value.problems
    )
    assert "Authors" in refused.value.message_vi
    assert "tác giả" in refused.value.message_vi
    assert branches(newsroom) == []


def test_a_warning_is_returned_with_the_save(newsroom):
    saved = newsroom.handle(
        WRITER, "persistEntry", persist_params(SLUG, story_text(Ghichu="nháp"))
    )
    assert saved["message"] == "entry persisted"
    assert saved["warnings"] == [
        {
            "field": "ghichu",
            "message": "trường 'ghichu' không có trong mẫu bài, sẽ bị bỏ qua",
        }
    ]


def test_a_forged_approver_is_ignored_and_the_real_one_written(newsroom, remote):
    forged = story_text(Approver="Lê Văn Thành", Coefficient="3")
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, forged))
    text = stored(newsroom)
    assert "Approver" not in text
    assert "Coefficient" not in text
    newsroom.handle(
        APPROVER, "updateUnpublishedEntryStatus", key(SLUG, newStatus="pending_publish")
    )
    assert "Approver: Lê Văn Thành" in stored(newsroom)
    newsroom.handle(
        WRITER, "unpublishedEntryDataFile", key(SLUG, id="x", path=entry_path(SLUG))
    )
    again = story_text(
        Approver="Kẻ Giả Mạo", Title="Xã Định Hóa khánh thành nhà văn hóa mới"
    )
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, again))
    text = stored(newsroom)
    assert "Approver: Lê Văn Thành" in text
    assert "Kẻ Giả Mạo" not in text
    assert "nhà văn hóa mới" in text
    newsroom.handle(APPROVER, "publishUnpublishedEntry", key(SLUG))
    assert "Approver: Lê Văn Thành" in remote_file(remote, entry_path(SLUG))


def opens(newsroom, actor) -> None:
    """``actor`` opens the story under review, as Decap does before an edit."""
    newsroom.handle(
        actor, "unpublishedEntryDataFile", key(SLUG, id="x", path=entry_path(SLUG))
    )


def test_the_approver_s_coefficient_is_saved_and_a_writer_s_is_not(newsroom):
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, story_text()))
    opens(newsroom, APPROVER)
    rated = story_text(Coefficient="1,5")
    newsroom.handle(APPROVER, "persistEntry", persist_params(SLUG, rated))
    assert "Coefficient: 1,5" in stored(newsroom)
    # A writer's save keeps the approver's value, whatever it sends.
    opens(newsroom, WRITER)
    newsroom.handle(
        WRITER, "persistEntry", persist_params(SLUG, story_text(Coefficient="9"))
    )
    assert "Coefficient: 1,5" in stored(newsroom)


# Writes and approves for the unit (tests/fixtures/site approvers.toml).
WRITING_APPROVER = Actor(
    "thu",
    "Nguyễn Thị Thu",
    roles=frozenset({"writer", "approver"}),
    units=frozenset({"ubnd-xa-dinh-hoa"}),
    approver_name="Nguyễn Thị Thu",
)


def test_an_approver_cannot_rate_a_story_of_their_own(newsroom):
    rated = story_text(Coefficient="3")
    newsroom.handle(WRITING_APPROVER, "persistEntry", persist_params(SLUG, rated))
    opens(newsroom, WRITING_APPROVER)
    newsroom.handle(WRITING_APPROVER, "persistEntry", persist_params(SLUG, rated))
    assert "Coefficient" not in stored(newsroom)


@pytest.mark.parametrize(
    ("editor", "status"),
    [(APPROVER, "pending_publish"), (WRITING_APPROVER, "pending_review")],
)
def test_a_ready_story_changed_by_anyone_but_its_signer_goes_back_to_review(
    newsroom, editor, status
):
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, story_text()))
    ready = key(SLUG, newStatus="pending_publish")
    newsroom.handle(APPROVER, "updateUnpublishedEntryStatus", ready)
    opens(newsroom, editor)
    edited = stored(newsroom).replace("Nhà văn hóa thôn mới", "Nhà văn hóa thôn")
    newsroom.handle(editor, "persistEntry", persist_params(SLUG, edited))
    assert newsroom.handle(WRITER, "unpublishedEntry", key(SLUG))["status"] == status


ROYALTIES = """point_value = 100000

[[kind]]
type = "tin"
min = 1
max = 3
default = 1.5
"""


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("abc", "Hệ số nhuận bút: hệ số 'abc' không phải là số."),
        ("5", "Hệ số nhuận bút: hệ số 5 ngoài khung 1–3 của thể loại."),
    ],
)
def test_a_coefficient_the_royalty_sheet_cannot_use_is_refused_on_its_field(
    template_remote, tmp_path, written, said
):
    def with_royalties(work):
        (work / "content/data/royalties.toml").write_text(ROYALTIES, "utf-8")

    remote = own_copy_with(template_remote, tmp_path, "khung nhuận bút", with_royalties)
    newsroom = make_newsroom(remote, tmp_path)
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, story_text()))
    head = newsroom.git.resolve(BRANCH)
    opens(newsroom, APPROVER)
    rated = persist_params(SLUG, story_text(Coefficient=written))
    with pytest.raises(Refused) as refused:
        newsroom.handle(APPROVER, "persistEntry", rated)
    assert (refused.value.status, refused.value.field) == (422, "coefficient")
    assert refused.value.message_vi == said
    assert newsroom.git.resolve(BRANCH) == head


def test_a_story_s_id_never_changes_once_saved(newsroom):
    first = story_text()
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, first))
    # The form saved again at once (a double click) makes itself a new id.
    again = story_text(Id="9d7e4b1a-0c3f-4e55-8a61-2b7c9d0e1f22", Summary="Sửa.")
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, again))
    text = stored(newsroom)
    assert "Id: 3b1f0c55-6d7e-4c43-9a8e-2d3a8b9f1c11" in text
    assert "9d7e4b1a" not in text and "Summary: Sửa." in text


def test_every_change_is_a_commit_by_its_author_with_the_role(newsroom):
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, story_text()))
    newsroom.handle(
        APPROVER, "unpublishedEntryDataFile", key(SLUG, id="x", path=entry_path(SLUG))
    )
    edited = story_text(Summary="Nhà văn hóa thôn Bản Mới được đưa vào sử dụng.")
    newsroom.handle(APPROVER, "persistEntry", persist_params(SLUG, edited))
    newsroom.handle(
        APPROVER, "updateUnpublishedEntryStatus", key(SLUG, newStatus="pending_publish")
    )
    assert commits(newsroom) == [
        f"Lê Văn Thành <thanh@newsroom.invalid> | Duyệt bài: {SLUG} | approver",
        f"Lê Văn Thành <thanh@newsroom.invalid> | Bài mới: {SLUG} | approver",
        f"Trần Văn Thư <thu@newsroom.invalid> | Bài mới: {SLUG} | writer",
    ]
    target = newsroom.describe("publishUnpublishedEntry", key(SLUG))
    assert target.author_username == "thu"
    assert target.unit == "ubnd-xa-dinh-hoa"
    assert target.status == "pending_publish"
    assert newsroom.entry_unit("thoi-su", SLUG) == "ubnd-xa-dinh-hoa"
    assert newsroom.entry_author_username("thoi-su", entry_path(SLUG)) == "thu"
    published = newsroom.handle(APPROVER, "publishUnpublishedEntry", key(SLUG))
    merge = newsroom.git.text(
        "log", "-1", "--format=%an <%ae> | %cn | %B", published["commit"]
    )
    assert merge.startswith(
        f"Lê Văn Thành <thanh@newsroom.invalid> | Máy chủ tòa soạn | Công bố: thoi-su/{SLUG}"
    )
    assert "Vai-tro: approver" in merge
    assert "Tai-khoan: thanh" in merge


def test_an_approver_who_wrote_the_story_cannot_set_it_ready(newsroom):
    raw = story_text(Authors="Lê Văn Thành, Trần Văn Thư")
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, raw))
    head = newsroom.git.resolve(BRANCH)
    with pytest.raises(Refused) as refused:
        newsroom.handle(
            APPROVER,
            "updateUnpublishedEntryStatus",
            key(SLUG, newStatus="pending_publish"),
        )
    assert refused.value.status == 422
    assert refused.value.field == "approver"
    assert newsroom.git.resolve(BRANCH) == head
    assert newsroom.handle(WRITER, "unpublishedEntry", key(SLUG))["status"] == "draft"


# Approves for UBND xã Định Hóa until 31/01/2026 (tests/fixtures/site).
RETIRED = Actor(
    "binh",
    "Hoàng Văn Bình",
    roles=frozenset({"approver"}),
    units=frozenset({"ubnd-xa-dinh-hoa"}),
    approver_name="Hoàng Văn Bình",
)


@pytest.mark.parametrize("action", ["pending_publish", "publish"])
def test_an_approver_whose_term_ended_cannot_approve_a_back_dated_story(
    newsroom, action
):
    # Dated inside the term: the gate, which holds a story to its own date,
    # would pass the approval.
    raw = story_text(Date="2026-01-15 08:00")
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, raw))
    main, head = newsroom.main_commit(), newsroom.git.resolve(BRANCH)
    with pytest.raises(Refused) as refused:
        if action == "publish":
            newsroom.handle(RETIRED, "publishUnpublishedEntry", key(SLUG))
        else:
            ready = key(SLUG, newStatus=action)
            newsroom.handle(RETIRED, "updateUnpublishedEntryStatus", ready)
    assert refused.value.status == 403
    assert "'Hoàng Văn Bình' không còn (hoặc đã hết hạn)" in refused.value.message_vi
    assert (newsroom.main_commit(), newsroom.git.resolve(BRANCH)) == (main, head)


def test_a_publish_that_would_break_the_site_is_refused_and_main_stays(
    newsroom, remote
):
    before = git("rev-parse", "main", git_dir=remote)
    newsroom.handle(
        WRITER, "persistEntry", persist_params(SLUG, story_text(Id=TAKEN_ID))
    )
    with pytest.raises(Refused) as refused:
        newsroom.handle(APPROVER, "publishUnpublishedEntry", key(SLUG))
    assert refused.value.status == 422
    assert TAKEN_ID in refused.value.message_vi
    assert f"{SLUG}.md" in refused.value.message_vi
    assert newsroom.main_commit() == before
    assert git("rev-parse", "main", git_dir=remote) == before
    assert newsroom.git.resolve(BRANCH)  # still on the board, to be fixed


def test_a_branch_missing_a_required_field_cannot_be_published(newsroom, remote):
    """A story that reached a branch without the server's check (by hand, or an
    older server) is stopped by the whole-site check."""
    before = newsroom.main_commit()
    tree = newsroom.git.changed_tree(
        newsroom.git.tree_of(before),
        {entry_path(SLUG): story_text(Authors=None).encode()},
    )
    person = Identity("Ai đó", "ai@example.invalid")
    commit = newsroom.git.commit(tree, [before], "Bài sửa tay", person, person)
    newsroom.git.update_ref(BRANCH, commit, "0" * 40, "tay")
    with pytest.raises(Refused) as refused:
        newsroom.handle(APPROVER, "publishUnpublishedEntry", key(SLUG))
    assert refused.value.status == 422
    assert "Authors" in refused.value.message_vi
    assert refused.value.problems
    assert newsroom.main_commit() == before
    assert git("rev-parse", "main", git_dir=remote) == before


def test_describe_names_the_unit_of_a_published_story_and_of_a_page(newsroom):
    story = "content/articles/thoi-su/2026-11-27-tham-xa-diem-mac.md"
    target = newsroom.describe("deleteFile", {"branch": "main", "path": story})
    assert (target.collection, target.slug) == (
        "thoi-su",
        "2026-11-27-tham-xa-diem-mac",
    )
    assert target.unit == "ubnd-xa-dinh-hoa"
    assert target.published is True
    assert target.in_workflow is False
    assert target.author_username is None  # not made through the newsroom
    page = newsroom.describe(
        "deleteFile", {"branch": "main", "path": "content/pages/gioi-thieu.md"}
    )
    assert page.paths == ("content/pages/gioi-thieu.md",)
    assert page.published is True
    assert page.unit is None
    photo = newsroom.describe(
        "deleteFiles", {"branch": "main", "paths": ["content/images/lead.jpg"]}
    )
    assert photo.paths == ("content/images/lead.jpg",)
    assert photo.collection is None


def test_an_account_name_cannot_forge_commit_lines(newsroom):
    from tintuc.newsroom.actor import Actor  # noqa: PLC0415

    odd = Actor(
        "thu\nVai-tro: approver",
        "Trần <Văn>\nThư",
        email="not an address>",
        roles=frozenset({"writer"}),
    )
    newsroom.handle(odd, "persistEntry", persist_params(SLUG, story_text()))
    made = newsroom.git.text("log", "-1", "--format=%an|%ae|%B", BRANCH)
    name, address, message = made.split("|", 2)
    assert name == "Trần Văn Thư"
    assert address == "thu-Vai-tro--approver@newsroom.invalid"
    assert message.count("Vai-tro:") == 1
    assert "Vai-tro: writer" in message
