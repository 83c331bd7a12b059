"""Photos in a real build: <picture>, privacy, originals, share cards, cache."""

import shutil

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import build_site, copy_fixture_content, output_files
from tests.photo_factory import SERIAL, phone_photo

STORY = "bai-viet/dong-chi-dang-xuan-truong-tham-xa-diem-mac/index.html"


def page(site, relative):
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def test_lead_photo_is_a_picture_loaded_first(fixture_site):
    figure = page(fixture_site, STORY).select_one(".dh-article__figure")
    source = figure.picture.source
    assert source["type"] == "image/webp"
    assert [entry.split()[-1] for entry in source["srcset"].split(", ")] == [
        "480w",
        "640w",
    ]
    image = figure.picture.img
    assert image["fetchpriority"] == "high" and not image.has_attr("loading")
    assert image["src"].endswith("-640.jpg")


def test_inline_photo_is_a_lazy_picture_with_width_and_height(fixture_site):
    body = page(fixture_site, STORY).select_one(".dh-article__body")
    image = body.picture.img
    assert image["loading"] == "lazy"
    assert image["alt"] == "Người dân đón đoàn công tác ở nhà văn hóa thôn"
    assert [
        entry.split()[-1] for entry in body.picture.source["srcset"].split(", ")
    ] == [
        "480w",
        "800w",
        "1000w",
    ]
    assert (image["width"], image["height"]) == ("800", "560")


def test_every_img_on_every_page_has_width_and_height(fixture_site):
    for html in fixture_site.rglob("*.html"):
        for image in page(fixture_site, html.relative_to(fixture_site)).find_all("img"):
            assert image.get("width") and image.get("height"), (html, image)


def test_originals_are_not_published_but_a_linked_one_is_stripped(fixture_site):
    assert not (fixture_site / "images").exists()
    link = page(fixture_site, STORY).find("a", string="Tải ảnh gốc")
    assert link["href"].startswith("/anh/inline-") and link["href"].endswith("-goc.jpg")
    original = fixture_site / link["href"].lstrip("/")
    with Image.open(original) as published:
        assert published.size == (1000, 700)
    assert SERIAL.encode() not in original.read_bytes()


def test_no_published_image_carries_exif(fixture_site):
    images = [
        path for path in fixture_site.rglob("*") if path.suffix in {".jpg", ".webp"}
    ]
    assert len(images) > 10
    for path in images:
        assert SERIAL.encode() not in path.read_bytes()
        with Image.open(path) as published:
            assert dict(published.getexif()) == {}, path


def test_stories_get_a_social_image_or_a_share_card(fixture_site):
    cards = sorted((fixture_site / "anh").glob("the-*.jpg"))
    assert len(cards) == 2
    assert cards[0].name.startswith("the-le-hoi-long-tong-dinh-hoa-")
    assert cards[1].name.startswith("the-script-alert-xss-script-tieu-de-doc-h")
    social = sorted((fixture_site / "anh").glob("*-mxh.jpg"))
    assert len(social) == 2
    for path in [*cards, *social]:
        with Image.open(path) as image:
            assert image.size == (1200, 630)


def test_cache_skips_unchanged_photos_and_redoes_changed_ones(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    cache = tmp_path / "cache"
    first = output_files(build_site(content, tmp_path / "one", CACHE_PATH=str(cache)))
    photos = cache / "photos"
    manifests = {
        path: path.stat().st_mtime_ns for path in photos.rglob("manifest.json")
    }
    assert len(manifests) == 2

    second = output_files(build_site(content, tmp_path / "two", CACHE_PATH=str(cache)))
    assert {
        path: path.stat().st_mtime_ns for path in photos.rglob("manifest.json")
    } == manifests
    assert second == first

    phone_photo((900, 600)).save(content / "images" / "inline.jpg", quality=80)
    build_site(content, tmp_path / "three", CACHE_PATH=str(cache))
    after = {path: path.stat().st_mtime_ns for path in photos.rglob("manifest.json")}
    assert len(after) == 3
    assert all(after[path] == mtime for path, mtime in manifests.items())


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("truncate", "tệp ảnh bị hỏng hoặc không đầy đủ"),
        ("empty", "tệp ảnh rỗng (0 byte)"),
    ],
)
def test_a_bad_photo_stops_the_build_naming_story_and_photo(
    tmp_path, capsys, damage, reason
):
    content = copy_fixture_content(tmp_path / "content")
    photo = content / "images" / "inline.jpg"
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) // 2] if damage == "truncate" else b"")
    output = tmp_path / "output"
    with pytest.raises(SystemExit):
        build_site(content, output)
    err = capsys.readouterr().err
    assert "2026-11-27-tham-xa-diem-mac.md" in err
    assert f"ảnh '{{static}}/images/inline.jpg': {reason}" in err
    assert "Traceback" not in err
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
