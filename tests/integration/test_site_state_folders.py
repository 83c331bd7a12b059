"""Folders a clean build leaves empty on purpose: every build leaves them alike.

The wrapper makes the last output's folders before Pelican runs and removes
those left empty; with no output it restores the last one from the state's
mirror. Both must leave exactly the folders a clean build leaves, empty ones
too: the photos' folder (``PHOTOS_OUTPUT_DIR``) is made, empty, by a clean
build of a site with no story left. The fixture site stands in for the sample
(``test_site_state``): its builds take a second or two.
"""

import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import REPO, copy_fixture_content, output_files, output_folders
from tintuc.photos.settings import DEFAULTS as PHOTOS_DEFAULTS

pytestmark = pytest.mark.slow

PHOTOS = PHOTOS_DEFAULTS["PHOTOS_OUTPUT_DIR"]
FALLBACK = "Dựng lại toàn bộ trang"
UNCHANGED = "Không có gì thay đổi"
RESTORED = "lấy lại"


def empty_folders(output: Path) -> list[str]:
    return sorted(
        path.relative_to(output).as_posix()
        for path in output.rglob("*")
        if path.is_dir() and not any(path.iterdir())
    )


def output_tree(output: Path) -> tuple[dict[str, bytes], list[str]]:
    """Every file with its bytes, and every folder, empty ones included."""
    return output_files(output), output_folders(output)


class Site:
    """The fixture site in ``root``, built by the wrapper."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        self.cache = root / "cache"

    def build(self, output=None, cache=None, force=False) -> str:
        """Build with the wrapper; its log (stdout and stderr)."""
        command = [sys.executable, "-m", "tintuc.build", "--settings"]
        command += ["pelicanconf.py", "build", "--output", str(output or self.output)]
        command += [*(["--force"] if force else []), "--", "-e"]
        command += [f'PATH="{self.content}"', f'CACHE_PATH="{cache or self.cache}"']
        done = subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, check=False
        )
        log = done.stdout + done.stderr
        assert done.returncode == 0, log[-4000:]
        return log

    def clean_build(self) -> Path:
        """The same content built into another output with an empty cache."""
        output, cache = self.root / "clean-output", self.root / "clean-cache"
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        self.build(output, cache, force=True)
        return output

    def remove_stories(self) -> None:
        """Every story (and so every photo and share card) withdrawn."""
        shutil.rmtree(self.content / "articles")
        shutil.rmtree(self.content / "images", ignore_errors=True)


def copied(kept: Path) -> Site:
    """A build kept aside, copied back where it was built (the same paths)."""
    work = kept.parent / "site"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(kept, work, symlinks=True)
    return Site(work)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The fixture site built once, then kept aside for every case to start from."""
    root = tmp_path_factory.mktemp("folders")
    site = Site(root / "site")
    copy_fixture_content(site.content)
    site.build()
    shutil.copytree(site.root, root / "base", symlinks=True)
    return root / "base"


class Emptied(NamedTuple):
    kept: Path  # the site, kept aside
    log: str  # of its build from the base site's state
    clean: tuple  # the ``output_tree`` of a clean build of it
    clean_empty: list[str]  # the folders that clean build leaves empty


@pytest.fixture(scope="module")
def emptied(base) -> Emptied:
    """Every story removed from the base site, then built from its state."""
    site = copied(base)
    site.remove_stories()
    log = site.build()
    clean = site.clean_build()
    kept = base.parent / "emptied"
    shutil.copytree(site.root, kept, symlinks=True)
    return Emptied(kept, log, output_tree(clean), empty_folders(clean))


def test_which_folders_a_clean_build_leaves_empty(base, emptied, sample_site):
    """The sample site, and the fixture site with every photo, then every story, gone.

    With no photo left, share cards still fill the photos' folder; with no
    story left, it stays, empty.
    """
    assert empty_folders(sample_site) == []
    site = copied(base)
    assert empty_folders(site.output) == []
    shutil.rmtree(site.content / "images")
    for story in (site.content / "articles").rglob("*.md"):
        text = story.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if ".jpg" not in line]
        story.write_text("\n".join(lines) + "\n", encoding="utf-8")
    no_photo = site.clean_build()
    assert (no_photo / PHOTOS).is_dir()
    assert empty_folders(no_photo) == []
    assert emptied.clean_empty == [PHOTOS]


def test_a_folder_left_empty_on_purpose_stays_after_an_incremental_build(emptied):
    log = emptied.log
    assert FALLBACK not in log and UNCHANGED not in log, log[-2000:]
    assert output_tree(emptied.kept / "output") == emptied.clean


def test_a_restored_output_has_the_empty_folders_of_the_one_it_restores(emptied):
    site = copied(emptied.kept)
    shutil.rmtree(site.output)  # CI: a fresh checkout, the caches restored
    log = site.build()
    assert RESTORED in log and FALLBACK not in log, log[-2000:]
    assert output_tree(site.output) == emptied.clean


def test_an_output_whose_empty_folder_is_gone_is_built_again(emptied):
    site = copied(emptied.kept)
    (site.output / PHOTOS).rmdir()
    log = site.build()
    assert FALLBACK in log and "thư mục đầu ra đã bị sửa" in log, log[-2000:]
    assert output_tree(site.output) == emptied.clean
    assert UNCHANGED in site.build()  # and the state is whole again
