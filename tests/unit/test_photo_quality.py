"""The fast pipeline against the plain way: every derivative scaled or cropped
straight from the whole decoded photo with LANCZOS, then encoded alike."""

import io
import math
from typing import NamedTuple

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat

from tests.photo_factory import encoded, phone_photo, private_exif
from tests.unit.test_photo_pipeline import MAX_PIXELS, job_for
from tintuc.photos.pipeline import check_photo, decode, encode, make_derivatives

QUALITY = {"webp": 75, "jpeg": 80}
CROPPED = {"thumb-webp", "thumb-jpeg", "social"}
FOCUS = (0.3, 0.6)


class Compared(NamedTuple):
    kind: str
    fmt: str
    fast: bytes  # what the pipeline wrote
    plain: bytes  # the same picture made the plain way, encoded alike
    picture: Image.Image  # the plain way's pixels, before encoding


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def psnr(first: Image.Image, second: Image.Image) -> float:
    """Peak signal-to-noise ratio in dB of two same-sized images."""
    difference = ImageChops.difference(first.convert("RGB"), second.convert("RGB"))
    mse = sum(rms**2 for rms in ImageStat.Stat(difference).rms) / 3
    return 10 * math.log10(255**2 / mse) if mse else math.inf


def plain_picture(whole: Image.Image, kind: str, size) -> Image.Image:
    """A derivative made the plain way, from the whole decoded photo."""
    if kind in CROPPED:
        return ImageOps.fit(
            whole.convert("RGB"), size, Image.Resampling.LANCZOS, centering=FOCUS
        )
    if whole.size == size:
        return whole
    return whole.resize(size, Image.Resampling.LANCZOS)


def photos():
    """A phone JPEG turned by EXIF (decoded at reduced size) and a PNG."""
    phone = encoded(
        phone_photo((4000, 3000), seed=3).transpose(Image.Transpose.ROTATE_90),
        "JPEG",
        quality=90,
        exif=private_exif(orientation=6),
    )
    return {
        "dien-thoai.jpg": phone,
        "man-hinh.png": encoded(phone_photo((1800, 1200)), "PNG"),
    }


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """Every derivative of both photos, beside its plain twin."""
    folder = tmp_path_factory.mktemp("quality")
    rows = []
    for name, data in photos().items():
        source = folder / name
        source.write_bytes(data)
        job = job_for(
            source,
            folder / "cache",
            thumb_widths=(160, 320, 480),
            focus=FOCUS,
            key=f"{len(rows):016d}",
        )
        manifest = make_derivatives(job)
        whole = decode(check_photo(data, MAX_PIXELS))
        for item in manifest["files"]:
            fast = (folder / "cache" / manifest["key"] / item["name"]).read_bytes()
            size = (item["width"], item["height"])
            picture = plain_picture(whole, item["kind"], size)
            fmt = "webp" if item["name"].endswith(".webp") else "jpeg"
            plain = encode(picture, fmt, QUALITY[fmt])
            rows.append(Compared(item["kind"], fmt, fast, plain, picture))
    return rows


def test_every_derivative_has_the_plain_size(compared):
    assert len(compared) == 2 * 15
    for row in compared:
        assert opened(row.fast).size == row.picture.size, row.kind


def test_fast_jpegs_look_like_the_plain_ones(compared):
    for row in compared:
        if row.fmt == "jpeg":
            assert psnr(opened(row.fast), opened(row.plain)) >= 40, row.kind


def test_no_derivative_is_worse_than_the_plain_one(compared):
    # WebP moves an encode about 40 dB away from one changed pixel, so each
    # file is held to the plain one's distance from the plain pixels instead.
    for row in compared:
        fast_quality = psnr(opened(row.fast), row.picture)
        plain_quality = psnr(opened(row.plain), row.picture)
        assert fast_quality >= plain_quality - 0.25, row.kind


def test_each_kind_weighs_at_most_two_percent_more(compared):
    for kind in {row.kind for row in compared}:
        fast = sum(len(row.fast) for row in compared if row.kind == kind)
        plain = sum(len(row.plain) for row in compared if row.kind == kind)
        assert fast <= plain * 1.02, kind


def test_no_derivative_carries_metadata(compared):
    for row in compared:
        published = opened(row.fast)
        assert dict(published.getexif()) == {}, row.kind
        assert not {"exif", "icc_profile", "xmp"} & set(published.info), row.kind
