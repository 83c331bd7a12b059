"""The repository's own sample content builds into a complete, valid site."""

import subprocess

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO
from tintuc.photos.gallery import SENTENCE_ENDS

SAMPLE_URL = "http://127.0.0.1:8765"


def story_pages(site):
    return sorted((site / "bai-viet").glob("*/index.html"))


def test_sample_site_has_thirty_stories_across_every_section_and_type(sample_site):
    stories = story_pages(sample_site)
    assert len(stories) >= 30
    sections = set()
    for story in stories:
        soup = BeautifulSoup(story.read_text(encoding="utf-8"), "html.parser")
        sections.add(soup.select_one(".dh-article__section a").get_text())
    assert len(sections) == 6
    for kind in ("tin", "bai", "anh", "video", "phong-su"):
        listing = sample_site / "the-loai" / kind / "index.html"
        soup = BeautifulSoup(listing.read_text(encoding="utf-8"), "html.parser")
        assert soup.select(".dh-card"), kind


def test_sample_photos_are_small_and_each_has_its_licence():
    photos = [
        path
        for path in (REPO / "content" / "images").rglob("*")
        if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")
    ]
    credits = (REPO / "content" / "images" / "CREDITS.md").read_text(encoding="utf-8")
    assert len(photos) >= 12
    assert all(path.stat().st_size < 300_000 for path in photos)
    assert sum(path.stat().st_size for path in photos) < 4_000_000
    for path in photos:
        name = path.relative_to(REPO / "content" / "images").as_posix()
        assert f"| `{name}` |" in credits, name


def test_sample_site_shows_photos_with_credit_and_alt(sample_site):
    figures = []
    for story in story_pages(sample_site):
        soup = BeautifulSoup(story.read_text(encoding="utf-8"), "html.parser")
        figures += soup.select(".dh-article__figure")
    assert len(figures) >= 3
    for figure in figures:
        assert figure.img["alt"].strip()
        assert figure.select_one(".dh-article__credit").get_text().startswith("Ảnh:")
        # "Cô Lan trong giờ tập đọc. Ảnh: Ban biên tập": caption and credit apart.
        caption, _, _ = figure.figcaption.get_text(" ", strip=True).partition(" Ảnh:")
        assert not caption or caption[-1] in SENTENCE_ENDS, caption


def test_sample_site_has_about_and_contact_pages(sample_site):
    assert (sample_site / "gioi-thieu/index.html").is_file()
    assert (sample_site / "lien-he/index.html").is_file()


def test_production_links_use_the_given_site_url(sample_site):
    soup = BeautifulSoup(
        (sample_site / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    hrefs = [a["href"] for a in soup.select("main a")]
    assert hrefs
    assert all(href.startswith(SAMPLE_URL + "/") for href in hrefs)


@pytest.mark.validator
def test_sample_pages_are_valid_html(sample_site):
    from tests.validators import html_errors

    assert html_errors(sample_site) == []


def test_make_publish_builds_the_site_for_the_given_address(tmp_path):
    output = tmp_path / "x"
    subprocess.run(
        [
            "make",
            "--no-print-directory",
            "publish",
            f"OUTPUTDIR={output}",
            f"SITEURL={SAMPLE_URL}",
            # Its caches in tmp_path too: no test writes into the checkout.
            f"PELICANOPTS=-e CACHE_PATH='\"{tmp_path / 'cache'}\"'",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    home = (output / "index.html").read_text(encoding="utf-8")
    assert f'href="{SAMPLE_URL}/theme/css/main.css"' in home
    assert (output / "robots.txt").is_file()
    assert len(list((output / "anh").glob("doi-che-dinh-hoa-*-800.webp"))) == 1
    assert not (output / "images").exists()
    assert not (output / "drafts").exists()
    assert (tmp_path / "cache" / "photos").is_dir()
