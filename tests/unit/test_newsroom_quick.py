"""The pure parts of “Gửi tin nhanh”: names as Decap makes them, photos made safe."""

import datetime
import io

import pytest
from PIL import Image, ImageFile

from tests.photo_factory import encoded, phone_photo, private_exif
from tests.unit.test_cms_config import site_settings
from tintuc.editorial.gate import load_site
from tintuc.newsroom import quick
from tintuc.newsroom.repo.defaults import DEFAULTS
from tintuc.newsroom.repo.errors import Refused
from tintuc.newsroom.repo.paths import SAFE_NAME
from tintuc.vn_text.dates import VIETNAM_TIME
from tintuc.vn_text.front_matter import parse_front_matter
from tintuc.vn_text.slug import slugify_vi

UTC = datetime.UTC


@pytest.fixture(scope="module")
def collection():
    """Thời sự's collection, as the newsroom's Decap page and /gui-tin/ get it."""
    settings = site_settings()
    return quick.collection_for(load_site(settings), settings, "thoi-su")


def vietnam(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=VIETNAM_TIME)


@pytest.mark.parametrize(
    ("moment", "day", "folder"),
    [
        # 05:30 on 1 December in Vietnam is still 30 November in UTC.
        (vietnam(2026, 12, 1, 5, 30), "2026-12-01", "2026/12"),
        (vietnam(2027, 1, 1, 0, 5), "2027-01-01", "2027/01"),
        (vietnam(2026, 12, 7, 23, 59), "2026-12-07", "2026/12"),
        (datetime.datetime(2026, 11, 30, 22, 30, tzinfo=UTC), "2026-12-01", "2026/12"),
    ],
)
def test_file_names_and_photo_folders_carry_the_day_in_vietnam(
    collection, moment, day, folder
):
    assert quick.filled(collection["slug"], moment, {"slug": "hop"}) == f"{day}-hop"
    assert quick.filled(collection["media_folder"], moment, {}) == (
        f"/content/images/{folder}"
    )
    assert quick.filled(collection["public_folder"], moment, {}) == f"images/{folder}"


def test_a_story_sent_before_seven_in_the_morning_is_named_for_its_date(collection):
    moment = vietnam(2026, 12, 1, 6, 59)
    photos = [quick.Photo(b"", alt="Cổng làng"), quick.Photo(b"", alt="Đường")]
    story = quick.QuickStory(
        title="Họp dân", summary="Tóm tắt.", body="Sáng nay.", photos=photos
    )
    file_slug = quick.filled(collection["slug"], moment, {"slug": "hop-dan"})
    made = quick.persist_params(
        story,
        collection,
        unit="UBND xã Định Hóa",
        author="Trần Thị Viết",
        file_slug=file_slug,
        slug="hop-dan",
        moment=moment,
        photos=[b"1", b"2"],
    )
    assert made.path == "content/articles/thoi-su/2026-12-01-hop-dan.md"
    assert [asset["path"] for asset in made.params["assets"]] == [
        "content/images/2026/12/2026-12-01-hop-dan-1.jpg",
        "content/images/2026/12/2026-12-01-hop-dan-2.jpg",
    ]
    story_file = parse_front_matter(made.params["dataFiles"][0]["raw"])
    assert story_file.get("date") == "2026-12-01 06:59"
    assert story_file.get("image") == "images/2026/12/2026-12-01-hop-dan-1.jpg"
    assert "(images/2026/12/2026-12-01-hop-dan-2.jpg)" in story_file.body


@pytest.mark.parametrize("form", ["YYYY-MM-DD HH", "D/M/YYYY", "[YYYY]"])
def test_a_date_format_with_other_tokens_is_refused_not_guessed(form):
    moment = vietnam(2026, 12, 1, 5, 30)
    with pytest.raises(ValueError, match="YYYY, MM, DD"):
        quick.filled(f"{{{{fields.date | date('{form}')}}}}", moment, {})


def prepared(data: bytes, number=1) -> Image.Image:
    made = quick.prepared_photo(quick.Photo(data, number=number), DEFAULTS)
    return Image.open(io.BytesIO(made))


def with_jfif_thumbnail(photo: bytes) -> bytes:
    """The JPEG with a 2×1 RGB thumbnail in its JFIF segment, as cameras leave."""
    assert photo[2:4] == b"\xff\xe0"  # Pillow writes JFIF first
    length = int.from_bytes(photo[4:6])
    jfif = photo[6 : 6 + 12] + bytes([2, 1]) + b"\x10GPS" + b"\x00\x00"
    return (
        photo[:2]
        + b"\xff\xe0"
        + (len(jfif) + 2).to_bytes(2)
        + jfif
        + photo[4 + length :]
    )


def test_a_browser_shrunk_jpeg_is_re_encoded_to_its_pixels_only():
    photo = encoded(phone_photo((800, 600)), "JPEG", quality=80)
    tampered = with_jfif_thumbnail(photo) + b"<script>alert(1)</script>GPS 21.9N 105.6E"
    made = quick.prepared_photo(quick.Photo(tampered, number=1), DEFAULTS)
    assert b"GPS" not in made and b"<script" not in made
    assert made.endswith(b"\xff\xd9")  # nothing after the end of the image
    image = Image.open(io.BytesIO(made))
    assert image.size == (800, 600)
    assert [(marker, len(data)) for marker, data in image.applist] == [("APP0", 14)]
    assert "exif" not in image.info and "icc_profile" not in image.info


def decoded_sizes(monkeypatch) -> list:
    """The size of every photo decoded from here on (a lazily opened file's load)."""
    sizes = []
    load = ImageFile.ImageFile.load

    def counting(image):
        if image.tile:
            sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting)
    return sizes


def test_a_large_jpeg_is_decoded_once_already_scaled_down(monkeypatch):
    photo = encoded(Image.new("RGB", (4800, 3200), (90, 140, 60)), "JPEG")
    sizes = decoded_sizes(monkeypatch)
    assert prepared(photo).size == (2400, 1600)
    assert sizes == [(2400, 1600)]  # the decoder's draft, never 4800×3200


def test_a_large_png_is_decoded_once(monkeypatch):
    png = encoded(Image.new("RGB", (5000, 2500), (200, 30, 30)), "PNG")
    sizes = decoded_sizes(monkeypatch)
    assert prepared(png).size == (2400, 1200)
    assert sizes == [(5000, 2500)]


def test_a_phone_photo_is_turned_upright_shrunk_and_stripped():
    photo = encoded(phone_photo((3000, 2000)), "JPEG", exif=private_exif(6))
    made = prepared(photo)
    assert (made.format, made.size) == ("JPEG", (1600, 2400))
    assert not made.getexif()


def test_a_large_upright_png_is_reduced_and_turned():
    exif = private_exif(6)
    png = encoded(Image.new("RGB", (6000, 3000), (0, 90, 0)), "PNG", exif=exif)
    assert prepared(png).size == (1200, 2400)


def test_a_png_with_transparency_becomes_a_jpeg():
    png = encoded(Image.new("RGBA", (300, 200), (0, 0, 0, 0)), "PNG")
    made = prepared(png)
    assert (made.format, made.mode, made.size) == ("JPEG", "RGB", (300, 200))


def test_a_file_that_is_not_a_photo_is_refused_whatever_its_name():
    with pytest.raises(Refused) as refused:
        prepared(b"%PDF-1.7 not a photo", number=2)
    assert refused.value.message_vi.startswith("Ảnh 2 không dùng được: ")
    assert "không phải tệp ảnh" in refused.value.message_vi


def test_a_photo_over_the_byte_limit_is_refused_before_it_is_opened():
    limits = DEFAULTS | {"NEWSROOM_PHOTO_MAX_BYTES": 1024 * 1024}
    with pytest.raises(Refused) as refused:
        quick.prepared_photo(quick.Photo(b"x" * 2_000_000, number=3), limits)
    assert refused.value.message_vi.startswith("Ảnh 3 nặng 2 MB, quá giới hạn 1 MB")


def test_photos_of_too_many_pixels_together_are_refused_on_the_photo_field():
    # 1-bit images: 36 MP each in a few kilobytes; only their headers are read.
    big = encoded(Image.new("1", (6000, 6000)), "PNG")
    photos = [quick.Photo(big, number=n) for n in (1, 2, 3)]
    assert quick.over_budget(photos[:2]) == {}
    assert quick.over_budget([*photos[:2], quick.Photo(b"not a photo")]) == {}
    assert quick.over_budget(photos) == {
        "photo": "Các ảnh gửi cùng lúc quá lớn: tổng cộng 108 megapixel, tối đa 100. "
        "Hãy gửi ít ảnh hơn, hoặc mở trang này trên trình duyệt có JavaScript "
        "để ảnh được thu nhỏ trước."
    }


def test_at_most_two_requests_decode_photos_at_once():
    with quick.photo_slot(), quick.photo_slot():
        with pytest.raises(quick.Busy) as busy, quick.photo_slot():
            pass
        assert str(busy.value) == "Máy chủ đang bận xử lý ảnh, hãy gửi lại sau ít phút."
    with quick.photo_slot():  # released again, even after a refusal
        pass


@pytest.mark.parametrize(
    ("name", "box"),
    [
        ("alt_2", 2),
        ("photo_07", 7),
        ("alt_²", None),  # "²".isdigit() is true; int("²") raises
        ("alt_٣", None),  # an Arabic-Indic three
        ("alt_0", None),
        ("alt_100", None),
        ("xalt_1", None),
        ("title", None),
    ],
)
def test_photo_boxes_are_numbered_in_ascii_digits_only(name, box):
    assert quick.box_number(name) == box


def test_a_title_over_the_gate_s_limit_is_refused_first():
    story = quick.QuickStory(title="Tin " * 50_000)
    assert quick.too_long(story, {"EDITORIAL_TITLE_MAX": 150}) == {
        "title": "Tiêu đề dài 199999 ký tự, tối đa 150"
    }
    assert (
        quick.too_long(quick.QuickStory(title="Họp"), {"EDITORIAL_TITLE_MAX": 3}) == {}
    )


def test_a_long_title_s_slug_is_cut_between_words():
    title = "Hội nghị tổng kết công tác " * 10
    slug = quick.story_slug(title)
    assert len(slug) <= quick.SLUG_MAX
    assert slug.endswith("-tac")
    assert slugify_vi(title).startswith(slug + "-")
    assert quick.story_slug("Họp dân") == "hop-dan"


def test_a_148_character_title_makes_safe_photo_names(collection):
    title = ("Nghiệm thu công trình đường giao thông nông thôn " * 4)[:148]
    moment = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=VIETNAM_TIME)
    file_slug = quick.filled(
        collection["slug"], moment, {"slug": quick.story_slug(title) + "-99"}
    )
    assert SAFE_NAME.match(f"{file_slug}-{quick.MAX_PHOTOS}.jpg")


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


CONTROLS = "\x00\x07\x1b\x1f\x7f\x85\x9f\u200e\u200f\u061c\u202a\u202e\u2066\u2069"


def test_control_and_direction_characters_are_dropped_from_header_values():
    assert quick.one_line(f"Họp{CONTROLS} dân\u202e gnôht") == "Họp dân gnôht"
    assert quick.one_line("Họp\x1c\x1d\x1e\x1fdân") == "Họpdân"


def test_control_and_direction_characters_are_dropped_from_the_text():
    text = f"Dòng một{CONTROLS}\r\n\tDòng hai\u2067"
    assert quick.body_text(text) == "Dòng một\n\tDòng hai"
