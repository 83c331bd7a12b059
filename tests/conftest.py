"""Shared helpers: build a site into a temporary folder, as Pelican's tests do.

Code tests build fixture sites only (``tests/fixtures/``), never the editors'
``content/``: a guard below fails any test outside ``tests/content/`` that
opens or lists a path under it, so what editors publish cannot break them.
"""

import os
import shutil
import signal
import sys
from pathlib import Path

import coverage
import pytest
from pelican import Pelican
from pelican.settings import read_settings
from PIL import Image

from tests.photo_factory import phone_photo, private_exif
from tools.draw_sample_photos import SCENES, draw_scene
from tools.make_sample_pdfs import main as make_sample_pdfs

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "site" / "content"
BROKEN = REPO / "tests" / "fixtures" / "broken"
# A whole newsroom's worth of stories, documents, pages and data files (a copy
# of the sample content as it stood, frozen): its photos and PDFs are made at
# test time. Tests derive what they expect from these files.
SAMPLE = REPO / "tests" / "fixtures" / "sample"
# The editors' folder: only tests/content/ (the smoke test) may read it.
EDITORS_CONTENT = REPO / "content"
# Photos the sample stories name beyond the drawn scenes: drawn as a scene too.
EXTRA_PHOTOS = (
    "doi-che-dinh-hoa.jpg",
    "duong-lien-thon-phuong-tien.jpg",
    "co-giao-ban-khuon-tat.jpg",
)


def interruptible_as_at_a_terminal() -> None:
    """Ctrl-C (SIGINT) as a terminal gives it, even to a suite run in the background.

    A shell starts a background job (``make test &``) with SIGINT ignored, and
    every build a test starts inherits that: the tests of interrupted builds
    (``test_build_interrupted``, ``test_build_orphans``) would see nothing.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)


interruptible_as_at_a_terminal()


def stop_measuring_in_forked_workers() -> None:
    """Under ``make test`` (pytest-cov), leave forked build workers untraced.

    They leave with ``os._exit``, so coverage never saves what they ran:
    tracing them would only slow the suite down.
    """
    measuring = coverage.Coverage.current()
    if measuring is not None:
        os.register_at_fork(after_in_child=measuring.stop)


stop_measuring_in_forked_workers()


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


def copy_sample_content(destination: Path) -> Path:
    """Copy the sample fixture site, then draw its photos and write its PDFs."""
    shutil.copytree(SAMPLE, destination)
    photos = destination / "images" / "2026"
    photos.mkdir(parents=True, exist_ok=True)
    extras = [
        (name, seed + 100, *rest)
        for name, (_, seed, *rest) in zip(EXTRA_PHOTOS, SCENES, strict=False)
    ]
    for name, seed, sky, hill_colour, ground, kind in [*SCENES, *extras]:
        image = draw_scene(seed, sky, hill_colour, ground, kind)
        image.save(photos / name, "JPEG", quality=80, optimize=True)
    make_sample_pdfs(str(destination / "documents"))
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


def output_folders(output: Path) -> list[str]:
    """Every folder of a built site, empty ones included, by relative path."""
    return sorted(
        str(path.relative_to(output)) for path in output.rglob("*") if path.is_dir()
    )


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture site, built once for the whole session."""
    root = tmp_path_factory.mktemp("fixture-site")
    content = copy_fixture_content(root / "content")
    return build_site(content, root / "output")


@pytest.fixture(scope="session")
def sample_content(tmp_path_factory) -> Path:
    """The sample fixture site's content, with its photos and PDFs (read only)."""
    return copy_sample_content(tmp_path_factory.mktemp("sample") / "content")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, sample_content) -> Path:
    """The sample fixture site, built once with the production settings."""
    root = tmp_path_factory.mktemp("sample-site")
    return build_site(
        sample_content,
        root / "output",
        conf="publishconf.py",
        SITEURL="http://127.0.0.1:8765",
    )


def pytest_collection_modifyitems(config, items):
    """Browser tests are slow by nature: mark them so `make test-fast` skips them.

    Every test that drives Chromium runs last: Playwright's session keeps
    asyncio threads alive, and the build's fork helper rightly refuses to fork
    beside a live thread, so no build test may come after the first of them.
    """
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


class EditorsContentGuard:
    """Records every path under ``content/`` that the test process opens or lists.

    An audit hook (PEP 578) sees ``open`` and directory listings wherever they
    come from: a test module, a session fixture, Pelican or a plugin. It
    watches from the start (collection included) and is paused only for the
    smoke tests in ``tests/content/``.
    """

    EVENTS = frozenset({"open", "os.listdir", "os.scandir"})

    def __init__(self, folder: Path):
        self.folder = str(folder)
        self.prefix = self.folder + "/"
        self.watching = True
        self.seen: list[str] = []

    def __call__(self, event, arguments):
        if not self.watching or event not in self.EVENTS or not arguments:
            return
        path = arguments[0]
        if isinstance(path, bytes):
            path = path.decode(errors="replace")
        if not isinstance(path, str):
            return  # a file descriptor (or nothing): no name to judge
        if event == "open" and path == "content":
            return  # rmtree opening a scratch tree's content/ by its folder's fd
        if path.startswith("/") or path == "content" or path.startswith("content/"):
            absolute = str(Path(path).absolute())
            if absolute == self.folder or absolute.startswith(self.prefix):
                self.seen.append(absolute)

    def take(self) -> list[str]:
        """What was seen since the last call, once each."""
        seen, self.seen = sorted(set(self.seen)), []
        return seen


EDITORS_CONTENT_GUARD = EditorsContentGuard(EDITORS_CONTENT)
sys.addaudithook(EDITORS_CONTENT_GUARD)


def is_smoke_test(path: Path) -> bool:
    return path.relative_to(REPO / "tests").parts[0] == "content"


@pytest.fixture(autouse=True)
def never_read_editors_content(request):
    """Fail a code test that reads content/: it must build a fixture site."""
    guard = EDITORS_CONTENT_GUARD
    if is_smoke_test(request.path):
        guard.watching = False
        try:
            yield
        finally:
            guard.watching = True
        return
    yield
    seen = guard.take()
    assert not seen, (
        "a code test (or a fixture or module it uses) read the editors' content/ "
        f"folder; build a fixture site under tests/fixtures/ instead: {seen[:5]}"
    )


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, one for the whole session (Playwright's sync API)."""
    # Debian's chromium (as .ci/run installs it) and the flags it runs with here.
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    from tools.image_budget import CHROMIUM, CHROMIUM_ARGS  # noqa: PLC0415

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()
