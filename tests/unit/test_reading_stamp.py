"""The reader cache is started afresh when anything shaping a reader changes."""

from pathlib import Path

import pytest
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG

from tintuc.buildspeed.reading import cache_file_name, cached_readers, readers_stamp


def test_the_stamp_follows_settings_and_code_but_not_the_output_folder(tmp_path):
    code = tmp_path / "plugins"
    code.mkdir()
    (code / "reader.py").write_text("A = 1\n")
    settings = {"MARKDOWN": {"extensions": ["extra"]}, "OUTPUT_PATH": "a"}
    stamp = readers_stamp(settings, [code])
    assert readers_stamp({**settings, "OUTPUT_PATH": "b"}, [code]) == stamp
    assert readers_stamp({**settings, "MARKDOWN": {}}, [code]) != stamp
    (code / "reader.py").write_text("A = 2\n")
    assert readers_stamp(settings, [code]) != stamp


@pytest.fixture
def settings(tmp_path):
    return {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache")}


def cache_file(settings) -> Path:
    name = cache_file_name(ArticlesGenerator, readers_stamp(settings, []))
    return Path(settings["CACHE_PATH"], name)


def test_a_cache_of_other_settings_is_deleted_and_one_of_these_kept(settings, tmp_path):
    story = tmp_path / "a.md"
    story.write_text("Title: A\n\nA.\n")
    readers = cached_readers(settings, ArticlesGenerator, [])
    readers.cache_data(str(story), ("<p>A.</p>", {"title": "A"}))
    readers.save_cache()
    kept = cache_file(settings)
    assert kept.is_file()
    again = cached_readers(settings, ArticlesGenerator, [])
    assert again.get_cached_data(str(story), None) == ("<p>A.</p>", {"title": "A"})
    story.write_text("Title: A\n\nA, edited.\n")
    assert again.get_cached_data(str(story), None) is None
    cached_readers({**settings, "TIMEZONE": "UTC"}, ArticlesGenerator, [])
    assert not kept.exists()


def test_a_damaged_cache_file_is_started_afresh(settings, tmp_path):
    story = tmp_path / "a.md"
    story.write_text("Title: A\n\nA.\n")
    kept = cache_file(settings)
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"\x80\x05\x95 truncated")
    readers = cached_readers(settings, ArticlesGenerator, [])
    assert readers.get_cached_data(str(story), None) is None
