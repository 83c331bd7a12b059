"""make report on a fixture site with known numbers: counts, royalties, files."""

import csv
import datetime
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import FIXTURE_CONTENT, SAMPLE
from tintuc.stats.periods import Period
from tintuc.stats.report import ReportRefused, make_report
from tintuc.stats.scale import ScaleError

NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)
NOVEMBER = Period((2026, 11), (2026, 11))
STORY = """Title: {title}
Id: {id}
Slug: {slug}
Date: {date}
Section: Thời sự
Unit: {unit}
Authors: {authors}
Communes: {communes}
Summary: Tóm tắt.
{extra}Approver: Lê Văn Thành
Status: {status}

Một hai ba bốn năm.
"""


def story(folder: Path, number: int, **fields):
    values = {
        "title": f"Bài số {number}",
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "slug": f"bai-so-{number}",
        "date": "2026-11-10 08:00",
        "unit": "UBND xã Định Hóa",
        "authors": "Trần Văn Quang",
        "communes": "Xã Định Hóa",
        "extra": "",
        "status": "published",
    } | fields
    (folder / f"{number}.md").write_text(STORY.format(**values), encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    return report_site(tmp_path)


def report_site(tmp_path: Path) -> dict:
    """The fixture data, the sample scale and stories whose counts we know."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT / "data", content / "data")
    for name in ("royalties.toml", "types.toml"):
        shutil.copy(SAMPLE / "data" / name, content / "data" / name)
    folder = content / "articles" / "thoi-su"
    folder.mkdir(parents=True)
    story(folder, 1, extra="Coefficient: 2\n")  # 2 × 100.000
    story(folder, 2, authors="Trần Văn Quang, Nguyễn Văn An")  # 1,5 × 100.000 ÷ 2
    story(folder, 3, communes="Thị trấn Chợ Chu", extra="Pen_name: Quang Định\n")
    story(folder, 4, date="2026-10-05 08:00")  # the month before
    story(folder, 5, date="2025-11-05 08:00")  # the same month a year before
    story(folder, 6, status="draft")
    story(folder, 7, status="review")
    story(folder, 8, date="2026-12-20 08:00")  # after the report is made
    story(folder, 9, unit="UBND huyện Định Hóa")  # refused by the gate
    return {"PATH": str(content), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": []}


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as table:
        return list(csv.reader(table))


def test_only_published_stories_count_and_every_unit_and_commune_is_listed(
    site, tmp_path
):
    folder = make_report(site, NOVEMBER, NOW, tmp_path / "reports")
    assert (folder / "xa-2026-11.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    units = {row[0]: row for row in read_csv(folder / "don-vi-2026-11.csv")}
    assert units["Đơn vị"] == [
        "Đơn vị", "T11/2026", "Tin, bài", "Ảnh", "Video", "Văn bản", "Số chữ",
        "Kỳ trước", "Cùng kỳ năm trước",
    ]  # fmt: skip
    assert units["UBND xã Định Hóa"][1:3] == ["3", "3"]
    assert units["UBND xã Định Hóa"][7:] == ["1", "1"]
    assert units["Công an xã Định Hóa"][1:3] == ["0", "0"]  # listed, with nothing
    communes = {row[0]: row for row in read_csv(folder / "xa-2026-11.csv")}
    assert communes["Xã Định Hóa"][2] == "2"
    # A merged commune keeps its stories, under both names.
    assert communes["Thị trấn Chợ Chu (nay là xã Định Hóa)"][2] == "1"
    authors = {row[0]: row for row in read_csv(folder / "tac-gia-2026-11.csv")}
    assert authors["Trần Văn Quang"][2] == "3"
    assert authors["Trần Văn Quang"][6] == "425.000"  # 200.000 + 75.000 + 150.000


def test_the_royalty_sheet_marks_defaults_and_totals_in_words(site, tmp_path):
    folder = make_report(site, NOVEMBER, NOW, tmp_path / "reports")
    lines = read_csv(folder / "nhuan-but-2026-11.csv")
    coefficients = {(row[1], row[3]): (row[7], row[8], row[9]) for row in lines[1:]}
    assert coefficients[("Trần Văn Quang", "Bài số 1")] == ("2", "", "200.000")
    assert coefficients[("Trần Văn Quang", "Bài số 2")] == ("1,5", "có", "75.000")
    assert coefficients[("Nguyễn Văn An", "Bài số 2")] == ("1,5", "có", "75.000")
    page = (folder / "bao-cao-2026-11.html").read_text(encoding="utf-8")
    assert "Bằng chữ: Năm trăm nghìn đồng." in page
    assert "<script" not in page and "Người lập biểu" in page and "Kế toán" in page


def test_the_workbook_totals_are_formulas_the_accountant_can_follow(site, tmp_path):
    folder = make_report(site, NOVEMBER, NOW, tmp_path / "reports")
    book = load_workbook(folder / "thong-ke-2026-11.xlsx")
    assert book.sheetnames == [
        "Theo đơn vị", "Theo xã", "Theo tác giả", "Theo chuyên mục", "Theo thể loại",
        "Nhuận bút",
    ]  # fmt: skip
    units = book["Theo đơn vị"]
    assert units["A1"].value == "Đơn vị" and units.freeze_panes == "B2"
    assert units.cell(units.max_row, 3).value.startswith("=SUM(C2:C")
    royalties = book["Nhuận bút"]
    assert royalties["B3"].value == 100_000
    formulas = [c.value for c in royalties["K"] if str(c.value).startswith("=ROUND")]
    assert formulas and all("$B$3" in formula for formula in formulas)
    assert any(str(c.value).startswith("Bằng chữ: ") for c in royalties["B"])


def test_a_coefficient_outside_its_range_refuses_the_report_and_writes_nothing(
    site, tmp_path
):
    story(Path(site["PATH"]) / "articles" / "thoi-su", 10, extra="Coefficient: 9\n")
    with pytest.raises(ReportRefused) as refused:
        make_report(site, NOVEMBER, NOW, tmp_path / "reports")
    assert refused.value.problems[0].endswith(
        "10.md:10: lỗi: hệ số 9 ngoài khung 1–3 của thể loại"
    )
    assert not (tmp_path / "reports").exists() or not any(
        (tmp_path / "reports").iterdir()
    )


def test_a_broken_scale_refuses_the_report_and_writes_nothing(site, tmp_path):
    (Path(site["PATH"]) / "data" / "royalties.toml").write_text("point_value = \n")
    with pytest.raises(ScaleError):
        make_report(site, NOVEMBER, NOW, tmp_path / "reports")
    assert not (tmp_path / "reports" / "2026-11").exists()


def test_a_new_report_replaces_the_old_one_whole(site, tmp_path):
    first = make_report(site, NOVEMBER, NOW, tmp_path / "reports")
    (first / "stale.csv").write_text("old")
    again = make_report(site, NOVEMBER, NOW, tmp_path / "reports")
    assert again == first and not (again / "stale.csv").exists()
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["2026-11"]


@pytest.mark.validator
def test_the_printable_report_is_valid_html(site, tmp_path):
    from tests.validators import html_errors

    folder = make_report(site, NOVEMBER, NOW, tmp_path / "reports")
    assert html_errors(folder) == []


def test_the_public_statistics_page_shows_counts_only(sample_site):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(
        (sample_site / "thong-ke" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    tables = page.select(".dh-stats table")
    assert [t.caption.get_text() for t in tables] == [
        "Tin, bài theo xã theo tháng",
        "Tin, bài theo đơn vị theo tháng",
    ]
    headers = [th.get_text() for th in tables[0].select("thead th")]
    # Totals first, then only the months with stories, newest first.
    assert headers[1] == "Tổng" and headers[2] == "T11/2026"
    assert 1 <= len(headers[2:]) <= 12
    totals = {
        row.th.get_text(): int(row.select("td")[0].get_text())
        for row in tables[1].select("tbody tr")
    }
    assert sum(totals.values()) == 30 and totals["Ban biên tập"] == 0
    assert "đồng" not in page.get_text() and "nhuận bút" not in page.get_text().lower()
    charts = page.select(".dh-stats svg")
    assert len(charts) == 2 and not page.select(".dh-stats script")
    assert charts[0]["role"] == "img" and charts[0].title.get_text()


def test_odd_but_published_stories_count_as_the_site_shows_them(site, tmp_path):
    folder = Path(site["PATH"]) / "articles" / "thoi-su"
    story(folder, 11, status="Published", authors="Nguyễn Văn An; Trần Văn Quang")
    story(folder, 12, communes="Xã Định Hóa, Xã Định Hóa", title="=HYPERLINK(1)")
    report = make_report(site, NOVEMBER, NOW, tmp_path / "reports")
    lines = read_csv(report / "nhuan-but-2026-11.csv")
    shares = [row[1] for row in lines[1:] if row[3] == "Bài số 11"]
    assert shares == ["Nguyễn Văn An", "Trần Văn Quang"]  # split on ";" as Pelican does
    communes = {row[0]: row for row in read_csv(report / "xa-2026-11.csv")}
    assert communes["Xã Định Hóa"][2] == "4"  # 1, 2, 11 and 12 (named twice, once)
    assert any(row[3] == "'=HYPERLINK(1)" for row in lines[1:])
    book = load_workbook(report / "thong-ke-2026-11.xlsx")
    titles = [c for c in book["Nhuận bút"]["D"] if c.value == "=HYPERLINK(1)"]
    assert titles and all(c.data_type == "s" for c in titles)


def test_the_same_report_twice_gives_the_same_workbook(site, tmp_path):
    first = make_report(site, NOVEMBER, NOW, tmp_path / "one")
    second = make_report(site, NOVEMBER, NOW, tmp_path / "two")
    name = "thong-ke-2026-11.xlsx"
    assert (first / name).read_bytes() == (second / name).read_bytes()
