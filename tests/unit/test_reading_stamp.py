"""The reader cache is thrown away when anything shaping a reader changes."""

from buildspeed.reading import drop_stale_caches, readers_stamp


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


def test_stale_caches_are_deleted_once(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    stored = cache / "ArticlesGenerator-Readers"
    stored.write_bytes(b"old")
    settings = {"CACHE_PATH": str(cache), "TIMEZONE": "Asia/Ho_Chi_Minh"}
    assert drop_stale_caches(settings, []) is True
    assert not stored.exists()
    stored.write_bytes(b"new")
    assert drop_stale_caches(settings, []) is False
    assert stored.read_bytes() == b"new"
    assert drop_stale_caches({**settings, "TIMEZONE": "UTC"}, []) is True
    assert not stored.exists()
