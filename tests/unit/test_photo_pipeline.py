import io

import pytest
from PIL import Image, ImageCms

from tests.photo_factory import SERIAL, encoded, phone_photo, private_exif
from tintuc.photos.pipeline import (
    Job,
    PhotoError,
    check_photo,
    decode,
    derivative_widths,
    encode,
    inspect_photo,
    make_derivatives,
    upright_size,
)

MAX_PIXELS = 50_000_000


def job_for(source, cache_dir, **overrides):
    values = {
        "source": str(source),
        "cache_dir": str(cache_dir),
        "key": "0123456789abcdef",
        "stem": source.stem,
        "widths": (480, 800, 1200, 1600),
        "quality": (("jpeg", 80), ("webp", 75)),
        "max_pixels": MAX_PIXELS,
        "social_size": (1200, 630),
        "focus": (0.5, 0.5),
        "keep_original": False,
        **overrides,
    }
    return Job(**values)


def open_photo(data):
    return decode(check_photo(data, MAX_PIXELS))


def small(mode="RGB", size=(320, 200), colour="green"):
    return Image.new(mode, size, colour)


def palette_with_transparency():
    image = small("RGBA", colour=(0, 0, 0, 0)).convert("P")
    image.info["transparency"] = 0
    return image


def animated_gif():
    frames = [small(colour=colour).convert("P") for colour in ("red", "blue", "green")]
    return encoded(
        frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0
    )


def cmyk_jpeg():
    return encoded(small("CMYK", colour=(255, 0, 0, 0)), "JPEG")


def sixteen_bit_png():
    return encoded(Image.new("I;16", (320, 200), 40000), "PNG")


FORMATS = {
    "jpeg": lambda: encoded(small(), "JPEG"),
    "png-alpha": lambda: encoded(small("RGBA", colour=(0, 128, 0, 100)), "PNG"),
    "png-palette-alpha": lambda: encoded(palette_with_transparency(), "PNG"),
    "greyscale": lambda: encoded(small("L", colour=90), "JPEG"),
    "greyscale-alpha": lambda: encoded(small("LA", colour=(90, 200)), "PNG"),
    "cmyk": cmyk_jpeg,
    "16-bit": sixteen_bit_png,
    "animated-gif": animated_gif,
    "webp": lambda: encoded(small(), "WEBP"),
    "tiff": lambda: encoded(small(), "TIFF"),
    "heic": lambda: encoded(small(), "HEIF"),
    "srgb-icc": lambda: encoded(
        small(),
        "JPEG",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    ),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_supported_format_becomes_plain_8_bit_srgb(name):
    image = open_photo(FORMATS[name]())
    assert image.mode in {"RGB", "RGBA", "L"}
    assert image.size == (320, 200)
    assert "icc_profile" not in image.info
    for kind in ("webp", "jpeg"):
        Image.open(io.BytesIO(encode(image, kind, 75))).load()


def test_animated_gif_keeps_its_first_frame():
    image = open_photo(animated_gif()).convert("RGB")
    assert image.getpixel((10, 10)) == (255, 0, 0)


def test_sixteen_bit_greyscale_keeps_its_brightness():
    assert open_photo(sixteen_bit_png()).getpixel((0, 0)) == 40000 // 256


def test_cmyk_turns_into_rgb_cyan():
    red, green, blue = open_photo(cmyk_jpeg()).getpixel((5, 5))
    assert red < 40 and green > 200 and blue > 200


def test_rotated_phone_photo_comes_out_upright():
    stored = Image.new("RGB", (200, 100), "blue")
    stored.paste((255, 0, 0), (0, 0, 100, 100))  # left half red, as the sensor saw it
    # Orientation 6: show it turned 90° clockwise, so the red half goes to the top.
    data = encoded(stored, "JPEG", exif=private_exif(orientation=6), quality=95)
    upright = open_photo(data)
    assert upright.size == (100, 200)
    red, green, blue = upright.getpixel((50, 20))
    assert red > 200 and blue < 60
    red, green, blue = upright.getpixel((50, 180))
    assert blue > 200 and red < 60


BAD = {
    "empty": (b"", "tệp ảnh rỗng (0 byte)"),
    "text-named-jpg": (
        b"Day la van ban, khong phai anh.\n" * 20,
        "không phải tệp ảnh, hoặc định dạng không hỗ trợ",
    ),
    "unsupported-pdf": (
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "không phải tệp ảnh, hoặc định dạng không hỗ trợ",
    ),
    # Pillow would hand PostScript to Ghostscript: refused before any decoder.
    "postscript-named-jpg": (
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n"
        b"newpath 0 0 moveto 100 100 lineto stroke\nshowpage\n%%EOF\n",
        "không phải tệp ảnh, hoặc định dạng không hỗ trợ",
    ),
    "truncated": (None, "tệp ảnh bị hỏng hoặc không đầy đủ"),
    "decompression-bomb": (
        None,
        "ảnh 8000×7000 quá lớn (hơn 50 megapixel): hãy thu nhỏ ảnh "
        "(chiều rộng 4000 điểm ảnh là đủ) rồi tải lên lại",
    ),
}


def bad_bytes(name):
    data, _ = BAD[name]
    if name == "truncated":
        whole = encoded(phone_photo((800, 600)), "JPEG", quality=90)
        return whole[: len(whole) // 2]
    if name == "decompression-bomb":
        return encoded(Image.new("1", (8000, 7000)), "PNG")
    return data


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_photos_are_refused_with_a_reason(name):
    with pytest.raises(PhotoError) as refused:
        open_photo(bad_bytes(name))
    assert str(refused.value) == BAD[name][1]


@pytest.mark.parametrize(
    "name",
    [
        "empty",
        "text-named-jpg",
        "unsupported-pdf",
        "postscript-named-jpg",
        "decompression-bomb",
    ],
)
def test_bad_photos_are_caught_from_their_header_alone(tmp_path, name):
    path = tmp_path / "anh.jpg"
    path.write_bytes(bad_bytes(name))
    with pytest.raises(PhotoError) as refused:
        inspect_photo(path, MAX_PIXELS)
    assert str(refused.value) == BAD[name][1]


def test_derivative_widths_never_exceed_the_original():
    assert derivative_widths(4000, (480, 800, 1200, 1600)) == [480, 800, 1200, 1600]
    assert derivative_widths(960, (480, 800, 1200, 1600)) == [480, 800, 960]
    assert derivative_widths(300, (480, 800)) == [300]


def test_no_published_file_carries_gps_serial_or_camera(tmp_path):
    source = tmp_path / "dien-thoai.jpg"
    source.write_bytes(
        encoded(phone_photo((1700, 1000)), "JPEG", exif=private_exif(), quality=85)
    )
    assert SERIAL.encode() in source.read_bytes()
    manifest = make_derivatives(job_for(source, tmp_path / "cache", keep_original=True))
    kinds = {item["kind"] for item in manifest["files"]}
    assert kinds == {"webp", "jpeg", "social", "original"}
    for item in manifest["files"]:
        data = (tmp_path / "cache" / manifest["key"] / item["name"]).read_bytes()
        assert SERIAL.encode() not in data and b"Phone X" not in data
        published = Image.open(io.BytesIO(data))
        assert dict(published.getexif()) == {}
        assert "exif" not in published.info and "icc_profile" not in published.info


def test_derivatives_have_the_planned_sizes_and_budget(tmp_path):
    source = tmp_path / "anh-chinh.jpg"
    source.write_bytes(encoded(phone_photo(), "JPEG", quality=88))
    manifest = make_derivatives(job_for(source, tmp_path / "cache"))
    sizes = {
        (item["kind"], item["width"], item["height"]) for item in manifest["files"]
    }
    assert sizes == {
        *(
            (kind, width, width * 3 // 4)
            for kind in ("webp", "jpeg")
            for width in (480, 800, 1200, 1600)
        ),
        ("social", 1200, 630),
    }
    webp_800 = next(
        i for i in manifest["files"] if i["kind"] == "webp" and i["width"] == 800
    )
    assert (
        tmp_path / "cache" / manifest["key"] / webp_800["name"]
    ).stat().st_size <= 120_000


def test_social_crop_follows_the_focal_point(tmp_path):
    wide = Image.new("RGB", (2400, 630), "blue")
    wide.paste((255, 0, 0), (0, 0, 1200, 630))
    source = tmp_path / "rong.png"
    source.write_bytes(encoded(wide, "PNG"))
    for focus, colour in (((0.0, 0.5), (255, 0, 0)), ((1.0, 0.5), (0, 0, 255))):
        cache = tmp_path / f"cache-{focus[0]}"
        manifest = make_derivatives(job_for(source, cache, focus=focus))
        social = next(i for i in manifest["files"] if i["kind"] == "social")
        card = Image.open(cache / manifest["key"] / social["name"]).convert("RGB")
        pixel = card.getpixel((600, 315))
        assert all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))


def test_the_same_photo_encodes_to_the_same_bytes(tmp_path):
    source = tmp_path / "anh.jpg"
    source.write_bytes(encoded(phone_photo((1000, 700)), "JPEG"))
    first = make_derivatives(job_for(source, tmp_path / "a"))
    second = make_derivatives(job_for(source, tmp_path / "b"))
    for item in first["files"]:
        assert (tmp_path / "a" / first["key"] / item["name"]).read_bytes() == (
            tmp_path / "b" / second["key"] / item["name"]
        ).read_bytes()


@pytest.mark.parametrize(
    ("orientation", "image_format"), [(1, "JPEG"), (6, "JPEG"), (1, "MPO")]
)
def test_a_big_jpeg_is_decoded_only_as_large_as_its_largest_derivative(
    orientation, image_format
):
    stored = (4000, 3000) if orientation == 1 else (3000, 4000)
    # An MPO, as phones write, holds a second picture.
    more = {"save_all": True, "append_images": [small(size=stored)]}
    data = encoded(
        small(size=stored),
        image_format,
        exif=private_exif(orientation),
        **(more if image_format == "MPO" else {}),
    )
    photo = check_photo(data, MAX_PIXELS)
    assert (photo.format, upright_size(photo)) == (image_format, (4000, 3000))
    # 1600 wide is wanted: halving in the decoder holds it, quartering would not.
    assert decode(photo, reduce_by=4000 / 1600).size == (2000, 1500)
    assert decode(check_photo(data, MAX_PIXELS)).size == (4000, 3000)
