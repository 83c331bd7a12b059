"""The editors' own content: it passes the check, builds, and credits its photos.

The only tests that read ``content/``. They expect nothing of any story, so
any valid stories pass; every other test builds fixture sites.
"""

import subprocess

from tests.conftest import EDITORS_CONTENT, REPO

SITE = "http://127.0.0.1:8765"


def make(*arguments):
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_check_accepts_every_story():
    result = make("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_publish_builds_the_site_for_the_given_address(tmp_path):
    output = tmp_path / "x"
    result = make(
        "publish",
        f"OUTPUTDIR={output}",
        f"SITEURL={SITE}",
        # Its caches in tmp_path too: no test writes into the checkout.
        f"PELICANOPTS=-e CACHE_PATH='\"{tmp_path / 'cache'}\"'",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    home = (output / "index.html").read_text(encoding="utf-8")
    assert f'href="{SITE}/theme/css/main.css"' in home
    assert (output / "robots.txt").is_file()
    stories = list((EDITORS_CONTENT / "articles").rglob("*.md"))
    assert not stories or list((output / "bai-viet").glob("*/index.html"))
    assert not (output / "images").exists()
    assert not (output / "drafts").exists()
    assert (tmp_path / "cache" / "photos").is_dir()


def test_photos_are_small_and_each_has_its_licence():
    images = EDITORS_CONTENT / "images"
    photos = [
        path
        for path in images.rglob("*")
        if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".heic")
    ]
    credits = (images / "CREDITS.md").read_text(encoding="utf-8")
    for path in photos:
        assert path.stat().st_size < 300_000, path
        name = path.relative_to(images).as_posix()
        assert f"| `{name}` |" in credits, name
    assert sum(path.stat().st_size for path in photos) < 4_000_000
