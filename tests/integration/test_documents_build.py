"""The document library in the built sample site: pages, links, files, feeds."""

import json

import feedparser
from bs4 import BeautifulSoup
from pypdf import PdfReader

SITE = "http://127.0.0.1:8765"


def soup_of(site, relative):
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def facts(page) -> dict:
    terms = page.select(".dh-document__facts dt")
    return {
        t.get_text(strip=True): t.find_next("dd").get_text(" ", strip=True)
        for t in terms
    }


def test_a_document_page_shows_every_field_and_its_file(sample_site):
    page = soup_of(sample_site, "van-ban/227-kh-ubnd/index.html")
    assert page.h1.get_text() == "Kế hoạch số 227/KH-UBND"
    shown = facts(page)
    assert shown["Số, ký hiệu"] == "227/KH-UBND"
    assert shown["Cơ quan ban hành"] == "UBND xã Định Hóa"
    assert shown["Ngày ban hành"] == "15/10/2026"
    assert shown["Người ký"] == "Chủ tịch Nguyễn Văn Minh"
    assert "Tình trạng" not in shown  # a plan has no legal effect
    link = page.select_one(".dh-document__files a")
    assert link["href"] == f"{SITE}/tep/227-kh-ubnd.pdf"
    assert "(PDF, 1 trang," in page.select_one(".dh-document__files li").get_text()


def test_citations_link_both_ways_and_to_the_stories_that_cite(sample_site):
    plan = soup_of(sample_site, "van-ban/227-kh-ubnd/index.html")
    body_links = [a["href"] for a in plan.select(".dh-article__body a")]
    assert f"{SITE}/van-ban/12-2026-qd-ubnd/" in body_links
    decision = soup_of(sample_site, "van-ban/12-2026-qd-ubnd/index.html")
    sections = {
        s.h2.get_text(): [a.get_text() for a in s.select("li a")]
        for s in decision.select(".dh-document__links")
    }
    assert "227/KH-UBND" in sections["Được dẫn chiếu tại"]
    assert sections["Thay thế văn bản"] == ["05/2024/QĐ-UBND"]
    old = soup_of(sample_site, "van-ban/05-2024-qd-ubnd/index.html")
    assert facts(old)["Tình trạng"] == "Bị thay thế, thay bằng 12/2026/QĐ-UBND"
    letter = soup_of(sample_site, "van-ban/45-ubnd-vp/index.html")
    stories = [
        s for s in letter.select(".dh-document__links") if "Tin, bài" in s.h2.get_text()
    ][0]
    assert [a.get_text() for a in stories.select("a")] == [
        "Xã Định Hóa mở lớp hướng dẫn nộp hồ sơ trực tuyến cho người cao tuổi"
    ]
    story = soup_of(
        sample_site,
        "bai-viet/xa-dinh-hoa-mo-lop-huong-dan-nop-ho-so-truc-tuyen-cho-nguoi-cao-tuoi/index.html",
    )
    cited = story.select_one(f'.dh-article__body a[href="{SITE}/van-ban/45-ubnd-vp/"]')
    assert cited.get_text() == "45/UBND-VP"
    assert "[[" not in story.select_one(".dh-article__body").get_text()


def test_a_notice_has_no_status_but_its_expiry_date(sample_site):
    notice = soup_of(sample_site, "van-ban/18-tb-ubnd/index.html")
    assert "Tình trạng" not in facts(notice)
    assert "Ngày hết hiệu lực" in facts(notice)


def test_published_pdfs_carry_no_metadata(sample_site):
    files = sorted((sample_site / "tep").glob("*.pdf"))
    assert len(files) == 6
    for path in files:
        reader = PdfReader(path)
        assert reader.metadata is None and reader.xmp_metadata is None, path
        assert b"Microsoft Word" not in path.read_bytes()
        assert reader.pages[0].extract_text()


def test_the_library_lists_newest_first_with_a_page_per_facet(sample_site):
    index = soup_of(sample_site, "van-ban/index.html")
    numbers = [a.get_text() for a in index.select(".dh-document__list h2 a")]
    assert numbers[0] == "Thông báo số 18/TB-UBND"
    assert numbers[-1] == "Quyết định số 05/2024/QĐ-UBND"
    for facet in (
        "loai/ke-hoach",
        "co-quan/ubnd-xa-dinh-hoa",
        "linh-vuc/chuyen-doi-so",
        "nam/2026",
    ):
        assert (sample_site / "van-ban" / facet / "index.html").is_file(), facet
    plans = soup_of(sample_site, "van-ban/loai/ke-hoach/index.html")
    assert [a.get_text() for a in plans.select(".dh-document__list h2 a")] == [
        "Kế hoạch số 227/KH-UBND"
    ]


def test_json_ld_says_legislation_for_a_decision_and_document_for_a_plan(sample_site):
    def described(slug):
        page = soup_of(sample_site, f"van-ban/{slug}/index.html")
        return json.loads(page.find("script", type="application/ld+json").string)

    decision, plan = described("12-2026-qd-ubnd"), described("227-kh-ubnd")
    assert decision["@type"] == "Legislation"
    assert decision["legislationIdentifier"] == "12/2026/QĐ-UBND"
    assert decision["legislationLegalForce"] == "InForce"
    assert described("05-2024-qd-ubnd")["legislationLegalForce"] == "NotInForce"
    assert plan["@type"] == "DigitalDocument"
    assert plan["encoding"][0]["contentUrl"] == f"{SITE}/tep/227-kh-ubnd.pdf"


def test_the_documents_feeds_are_valid_with_stable_guids(sample_site):
    rss = feedparser.parse((sample_site / "feeds/van-ban/rss.xml").read_bytes())
    atom = feedparser.parse((sample_site / "feeds/van-ban/atom.xml").read_bytes())
    assert not rss.bozo and not atom.bozo
    assert len(rss.entries) == 7
    assert all(e.id.startswith("urn:uuid:") for e in rss.entries + atom.entries)
    document = json.loads((sample_site / "feeds/van-ban/feed.json").read_bytes())
    assert document["items"][0]["title"].startswith("Thông báo số 18/TB-UBND")


def test_the_sitemap_lists_the_document_pages(sample_site):
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE}/van-ban/227-kh-ubnd/</loc>" in sitemap
    assert f"<loc>{SITE}/van-ban/</loc>" in sitemap


def test_two_files_and_a_future_date_are_built_as_they_should_be(tmp_path):
    import shutil

    from tests.conftest import SAMPLE, build_site, copy_fixture_content
    from tests.integration.test_documents_gate import GOOD, document_text
    from tests.unit.test_documents import a_pdf

    content = copy_fixture_content(tmp_path / "content")
    for name in ("document_types.toml", "fields.toml"):
        shutil.copy(SAMPLE / "data" / name, content / "data" / name)
    folder = content / "documents"
    (folder / "files").mkdir(parents=True)
    a_pdf(folder / "files" / "227.pdf")
    a_pdf(folder / "files" / "phu-luc.pdf", text="Phụ lục", pages=2)
    two = {**GOOD, "Files": "files/227.pdf | Kế hoạch\n    files/phu-luc.pdf | Phụ lục"}
    (folder / "two.md").write_text(document_text(two), encoding="utf-8")
    later = {
        **GOOD, "Id": "aa156fe2-0242-52a3-8cf8-6ce2cc10c443", "Number": "228/KH-UBND",
        "Date": "28/10/2099", "Files": None,
    }  # fmt: skip
    (folder / "later.md").write_text(document_text(later), encoding="utf-8")
    site = build_site(content, tmp_path / "output")
    page = soup_of(site, "van-ban/227-kh-ubnd/index.html")
    files = [
        li.get_text(" ", strip=True) for li in page.select(".dh-document__files li")
    ]
    assert len(files) == 2 and "(PDF, 2 trang," in files[1]
    assert sorted(p.name for p in (site / "tep").iterdir()) == [
        "227-kh-ubnd-227.pdf",
        "227-kh-ubnd-phu-luc.pdf",
    ]
    assert not (site / "van-ban" / "228-kh-ubnd").exists()  # dated 2099: not yet
    assert not (site / "van-ban" / "nam" / "2099").exists()
