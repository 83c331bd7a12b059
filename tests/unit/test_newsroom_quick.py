"""The pure parts of “Gửi tin nhanh”: names as Decap makes them, photos made safe."""

import datetime
import io

import pytest
from PIL import Image

from tests.photo_factory import encoded, phone_photo, private_exif
from tintuc.newsroom import quick
from tintuc.newsroom.repo.defaults import DEFAULTS
from tintuc.newsroom.repo.errors import Refused
from tintuc.vn_text.dates import VIETNAM_TIME

COLLECTION = {
    "slug": "{{year}}-{{month}}-{{day}}-{{fields.slug}}",
    "media_folder": "/content/images/{{year}}/{{month}}",
}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime.datetime(2026, 12, 7, 6, 30, tzinfo=VIETNAM_TIME), "2026-12-06-hop"),
        (datetime.datetime(2026, 12, 7, 7, 0, tzinfo=VIETNAM_TIME), "2026-12-07-hop"),
        (datetime.datetime(2027, 1, 1, 0, 5, tzinfo=VIETNAM_TIME), "2026-12-31-hop"),
    ],
)
def test_file_names_take_the_date_in_utc_as_decap_does(moment, expected):
    assert quick.filled(COLLECTION["slug"], moment, {"slug": "hop"}) == expected


def test_the_media_folder_follows_the_same_date():
    moment = datetime.datetime(2027, 1, 1, 0, 5, tzinfo=VIETNAM_TIME)
    assert quick.filled(COLLECTION["media_folder"], moment, {}) == (
        "/content/images/2026/12"
    )


def test_a_small_clean_jpeg_is_kept_byte_for_byte():
    photo = encoded(phone_photo((800, 600)), "JPEG", quality=80)
    assert quick.prepared_photo(photo, "anh.jpg", DEFAULTS) == photo


def test_a_phone_photo_is_turned_upright_shrunk_and_stripped():
    photo = encoded(phone_photo((3000, 2000)), "JPEG", exif=private_exif(6))
    made = Image.open(io.BytesIO(quick.prepared_photo(photo, "IMG.JPG", DEFAULTS)))
    assert (made.format, made.size) == ("JPEG", (1600, 2400))
    assert not made.getexif()


def test_a_png_with_transparency_becomes_a_jpeg():
    png = encoded(Image.new("RGBA", (300, 200), (0, 0, 0, 0)), "PNG")
    made = Image.open(io.BytesIO(quick.prepared_photo(png, "chup.png", DEFAULTS)))
    assert (made.format, made.mode, made.size) == ("JPEG", "RGB", (300, 200))


def test_a_file_that_is_not_a_photo_is_refused_whatever_its_name():
    with pytest.raises(Refused) as refused:
        quick.prepared_photo(b"%PDF-1.7 not a photo", "anh.jpg", DEFAULTS)
    assert "không phải tệp ảnh" in refused.value.message_vi


def test_missing_fields_are_named_in_vietnamese():
    story = quick.QuickStory(
        title="!!!", photos=[quick.Photo(b"", alt=""), quick.Photo(b"", alt="Cổng")]
    )
    assert quick.missing_fields(story) == {
        "summary": quick.MISSING["summary"],
        "body": quick.MISSING["body"],
        "title": quick.NO_SLUG,
        "alt_1": "Ảnh 1 chưa có mô tả: hãy tả những gì có trong ảnh.",
    }


def test_header_values_are_one_visible_line():
    assert quick.one_line("Họp\u00a0dân\u200b\n thôn ") == "Họp dân thôn"
