"""No path in any request reaches outside content/ or into .git."""

import pytest

from tests.newsroom.repo_support import (
    APPROVER,
    WRITER,
    asset,
    branches,
    git,
    jpeg_bytes,
    key,
    own_copy_with,
    persist_params,
    story_text,
)
from tintuc.newsroom.repo import Refused
from tintuc.newsroom.repo.paths import content_path, media_path

HOSTILE = [
    "../etc/passwd",
    "content/../../etc/passwd",
    "content/../.git/config",
    ".git/config",
    "content/.git/config",
    "/etc/passwd",
    "/content/images/a.jpg",
    "content/images/a.jpg\x00.md",
    "content\\..\\.git\\config",
    "C:/Windows/win.ini",
    "content/./images/a.jpg",
    "content//images/a.jpg",
    "",
    None,
    ["content/images/a.jpg"],
]
SLUG = "2026-12-01-khanh-thanh-nha-van-hoa"


@pytest.mark.parametrize("path", HOSTILE)
def test_hostile_paths_are_refused_with_a_reason(path):
    with pytest.raises(Refused) as refused:
        content_path(path)
    assert refused.value.status == 403
    assert "content/" in refused.value.message_vi


@pytest.mark.parametrize(
    "path",
    ["content/articles/x.md", "content/pages/gioi-thieu.md", "content/data/units.toml"],
)
def test_a_media_upload_goes_only_to_images_or_documents(path):
    assert content_path(path) == path
    with pytest.raises(Refused) as refused:
        media_path(path)
    assert refused.value.status == 403


def test_media_names_must_be_safe():
    with pytest.raises(Refused) as refused:
        media_path("content/images/ảnh lễ hội.jpg")
    assert refused.value.status == 422
    assert "Tên tệp" in refused.value.message_vi
    assert media_path("content/images/2026/12/anh-le-hoi.jpg")


def unchanged(newsroom, remote, before):
    assert newsroom.main_commit() == before
    assert git("rev-parse", "main", git_dir=remote) == before
    assert branches(newsroom) == []


@pytest.mark.parametrize(
    "path",
    ["content/../.git/config", "../README.md", "/etc/passwd", "content/a\x00.md"],
)
def test_every_kind_of_request_refuses_a_path_outside(newsroom, remote, path):
    before = newsroom.main_commit()
    requests = [
        (WRITER, "getEntry", {"branch": "main", "path": path}),
        (WRITER, "entriesByFiles", {"branch": "main", "files": [{"path": path}]}),
        (
            WRITER,
            "entriesByFolder",
            {"branch": "main", "folder": path, "extension": "md", "depth": 1},
        ),
        (WRITER, "getMedia", {"branch": "main", "mediaFolder": path}),
        (WRITER, "getMediaFile", {"branch": "main", "path": path}),
        (WRITER, "unpublishedEntryDataFile", key(SLUG, id="x", path=path)),
        (WRITER, "unpublishedEntryMediaFile", key(SLUG, id="x", path=path)),
        (
            WRITER,
            "persistEntry",
            persist_params(SLUG, story_text(), [asset(path, jpeg_bytes())]),
        ),
        (
            APPROVER,
            "persistMedia",
            {
                "branch": "main",
                "asset": asset(path, jpeg_bytes()),
                "options": {"commitMessage": "x"},
            },
        ),
        (
            APPROVER,
            "deleteFile",
            {"branch": "main", "path": path, "options": {"commitMessage": "x"}},
        ),
        (
            APPROVER,
            "deleteFiles",
            {
                "branch": "main",
                "paths": ["content/images/lead.jpg", path],
                "options": {"commitMessage": "x"},
            },
        ),
    ]
    for actor, action, params in requests:
        with pytest.raises(Refused) as refused:
            newsroom.handle(actor, action, params)
        assert refused.value.status == 403, action
        assert "content/" in refused.value.message_vi
    entry = persist_params(SLUG, story_text())
    entry["dataFiles"][0]["path"] = path
    with pytest.raises(Refused) as refused:
        newsroom.handle(WRITER, "persistEntry", entry)
    assert refused.value.status == 403
    with pytest.raises(Refused):
        newsroom.describe("deleteFile", {"branch": "main", "path": path})
    unchanged(newsroom, remote, before)


def test_a_story_must_live_in_its_own_section_folder(newsroom, remote):
    before = newsroom.main_commit()
    params = persist_params(SLUG, story_text())
    params["dataFiles"][0]["path"] = "content/pages/gioi-thieu.md"
    with pytest.raises(Refused) as refused:
        newsroom.handle(WRITER, "persistEntry", params)
    assert refused.value.status == 403
    params = persist_params("..", story_text())
    with pytest.raises(Refused) as refused:
        newsroom.handle(WRITER, "persistEntry", params)
    assert refused.value.status in (403, 422)
    unchanged(newsroom, remote, before)


def test_a_write_through_a_symbolic_link_is_refused(tmp_path, template_remote):
    from tests.newsroom.repo_support import make_newsroom  # noqa: PLC0415

    def link(work):
        (work / "content" / "images" / "kho").symlink_to("../../.git")

    remote = own_copy_with(template_remote, tmp_path, "liên kết", link)
    newsroom = make_newsroom(remote, tmp_path)
    before = newsroom.main_commit()
    upload = asset("content/images/kho/config.jpg", jpeg_bytes())
    with pytest.raises(Refused) as refused:
        newsroom.handle(
            APPROVER,
            "persistMedia",
            {"branch": "main", "asset": upload, "options": {"commitMessage": "x"}},
        )
    assert refused.value.status == 403
    assert "liên kết" in refused.value.message_vi
    with pytest.raises(Refused) as refused:
        newsroom.handle(
            WRITER, "persistEntry", persist_params(SLUG, story_text(), [upload])
        )
    assert refused.value.status == 403
    missing = newsroom.handle(
        WRITER, "getEntry", {"branch": "main", "path": "content/images/kho/config"}
    )
    assert missing["data"] is None  # a read never follows the link
    unchanged(newsroom, remote, before)
