"""The reader-facing theme on the sample site: pages, article parts, budgets."""

import re
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from tests.conftest import BROKEN, REPO, SAMPLE, build_site, copy_fixture_content
from tintuc.vn_text.dates import parse_datetime_vi
from tintuc.vn_text.front_matter import parse_front_matter
from tools.budget import FIRST_LOAD_LIMIT, budget_report

SITE = "http://127.0.0.1:8765"
# Vietnam's wall clock, as the stories' dates are written.
NOW = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(tzinfo=None)


def published(folder):
    """The fixture's stories (or documents) the site shows, newest first, as fields."""
    found = []
    for path in sorted((SAMPLE / folder).glob("**/*.md")):
        fields = {
            key: meta.text
            for key, meta in parse_front_matter(path.read_text("utf-8")).fields.items()
        }
        due = parse_datetime_vi(fields["date"]) <= NOW
        if fields.get("status", "published") == "published" and due:
            found.append(fields)
    return sorted(found, key=lambda f: parse_datetime_vi(f["date"]), reverse=True)


# The editors' featured story leads the home page: the newest marked "có".
FEATURED = next(s for s in published("articles") if s.get("featured") == "có")
STORY = f"bai-viet/{FEATURED['slug']}/index.html"


def html(site, relative):
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def test_home_has_lead_latest_sections_and_spotlight(sample_site):
    home = html(sample_site, "index.html")
    lead = home.select_one(".dh-lead")
    # The editors' featured story leads, with its photo first and at once.
    assert lead.h2.get_text(strip=True) == FEATURED["title"]
    assert lead.select_one(".dh-lead__picture img")["fetchpriority"] == "high"
    blocks = [block.h2.get_text(strip=True) for block in home.select(".dh-block")]
    assert blocks == [
        "Tin mới",
        "Văn bản mới",
        "Người tốt việc tốt",
        "Thời sự",
        "Chính sách – Pháp luật",
        "Kinh tế",
        "Văn hóa – Xã hội",
        "Quốc phòng – An ninh",
    ]
    spotlight = home.select_one(".dh-block--spotlight")
    assert spotlight.h2.get_text(strip=True) == "Người tốt việc tốt"
    assert len(home.select(".dh-block")[0].select(".dh-card")) == 5


def test_monthly_archives_list_their_stories(sample_site):
    archive = html(sample_site, "luu-tru/index.html")
    months = [a.get_text() for a in archive.select(".dh-archive a")]
    assert months == ["Tháng 11/2026", "Tháng 10/2026"]
    month = html(sample_site, "luu-tru/2026/11/index.html")
    assert month.h1.get_text() == "Lưu trữ tháng 11/2026"
    assert len(month.select(".dh-card")) == 10
    assert month.find("link", rel="next")["href"] == f"{SITE}/luu-tru/2026/11/trang/2/"


def test_section_listing_is_paginated_with_rel_links(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    site = build_site(content, tmp_path / "output", DEFAULT_PAGINATION=1)
    first = html(site, "chuyen-muc/thoi-su/index.html")
    assert first.find("link", rel="next")["href"] == "/chuyen-muc/thoi-su/trang/2/"
    second = html(site, "chuyen-muc/thoi-su/trang/2/index.html")
    assert second.find("link", rel="prev")["href"] == "/chuyen-muc/thoi-su/"
    assert second.select_one("a[rel=prev]")["href"] == "/chuyen-muc/thoi-su/"


def test_article_has_breadcrumb_share_related_and_neighbours(sample_site):
    page = html(sample_site, STORY)
    crumbs = page.select(".dh-breadcrumbs__item")
    assert [c.get_text(strip=True) for c in crumbs] == [
        "Trang chủ",
        "Người tốt việc tốt",
        FEATURED["title"],
    ]
    assert crumbs[-1]["aria-current"] == "page"
    share = page.select_one(".dh-share")
    facebook = share.find("a")["href"]
    assert facebook == (
        "https://www.facebook.com/sharer/sharer.php?u=http%3A//127.0.0.1%3A8765/bai-viet/"
        f"{FEATURED['slug']}/"
    )
    buttons = {b.get_text(): b for b in share.find_all("button")}
    assert set(buttons) == {"Chia sẻ qua Zalo", "Sao chép liên kết"}
    assert all(button.has_attr("hidden") for button in buttons.values())
    related = [a.get_text() for a in page.select(".dh-related .dh-card__title a")]
    # A shared tag and the section ("gương sáng") first; a shared tag alone
    # ("giáo dục", another section) still makes the list.
    assert (
        related[0] == "Nữ hội viên nông dân giúp 20 hộ thoát nghèo nhờ nghề trồng bưởi"
    )
    assert "Những điểm mới về hỗ trợ học phí áp dụng từ năm học 2026–2027" in related
    assert len(related) == 4
    assert (
        page.select_one(".dh-neighbours a[rel=prev]")
        .get_text(strip=True)
        .startswith("Bài trước")
    )
    assert page.select_one(".dh-neighbours a[rel=next]") is not None


def test_footer_comes_from_configuration(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    site = build_site(
        content,
        tmp_path / "output",
        SITE_OWNER="UBND xã Thử Nghiệm",
        SITE_PHONE="0208 000 111",
        SITE_LICENCE="Giấy phép số 99",
    )
    footer = html(site, "index.html").select_one(".dh-footer").get_text(" ")
    for text in ("UBND xã Thử Nghiệm", "0208 000 111", "Giấy phép số 99"):
        assert text in footer


def test_accessibility_statement_and_english_about_page(sample_site):
    statement = html(sample_site, "tuyen-bo-ve-kha-nang-tiep-can/index.html")
    assert statement.h1.get_text() == "Tuyên bố về khả năng tiếp cận"
    about = html(sample_site, "about/index.html")
    assert about.html["lang"] == "vi"
    assert about.select_one("article")["lang"] == "en"
    footer_links = [a.get_text() for a in about.select(".dh-footer__links a")]
    assert "About this site (English)" in footer_links


def test_print_stylesheet_prints_the_article_with_its_url(sample_site):
    css = (sample_site / "theme/css/main.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print") :]
    assert 'content: "Nguồn: " attr(data-url)' in print_rules
    assert ".dh-share" in print_rules and ".dh-nav" in print_rules
    article = html(sample_site, STORY).select_one("article.dh-article")
    assert article["data-url"] == f"{SITE}/{STORY.removesuffix('index.html')}"


def test_video_embed_is_a_facade_that_loads_nothing(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    shutil.copy(BROKEN / "allowed-embed.md", content / "articles" / "thoi-su")
    site = build_site(content, tmp_path / "output")
    body = html(site, "bai-viet/bai-kiem-tra/index.html").select_one(
        ".dh-article__body"
    )
    assert body.find("iframe") is None
    link = body.select_one(".dh-embed__link")
    assert link["data-embed-src"] == "https://www.youtube.com/embed/dQw4w9WgXcQ"
    assert link.get_text(" ", strip=True) == (
        "▶ Xem video: Video Lễ hội Lồng Tồng (trên YouTube)"
    )


def test_first_load_fits_the_budget(sample_site):
    report = dict(budget_report(sample_site))
    stories = list((sample_site / "bai-viet").glob("*/index.html"))
    documents = list((sample_site / "van-ban").glob("[0-9]*/index.html"))
    assert "index.html" in report and "thong-ke/index.html" in report
    # Every story and document page, the home page, /thong-ke/ and /van-ban/.
    assert len(stories) == len(published("articles"))
    assert len(documents) == len(published("documents"))
    assert len(report) == len(stories) + len(documents) + 3
    assert max(report.values()) <= FIRST_LOAD_LIMIT


def test_no_render_blocking_script_no_third_party_request_no_web_font(sample_site):
    css = (sample_site / "theme/css/main.css").read_text(encoding="utf-8")
    assert "@font-face" not in css and "@import" not in css
    for path in sample_site.rglob("*.html"):
        page = html(sample_site, path.relative_to(sample_site))
        for script in page.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue
            assert script.has_attr("defer") or script.get("type") == "module", path
            assert script["src"].startswith(SITE + "/"), path
        loaded = [
            tag["href"]
            for tag in page.find_all("link", href=True)
            if tag.get("rel")
            and tag["rel"][0] in {"stylesheet", "icon", "preload", "apple-touch-icon"}
        ]
        loaded += [
            tag["src"] for tag in page.find_all(["img", "iframe", "source"], src=True)
        ]
        for tag in page.find_all(srcset=True):
            loaded += [part.split()[0] for part in tag["srcset"].split(",")]
        assert all(url.startswith((SITE + "/", "/")) for url in loaded), path


def test_images_have_sizes_and_only_the_lead_loads_eagerly(sample_site):
    for path in sample_site.rglob("*.html"):
        page = html(sample_site, path.relative_to(sample_site))
        for image in page.find_all("img"):
            assert image.get("width") and image.get("height"), path
        figure = page.select_one(".dh-article__figure img")
        if figure is not None:
            assert figure["fetchpriority"] == "high" and not figure.has_attr("loading")
    story = html(sample_site, STORY)
    assert re.search(r"-800\.jpg$", story.select_one(".dh-article__figure img")["src"])


def test_the_developers_guide_documents_the_theme_commands():
    guide = (REPO / "docs" / "phat-trien.md").read_text(encoding="utf-8")
    assert "make budget" in guide and "make audit" in guide
