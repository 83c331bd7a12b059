"""Uploads are checked by content, not name; a refused upload is never committed."""

import io

import pytest
from PIL import Image

from tests.newsroom.repo_support import (
    WRITER,
    asset,
    branches,
    jpeg_bytes,
    make_newsroom,
    pdf_bytes,
    persist_params,
    story_text,
)
from tests.photo_factory import phone_photo
from tintuc.newsroom.repo import Refused

SLUG = "2026-12-01-khanh-thanh-nha-van-hoa"
LIMITS = {"NEWSROOM_PHOTO_MAX_BYTES": 50_000, "NEWSROOM_PHOTO_MAX_PIXELS": 1_000_000}


@pytest.fixture(name="small_limits")
def small_limits_fixture(remote, tmp_path):
    """A newsroom with limits small enough to test with small files."""
    return make_newsroom(remote, tmp_path, settings=LIMITS)


def save_with(newsroom, path: str, data: bytes):
    raw = story_text(Image=path.removeprefix("content/"), Image_alt="Ảnh")
    return newsroom.handle(
        WRITER, "persistEntry", persist_params(SLUG, raw, [asset(path, data)])
    )


def noisy_jpeg() -> bytes:
    """A real photo, detailed enough to weigh more than the small limit."""
    buffer = io.BytesIO()
    phone_photo((700, 500)).save(buffer, "JPEG", quality=95)
    assert len(buffer.getvalue()) > LIMITS["NEWSROOM_PHOTO_MAX_BYTES"]
    return buffer.getvalue()


def png_bytes(size) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


REFUSED = [
    (
        "content/images/2026/12/that-ra-la-chu.jpg",
        "Đây là một tệp chữ, không phải ảnh.\n".encode(),
        "không phải tệp ảnh",
    ),
    ("content/images/2026/12/rong.jpg", b"", "rỗng"),
    ("content/images/2026/12/cat-ngang.jpg", jpeg_bytes()[:300], "hỏng"),
    ("content/images/2026/12/qua-nang.jpg", noisy_jpeg(), "quá giới hạn"),
    ("content/images/2026/12/qua-lon.png", png_bytes((1200, 1000)), "megapixel"),
    ("content/images/2026/12/van-ban.pdf", pdf_bytes(), "không phải ảnh"),
    ("content/documents/files/gia-mao.pdf", jpeg_bytes(), "không phải tệp PDF"),
    ("content/documents/files/hong.pdf", b"%PDF-1.7\nrac", "hỏng"),
    ("content/documents/files/anh.jpg", jpeg_bytes(), "PDF"),
]


@pytest.mark.parametrize(("path", "data", "reason"), REFUSED)
def test_an_upload_that_is_not_what_it_says_is_refused(
    small_limits, path, data, reason
):
    before = small_limits.main_commit()
    with pytest.raises(Refused) as refused:
        save_with(small_limits, path, data)
    assert refused.value.status == 422
    assert reason in refused.value.message_vi
    assert branches(small_limits) == []  # nothing committed, not even on a branch
    assert small_limits.main_commit() == before


def test_real_photos_and_pdfs_are_taken(small_limits):
    saved = save_with(
        small_limits, "content/images/2026/12/that.png", png_bytes((300, 200))
    )
    assert saved["message"] == "entry persisted"
    document = "content/documents/files/quyet-dinh.pdf"
    params = persist_params(
        SLUG,
        story_text(Image="images/2026/12/that.png", Image_alt="Ảnh"),
        [
            asset("content/images/2026/12/that.png", png_bytes((300, 200))),
            asset(document, pdf_bytes()),
        ],
    )
    small_limits.handle(WRITER, "persistEntry", params)
    tree = small_limits.git.files(
        f"refs/heads/cms/thoi-su/{SLUG}", "content/documents/files"
    )
    assert [item.path for item in tree] == [document]


def test_a_bad_upload_on_a_later_save_leaves_the_branch_as_it_was(small_limits):
    save_with(small_limits, "content/images/2026/12/that.jpg", jpeg_bytes())
    head = small_limits.git.resolve(f"refs/heads/cms/thoi-su/{SLUG}")
    with pytest.raises(Refused):
        save_with(small_limits, "content/images/2026/12/chu.jpg", b"GIF89a but text")
    assert small_limits.git.resolve(f"refs/heads/cms/thoi-su/{SLUG}") == head


def test_base64_that_does_not_decode_is_a_bad_request(small_limits):
    bad = {"path": "content/images/a.jpg", "content": "@@@", "encoding": "base64"}
    with pytest.raises(Refused) as refused:
        small_limits.handle(
            WRITER, "persistEntry", persist_params(SLUG, story_text(), [bad])
        )
    assert refused.value.status == 400


def test_an_upload_never_replaces_another_file_on_the_site(small_limits):
    lead = "content/images/lead.jpg"
    before = small_limits.main_commit()
    with pytest.raises(Refused) as refused:
        save_with(small_limits, lead, jpeg_bytes(colour=(200, 0, 0)))
    assert refused.value.status == 409
    assert "đổi tên" in refused.value.message_vi
    with pytest.raises(Refused) as refused:
        small_limits.handle(
            WRITER,
            "persistMedia",
            {
                "branch": "main",
                "asset": asset(lead, jpeg_bytes(colour=(0, 0, 200))),
                "options": {"commitMessage": "x"},
            },
        )
    assert refused.value.status == 409
    assert branches(small_limits) == []
    assert small_limits.main_commit() == before
    same = small_limits.git.read(before, lead)
    assert save_with(small_limits, lead, same)["message"] == "entry persisted"


def test_two_stories_in_review_cannot_use_one_name_for_two_photos(small_limits):
    photo = "content/images/2026/12/le-hoi.jpg"
    save_with(small_limits, photo, jpeg_bytes(colour=(0, 90, 0)))
    other = "2026-12-02-le-hoi-lan-hai"
    raw = story_text(
        Id="6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b",
        Slug="le-hoi-lan-hai",
        Image="images/2026/12/le-hoi.jpg",
        Image_alt="Ảnh",
    )
    with pytest.raises(Refused) as refused:
        small_limits.handle(
            WRITER,
            "persistEntry",
            persist_params(other, raw, [asset(photo, jpeg_bytes(colour=(90, 0, 0)))]),
        )
    assert refused.value.status == 409
    assert "đang chờ duyệt" in refused.value.message_vi
    assert branches(small_limits) == [f"cms/thoi-su/{SLUG}"]
    # The story may replace its own photo.
    assert save_with(small_limits, photo, jpeg_bytes(colour=(0, 0, 90)))["message"]
