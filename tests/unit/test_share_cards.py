"""The title cards of stories with no photo: drawn once, on every core."""

import os
from pathlib import Path
from types import SimpleNamespace

from PIL import Image

from tintuc.photos import photos
from tintuc.photos.settings import DEFAULTS

THEME = Path(__file__).resolve().parents[2] / "theme"


def generator(cache: Path, workers: int):
    """The photos generator as its cards need it, without a whole build."""
    made = object.__new__(photos.PhotosGenerator)
    made.settings = {
        **DEFAULTS,
        "SITENAME": "Định Hóa",
        "SITEURL": "",
        "THEME": str(THEME),
        "PHOTOS_WORKERS": workers,
    }
    made.cache_dir = cache
    made.font_digest = "font"
    made.files = []
    made.carded = set()
    return made


def stories(count: int) -> list:
    return [
        SimpleNamespace(title=f"Tin số {number} của xã Định Hóa", slug=f"tin-{number}")
        for number in range(count)
    ]


def drawing_recorded(monkeypatch, record: Path):
    """Each card drawn leaves a file naming the process that drew it."""
    record.mkdir()
    draw = photos.write_share_card

    def recorded(path, title, settings):
        draw(path, title, settings)
        (record / f"{Path(path).name}.{os.getpid()}").touch()

    monkeypatch.setattr(photos, "write_share_card", recorded)


def test_missing_cards_are_drawn_on_every_core_each_once(tmp_path, monkeypatch):
    drawing_recorded(monkeypatch, tmp_path / "drawn")
    made, six = generator(tmp_path / "cache", workers=2), stories(6)
    made.attach_share_cards(six)
    drawn = sorted(path.name for path in (tmp_path / "drawn").iterdir())
    assert len(drawn) == 6
    assert len({name.rsplit(".", 1)[1] for name in drawn}) == 2
    for story in six:
        card = story.social_image
        assert card["url"].startswith("/anh/the-" + story.slug + "-")
        assert card["alt"] == f"Định Hóa: {story.title}"
        with Image.open(card["path"]) as image:
            assert image.format == "JPEG" and image.size == (1200, 630)
    assert made.carded == {id(story) for story in six}
    assert sorted(name for _, name in made.files) == sorted(
        Path(story.social_image["path"]).name for story in six
    )


def test_a_card_in_the_cache_is_not_drawn_again_and_a_broken_one_is(
    tmp_path, monkeypatch
):
    generator(tmp_path / "cache", workers=1).attach_share_cards(stories(3))
    first, second, third = sorted((tmp_path / "cache" / "cards").iterdir())
    whole = first.read_bytes()
    second.write_bytes(second.read_bytes()[:100])  # a build killed mid-write
    drawing_recorded(monkeypatch, tmp_path / "drawn")
    again = stories(3)
    generator(tmp_path / "cache", workers=2).attach_share_cards(again)
    assert [path.name.rsplit(".", 1)[0] for path in (tmp_path / "drawn").iterdir()] == [
        second.name
    ]
    assert first.read_bytes() == whole
    with Image.open(second) as image:
        image.load()


def test_two_stories_with_one_card_draw_it_once(tmp_path, monkeypatch):
    drawing_recorded(monkeypatch, tmp_path / "drawn")
    twins = [SimpleNamespace(title="Cùng một tin", slug="cung-mot-tin")] * 2
    generator(tmp_path / "cache", workers=2).attach_share_cards(twins)
    assert len(list((tmp_path / "drawn").iterdir())) == 1
