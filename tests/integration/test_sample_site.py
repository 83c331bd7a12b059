"""The sample fixture site builds into a complete, valid site."""

import pytest
from bs4 import BeautifulSoup

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
