"""Shared helpers: build a site into a temporary folder, as Pelican's tests do."""

import shutil
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings
from PIL import Image

from tests.photo_factory import phone_photo, private_exif

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "site" / "content"
BROKEN = REPO / "tests" / "fixtures" / "broken"


def make_photo(path: Path, size=(640, 427), colour=(60, 130, 70)) -> Path:
    """Write a small JPEG; photos are generated, never committed as fixtures."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "JPEG", quality=80)
    return path


def copy_fixture_content(destination: Path) -> Path:
    """Copy the fixture site's content and give it the photos it links to."""
    shutil.copytree(FIXTURE_CONTENT, destination)
    make_photo(destination / "images" / "lead.jpg")
    make_photo(destination / "images" / "draft-only.jpg", colour=(200, 30, 30))
    inline = phone_photo((1000, 700))
    inline.save(destination / "images" / "inline.jpg", exif=private_exif(), quality=85)
    return destination


def build_site(content: Path, output: Path, conf="pelicanconf.py", **overrides):
    """Build ``content`` into ``output`` with the repository's theme and plugins."""
    settings = read_settings(
        str(REPO / conf),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(REPO / "theme"),
            "CACHE_PATH": str(output.parent / "cache"),
            **overrides,
        },
    )
    Pelican(settings).run()
    return output


def output_files(output: Path) -> dict[str, bytes]:
    """Every file of a built site, by relative path, with its bytes."""
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture site, built once for the whole session."""
    root = tmp_path_factory.mktemp("fixture-site")
    content = copy_fixture_content(root / "content")
    return build_site(content, root / "output")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own sample content, built with the production settings."""
    root = tmp_path_factory.mktemp("sample-site")
    return build_site(
        REPO / "content",
        root / "output",
        conf="publishconf.py",
        SITEURL="http://127.0.0.1:8765",
    )


def pytest_collection_modifyitems(config, items):
    """Browser tests are slow by nature: mark them so `make test-fast` skips them."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.slow)
