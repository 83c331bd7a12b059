"""Every action of Decap's proxy protocol, with decap-server's result shapes."""

import base64
import hashlib
import re

import pytest

from tests.newsroom.repo_support import (
    APPROVER,
    FOLDER,
    SECTION,
    WRITER,
    asset,
    branches,
    entry_path,
    git,
    jpeg_bytes,
    key,
    make_newsroom,
    persist_params,
    remote_file,
    story_text,
)
from tintuc.newsroom.repo import Refused

SLUG = "2026-12-01-khanh-thanh-nha-van-hoa"
PHOTO = "content/images/2026/12/nha-van-hoa.jpg"
JS_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_reads_answer_as_decap_server_does(newsroom, remote):
    info = newsroom.handle(WRITER, "info", {})
    assert info == {
        "repo": "remote",
        "publish_modes": ["simple", "editorial_workflow"],
        "type": "local_git",
    }
    listing = newsroom.handle(
        WRITER,
        "entriesByFolder",
        {"branch": "main", "folder": FOLDER, "extension": "md", "depth": 1},
    )
    paths = [entry["file"]["path"] for entry in listing]
    assert f"{FOLDER}/2026-11-27-tham-xa-diem-mac.md" in paths
    assert all(path.startswith(FOLDER + "/") for path in paths)
    first = listing[0]
    assert set(first) == {"data", "file"}
    assert first["file"]["id"] == sha(first["data"].encode())
    one = newsroom.handle(WRITER, "getEntry", {"branch": "main", "path": paths[0]})
    assert one == first
    by_files = newsroom.handle(
        WRITER,
        "entriesByFiles",
        {
            "branch": "main",
            "files": [
                {"path": paths[0], "label": "Một"},
                {"path": f"{FOLDER}/khong.md"},
            ],
        },
    )
    assert by_files[0]["file"] == {**first["file"], "label": "Một"}
    assert by_files[1] == {
        "data": None,
        "file": {"path": f"{FOLDER}/khong.md", "id": None},
    }
    media = newsroom.handle(
        WRITER, "getMedia", {"branch": "main", "mediaFolder": "content/images"}
    )
    names = {item["name"] for item in media}
    assert {"lead.jpg", "inline.jpg"} <= names
    lead = next(item for item in media if item["name"] == "lead.jpg")
    data = base64.b64decode(lead["content"])
    assert lead == {
        "id": sha(data),
        "content": lead["content"],
        "encoding": "base64",
        "path": "content/images/lead.jpg",
        "name": "lead.jpg",
    }
    assert data[:2] == b"\xff\xd8"
    single = newsroom.handle(
        WRITER, "getMediaFile", {"branch": "main", "path": "content/images/lead.jpg"}
    )
    assert single == lead
    assert newsroom.handle(WRITER, "unpublishedEntries", {"branch": "main"}) == []
    assert newsroom.handle(WRITER, "getDeployPreview", key(SLUG)) is None


def test_unknown_branch_action_and_missing_entry_are_refused(newsroom):
    with pytest.raises(Refused) as refused:
        newsroom.handle(WRITER, "getEntry", {"branch": "gh-pages", "path": FOLDER})
    assert refused.value.status == 422
    with pytest.raises(Refused) as refused:
        newsroom.handle(WRITER, "runShell", {"branch": "main"})
    assert refused.value.status == 422
    with pytest.raises(Refused) as refused:
        newsroom.handle(WRITER, "unpublishedEntry", key("2026-01-01-khong-co"))
    assert refused.value.status == 404
    assert "chờ duyệt" in refused.value.message_vi


def test_a_story_goes_from_draft_to_main_with_its_photo(newsroom, remote):
    photo = jpeg_bytes()
    raw = story_text(
        Image="images/2026/12/nha-van-hoa.jpg", Image_alt="Nhà văn hóa mới"
    )
    saved = newsroom.handle(
        WRITER, "persistEntry", persist_params(SLUG, raw, [asset(PHOTO, photo)])
    )
    assert saved == {"message": "entry persisted", "warnings": []}
    assert newsroom.handle(WRITER, "unpublishedEntries", {"branch": "main"}) == [
        f"{SECTION}/{SLUG}"
    ]
    entry = newsroom.handle(
        WRITER, "unpublishedEntry", {"branch": "main", "id": f"{SECTION}/{SLUG}"}
    )
    assert entry["collection"] == SECTION
    assert entry["slug"] == SLUG
    assert entry["status"] == "draft"
    assert entry["pullRequestAuthor"] == "Trần Văn Thư"
    assert JS_DATE.match(entry["updatedAt"])
    diffs = {diff["path"]: diff for diff in entry["diffs"]}
    assert diffs[entry_path(SLUG)] == {
        "oldPath": "",
        "newPath": entry_path(SLUG),
        "status": "added",
        "newFile": True,
        "path": entry_path(SLUG),
        "id": entry_path(SLUG),
        "binary": False,
    }
    assert diffs[PHOTO]["binary"] is True
    assert set(diffs) == {entry_path(SLUG), PHOTO}
    data = newsroom.handle(
        WRITER,
        "unpublishedEntryDataFile",
        key(SLUG, id=f"{SECTION}/{SLUG}", path=entry_path(SLUG)),
    )
    assert data == {"data": raw}
    media = newsroom.handle(
        WRITER, "unpublishedEntryMediaFile", key(SLUG, id=PHOTO, path=PHOTO)
    )
    assert base64.b64decode(media["content"]) == photo
    assert media["name"] == "nha-van-hoa.jpg"
    assert remote_file(remote, PHOTO) is None  # nothing public before publishing

    moved = newsroom.handle(
        WRITER, "updateUnpublishedEntryStatus", key(SLUG, newStatus="pending_review")
    )
    assert moved["message"].endswith("decap-cms/pending_review")
    assert newsroom.handle(WRITER, "unpublishedEntry", key(SLUG))["status"] == (
        "pending_review"
    )
    published = newsroom.handle(APPROVER, "publishUnpublishedEntry", key(SLUG))
    assert published["message"] == f"branch cms/{SECTION}/{SLUG} merged to main"
    assert published["pushed"] is True
    assert published["push_error"] is None
    on_remote = remote_file(remote, entry_path(SLUG))
    assert "Approver: Lê Văn Thành" in on_remote
    assert git("cat-file", "-s", f"main:{PHOTO}", git_dir=remote) == str(len(photo))
    assert branches(newsroom) == []
    assert git("rev-parse", "main", git_dir=remote) == published["commit"]


def test_a_story_dropped_from_the_board_leaves_main_alone(newsroom, remote):
    before = git("rev-parse", "main", git_dir=remote)
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, story_text()))
    answer = newsroom.handle(WRITER, "deleteUnpublishedEntry", key(SLUG))
    assert answer == {"message": f"deleted branch: cms/{SECTION}/{SLUG}"}
    assert branches(newsroom) == []
    assert git("rev-parse", "main", git_dir=remote) == before


def assert_snapshot_is_main(newsroom):
    """The extracted content of main is exactly main's content/ files."""
    main = newsroom.main_commit()
    root = newsroom.trees.snapshot(main)
    on_disk = {
        str(path.relative_to(root)): path.read_bytes()
        for path in (root / "content").rglob("*")
        if path.is_file()
    }
    in_git = {item.path: item.blob for item in newsroom.git.files(main, "content")}
    assert set(on_disk) == set(in_git)
    blobs = newsroom.git.blobs(list(in_git.values()))
    assert all(on_disk[path] == blobs[blob] for path, blob in in_git.items())


def test_media_library_uploads_and_deletes_go_to_main_checked(newsroom, remote):
    photo = "content/images/anh-le-hoi.jpg"
    data = jpeg_bytes()
    stored = newsroom.handle(
        APPROVER,
        "persistMedia",
        {
            "branch": "main",
            "asset": asset(photo, data),
            "options": {"commitMessage": "Ảnh"},
        },
    )
    assert {k: stored[k] for k in ("id", "encoding", "path", "name")} == {
        "id": sha(data),
        "encoding": "base64",
        "path": photo,
        "name": "anh-le-hoi.jpg",
    }
    assert stored["pushed"] is True
    assert git("cat-file", "-s", f"main:{photo}", git_dir=remote) == str(len(data))
    assert_snapshot_is_main(newsroom)  # made from the one before, plus the change
    many = newsroom.handle(
        APPROVER,
        "deleteFiles",
        {"branch": "main", "paths": [photo], "options": {"commitMessage": "Xóa ảnh"}},
    )
    assert many["message"] == f"deleted files {photo}"
    assert remote_file(remote, photo) is None
    assert_snapshot_is_main(newsroom)
    before = git("rev-parse", "main", git_dir=remote)
    gone = newsroom.handle(
        APPROVER,
        "deleteFile",
        {"branch": "main", "path": photo, "options": {"commitMessage": "Xóa lại"}},
    )
    assert gone["message"] == f"deleted file {photo}"
    assert git("rev-parse", "main", git_dir=remote) == before  # nothing to delete


def test_deleting_a_photo_a_published_story_shows_is_refused(newsroom, remote):
    before = git("rev-parse", "main", git_dir=remote)
    with pytest.raises(Refused) as refused:
        newsroom.handle(
            APPROVER,
            "deleteFile",
            {
                "branch": "main",
                "path": "content/images/lead.jpg",
                "options": {"commitMessage": "x"},
            },
        )
    assert refused.value.status == 422
    assert "lead.jpg" in refused.value.message_vi
    assert git("rev-parse", "main", git_dir=remote) == before
    assert newsroom.main_commit() == before


def test_saving_straight_to_main_is_refused(newsroom):
    params = persist_params(SLUG, story_text())
    params["options"]["useWorkflow"] = False
    with pytest.raises(Refused) as refused:
        newsroom.handle(WRITER, "persistEntry", params)
    assert refused.value.status == 403
    assert branches(newsroom) == []


@pytest.mark.slow
def test_publish_can_build_the_site_the_server_hosts(remote, tmp_path):
    output = tmp_path / "public"
    newsroom = make_newsroom(
        remote,
        tmp_path,
        build_output=output,
        settings={"NEWSROOM_BUILD_OPTIONS": ["CMS_ENABLED=false"]},
    )
    first = newsroom.last_build()  # a first start builds main
    assert first["ok"] is True, first["log"]
    assert first["commit"] == newsroom.main_commit()
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, story_text()))
    published = newsroom.handle(APPROVER, "publishUnpublishedEntry", key(SLUG))
    build = published["build"]
    assert build["ok"] is True, build["log"]
    assert build["commit"] == published["commit"]
    pages = [path.read_text(encoding="utf-8") for path in output.rglob("*.html")]
    assert any("Xã Định Hóa khánh thành nhà văn hóa" in page for page in pages)
    assert newsroom.last_build() == build
    record = newsroom.publications_now()[0]
    assert record["state"] == "live"
    assert (
        record["url"] == "https://dinhhoa.example.vn/bai-viet/khanh-thanh-nha-van-hoa/"
    )
    assert (output / record["page"]).is_file()  # the address is the page built
    restarted = make_newsroom(remote, tmp_path, build_output=output)
    assert restarted.last_build() == build  # main was built: not again


@pytest.mark.slow
def test_a_build_that_fails_is_told_with_its_first_useful_line(
    remote, tmp_path, caplog
):
    """The folder the site is built into is broken: the story is on main, the
    site is not updated, and the board says so: in Vietnamese to the staff, with
    the build's own line for the admins and the server's log."""
    output = tmp_path / "hosting" / "public"
    newsroom = make_newsroom(remote, tmp_path)
    newsroom.build_output = output
    (tmp_path / "hosting").write_text("không phải thư mục")
    newsroom.handle(WRITER, "persistEntry", persist_params(SLUG, story_text()))
    while_building = []
    build = newsroom.build_site

    def watched():
        while_building.append(newsroom.publications_now()[0])
        return build()

    newsroom.build_site = watched
    published = newsroom.handle(APPROVER, "publishUnpublishedEntry", key(SLUG))
    assert [one["state"] for one in while_building] == ["building"]
    assert while_building[0]["pending"] is True
    assert while_building[0]["message"].startswith("Đang cập nhật…")
    assert published["build"]["ok"] is False
    assert newsroom.main_commit() == published["commit"]
    record = newsroom.publications_now()[0]
    assert record["state"] == "build_failed"
    assert record["live"] is False
    assert "không dựng được trang, nên trang vẫn như cũ" in record["message"]
    assert "hãy báo quản trị" in record["message"]
    assert record["details"] == []
    headline = published["build"]["headline"]
    assert record["server_details"] == [headline]
    assert headline.startswith("FileExistsError"), published["build"]["log"]
    assert headline in caplog.text


def test_an_unreachable_remote_leaves_no_half_clone(tmp_path, caplog):
    remote = tmp_path / "khong-co.git"
    with pytest.raises(Refused) as refused:
        make_newsroom(remote, tmp_path)
    assert refused.value.status == 502
    assert "Không lấy được nhánh main" in refused.value.message_vi
    # The remote's address (a token may be in it) and git's words: logged only.
    assert str(remote) not in refused.value.message_vi
    assert str(remote) in caplog.text
    assert not (tmp_path / ".newsroom" / "repo").exists()
