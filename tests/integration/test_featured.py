"""A story marked ``Featured: Có`` (capital, as editors write it) leads the home page."""

from bs4 import BeautifulSoup

from tests.conftest import build_site, copy_fixture_content

OLDER_STORY = "articles/nguoi-tot-viec-tot/2026-11-20-le-hoi.md"


def test_a_story_featured_with_a_capital_co_leads_the_home_page(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    story = content / OLDER_STORY
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("Status:", "Featured: Có\nStatus:", 1), "utf-8")
    site = build_site(content, tmp_path / "output")
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    lead = home.select_one(".dh-lead h2").get_text(strip=True)
    assert lead == "Lễ hội Lồng Tồng ở xã Định Hoá"
