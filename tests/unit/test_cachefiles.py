"""Sealed cache folders: used only while they hold exactly what was sealed."""

import json

import pytest

from tintuc.shared.cachefiles import file_sizes, is_sealed, seal

SEAL = ".whole.json"


@pytest.fixture
def folder(tmp_path):
    """A photo cache folder, sealed as ``make_derivatives`` leaves it."""
    folder = tmp_path / "abc123"
    folder.mkdir()
    (folder / "anh-800.webp").write_bytes(b"w" * 800)
    (folder / "anh-800.jpg").write_bytes(b"j" * 900)
    (folder / "manifest.json").write_text('{"key": "abc123"}')
    seal(folder, folder / SEAL)
    return folder


def test_a_whole_folder_is_sealed_and_its_seal_lists_every_file(folder):
    assert is_sealed(folder, folder / SEAL)
    assert json.loads((folder / SEAL).read_text()) == {
        "anh-800.jpg": 900,
        "anh-800.webp": 800,
        "manifest.json": 17,
    }


def truncated(folder):
    with (folder / "anh-800.jpg").open("r+b") as file:
        file.truncate(450)


def grown(folder):
    with (folder / "anh-800.webp").open("ab") as file:
        file.write(b"x")


def missing(folder):
    (folder / "anh-800.webp").unlink()


def extra(folder):
    (folder / "anh-480.webp").write_bytes(b"w" * 480)


def extra_below(folder):
    (folder / "con").mkdir()
    (folder / "con" / "anh.webp").write_bytes(b"w")


def replaced_by_a_folder(folder):
    (folder / "anh-800.jpg").unlink()
    (folder / "anh-800.jpg").mkdir()


def seal_missing(folder):
    (folder / SEAL).unlink()


def seal_cut_short(folder):
    data = (folder / SEAL).read_bytes()
    (folder / SEAL).write_bytes(data[: len(data) // 2])


def seal_not_a_map(folder):
    (folder / SEAL).write_text("[1, 2]")


def folder_gone(folder):
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


@pytest.mark.parametrize(
    "damage",
    [
        truncated,
        grown,
        missing,
        extra,
        extra_below,
        replaced_by_a_folder,
        seal_missing,
        seal_cut_short,
        seal_not_a_map,
        folder_gone,
    ],
)
def test_a_sealed_folder_changed_in_any_way_is_not_trusted(folder, damage):
    damage(folder)
    assert not is_sealed(folder, folder / SEAL)


def test_a_seal_kept_beside_the_folder_covers_its_subfolders(tmp_path):
    # As the search plugin keeps its slices: the seal outside, files nested.
    kept = tmp_path / "slice"
    (kept / "fragment").mkdir(parents=True)
    (kept / "pagefind.js").write_bytes(b"js")
    (kept / "fragment" / "a.pf_fragment").write_bytes(b"abc")
    seal_path = tmp_path / "slice.whole.json"
    seal(kept, seal_path)
    assert file_sizes(kept) == {"fragment/a.pf_fragment": 3, "pagefind.js": 2}
    assert is_sealed(kept, seal_path)
    (kept / "fragment" / "a.pf_fragment").write_bytes(b"ab")
    assert not is_sealed(kept, seal_path)
