"""/admin/ in the built site: its own files and policy, out of public view."""

import json
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from tests.conftest import build_site, copy_fixture_content
from tintuc.cms.config import admin_csp
from tintuc.cms.settings import DEFAULTS as CMS_DEFAULTS
from tintuc.security.settings import DEFAULTS as SECURITY_DEFAULTS

SITE = "http://127.0.0.1:8765"


def soup_of(site, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def test_the_newsroom_page_loads_only_its_own_files(sample_site):
    page = soup_of(sample_site, "admin/index.html")
    assert page.html["lang"] == "vi"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    scripts = [script["src"] for script in page.find_all("script")]
    assert scripts == [f"{SITE}/admin/newsroom.js", f"{SITE}/admin/decap/decap-cms.js"]
    for src in scripts:
        assert (sample_site / src.removeprefix(SITE + "/")).is_file()
    assert not any(script.string for script in page.find_all("script"))
    bundle = sorted(path.name for path in (sample_site / "admin/decap").iterdir())
    assert not [name for name in bundle if name.endswith(".map")]
    assert any(name.endswith(".wasm") for name in bundle)


def test_the_built_newsroom_page_links_to_no_page_of_the_server(sample_site):
    """Deployed without the newsroom server (GitHub Pages, or decap-server on
    this computer), /admin/ links nowhere: the server adds its menu of its own
    pages only where it serves the page (``views_admin.with_menu``)."""
    page = soup_of(sample_site, "admin/index.html")
    assert page.find_all(["a", "form", "nav", "link"], href=True) == [
        page.find("link", rel="icon")
    ]
    assert page.find_all(["form", "nav"]) == []
    assert not page.body.get("class")


def test_the_newsroom_has_its_own_policy_and_public_pages_keep_theirs(sample_site):
    policy = soup_of(sample_site, "admin/index.html").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"}
    )["content"]
    settings = {**CMS_DEFAULTS, "CMS_LOCAL_BACKEND": ""}
    assert policy == admin_csp(settings)
    assert "'unsafe-eval'" in policy and "127.0.0.1" not in policy
    strict = SECURITY_DEFAULTS["SECURITY_CSP"]
    assert (
        soup_of(sample_site, "index.html").find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"}
        )["content"]
        == strict
    )
    for path in sample_site.rglob("*.html"):
        if path.relative_to(sample_site).parts[0] == "admin":
            continue
        meta = soup_of(sample_site, path.relative_to(sample_site)).find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"}
        )
        if meta is not None:
            assert "unsafe-inline" not in meta["content"], path
            assert "api.github.com" not in meta["content"], path


def test_the_newsroom_is_kept_out_of_robots_sitemaps_feeds_and_search(sample_site):
    robots = (sample_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots[:3] == ["User-agent: *", "Disallow: /admin/", "Allow: /"]
    sitemap = ElementTree.parse(sample_site / "sitemap.xml").getroot()
    locations = [element.text for element in sitemap.iter() if element.text]
    assert locations and not [url for url in locations if "/admin" in url]
    for feed in (sample_site / "feeds").rglob("*"):
        if feed.is_file():
            assert "/admin" not in feed.read_text(encoding="utf-8"), feed
    for record in sample_site.rglob("pagefind*/**/*"):
        if record.is_file() and record.suffix == ".json":
            assert "/admin" not in record.read_text(encoding="utf-8"), record


def test_the_configuration_names_the_publish_settings_backend(sample_site):
    newsroom = json.loads((sample_site / "admin/config.json").read_text("utf-8"))
    backend = newsroom["cms"]["backend"]
    assert backend["name"] == "github" and backend["repo"]
    assert backend["base_url"].startswith("https://")
    assert "local_backend" not in newsroom["cms"]
    assert newsroom["story"]["stylesheet"] == f"{SITE}/theme/css/main.css"


def test_a_build_without_decap_installed_says_how_to_install_it(tmp_path, capsys):
    content = copy_fixture_content(tmp_path / "content")
    with pytest.raises(SystemExit, match="Không thấy Decap CMS .* chạy 'make node'"):
        build_site(content, tmp_path / "output", CMS_DECAP_DIST=str(tmp_path))
