"""Each content object's URL and output path are computed once, and stay Pelican's."""

from types import SimpleNamespace

from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from tintuc.shared.urls import freeze_urls

SETTINGS = {
    **DEFAULT_CONFIG,
    "ARTICLE_URL": "bai-viet/{slug}/",
    "ARTICLE_SAVE_AS": "bai-viet/{slug}/index.html",
}


def story(slug):
    metadata = {"title": slug, "slug": slug}
    return Article("<p>x</p>", metadata, settings=SETTINGS, source_path=f"{slug}.md")


def test_the_stored_url_and_path_are_the_ones_pelican_computes():
    published, hidden = story("cho-phien"), story("an")
    generator = SimpleNamespace(articles=[published], hidden_articles=[hidden])
    expected = [(s.url, s.save_as) for s in (published, hidden)]
    freeze_urls([generator, SimpleNamespace()])  # a generator with no content
    for content, (url, save_as) in zip((published, hidden), expected, strict=True):
        assert (content.override_url, content.override_save_as) == (url, save_as)
    assert published.save_as == "bai-viet/cho-phien/index.html"


def test_a_second_freeze_keeps_the_first_values():
    # Two plugins freeze at the same signal; a slug changed between them (which
    # no plugin does) would not move the page: the first values stand.
    published = story("cho-phien")
    generator = SimpleNamespace(articles=[published])
    freeze_urls([generator])
    published.slug = "doi-ten"
    freeze_urls([generator])
    assert published.url == "bai-viet/cho-phien/"
    assert published.save_as == "bai-viet/cho-phien/index.html"
