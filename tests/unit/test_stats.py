"""Amounts in words, report periods and the royalty scale: pure functions."""

import datetime

import pytest

from tests.conftest import SAMPLE
from tintuc.directory.model import load_directory
from tintuc.stats.money import dong_in_words, format_dong
from tintuc.stats.periods import Period, PeriodError, parse_period
from tintuc.stats.scale import Band, ScaleError, coefficient_problem, load_scale


@pytest.mark.parametrize(
    ("amount", "figures", "words"),
    [
        (0, "0", "Không đồng"),
        (1_000, "1.000", "Một nghìn đồng"),
        (1_000_000, "1.000.000", "Một triệu đồng"),
        (1_005_000, "1.005.000", "Một triệu không trăm linh năm nghìn đồng"),
        (1_200_000, "1.200.000", "Một triệu hai trăm nghìn đồng"),
        (2_000_000_000, "2.000.000.000", "Hai tỷ đồng"),
        (21_500, "21.500", "Hai mươi mốt nghìn năm trăm đồng"),
        (115_000, "115.000", "Một trăm mười lăm nghìn đồng"),
        (24_000, "24.000", "Hai mươi tư nghìn đồng"),
        (35_000, "35.000", "Ba mươi lăm nghìn đồng"),
        (
            1_000_000_000_005,
            "1.000.000.000.005",
            "Một nghìn tỷ không trăm linh năm đồng",
        ),
    ],
)
def test_amounts_are_written_as_vietnamese_offices_write_them(amount, figures, words):
    assert format_dong(amount) == figures
    assert dong_in_words(amount) == words


def test_periods_from_months_a_quarter_or_the_last_month():
    quarter = parse_period(quarter="2026-Q4")
    assert quarter == Period((2026, 10), (2026, 12))
    assert (quarter.label, quarter.title) == ("2026-Q4", "quý IV/2026")
    assert quarter.previous() == Period((2026, 7), (2026, 9))
    assert quarter.year_before() == Period((2025, 10), (2025, 12))
    months = parse_period("2026-11", "2027-01")
    assert months.months == [(2026, 11), (2026, 12), (2027, 1)]
    assert months.label == "2026-11_2027-01"
    january = parse_period(today=datetime.date(2027, 1, 5))
    assert january == Period((2026, 12), (2026, 12))
    assert january.title == "tháng 12/2026"
    for bad in (
        {"quarter": "2026-Q5"},
        {"start": "2026-13"},
        {"start": "2026-11", "end": "2026-10"},
    ):
        with pytest.raises(PeriodError):
            parse_period(**bad)


@pytest.fixture
def types():
    return load_directory(SAMPLE / "data")["type"]


def test_the_sample_scale_loads_and_is_marked_as_sample(types):
    scale = load_scale(SAMPLE / "data" / "royalties.toml", types)
    assert scale.sample and scale.point_value == 100_000
    assert scale.bands["tin"] == Band("tin", 1.0, 3.0, 1.5)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (None, 1, "không tìm thấy khung nhuận bút"),
        ("point_value = 100000\n[[kind]\n", 2, "sai cú pháp"),
        ("point_value = -5\n", 1, "point_value phải là số đồng nguyên"),
        (
            'point_value = 1000\n\n[[kind]]\ntype = "tin-van"\nmin = 1\nmax = 2\ndefault = 1\n',
            3,
            "thể loại 'tin-van'",
        ),
        (
            'point_value = 1000\n[[kind]]\ntype = "tin"\nmin = "một"\nmax = 2\ndefault = 1\n',
            2,
            "phải là số không âm",
        ),
        (
            'point_value = 1000\n[[kind]]\ntype = "tin"\nmin = 1\nmax = 2\ndefault = 5\n',
            2,
            "ngoài khung 1–2",
        ),
    ],
    ids=[
        "missing",
        "broken",
        "negative-value",
        "unknown-type",
        "not-a-number",
        "default-outside",
    ],
)
def test_a_broken_scale_is_refused_at_its_line(tmp_path, types, text, line, message):
    path = tmp_path / "royalties.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ScaleError) as refused:
        load_scale(path, types)
    problem = refused.value.problems[0]
    assert problem.line == line and message in problem.message, problem


def test_a_story_s_coefficient_must_be_a_number_inside_its_band():
    band = Band("tin", 1.0, 3.0, 1.5)
    assert coefficient_problem("2", band) == ""
    assert coefficient_problem("2,5", band) == ""
    assert coefficient_problem("hai", band) == "hệ số 'hai' không phải là số"
    assert coefficient_problem("-1", band) == "hệ số '-1' không được âm"
    assert coefficient_problem("4", band) == "hệ số 4 ngoài khung 1–3 của thể loại"
    assert "không có trong khung" in coefficient_problem("2", None)


def test_the_public_page_keeps_only_months_with_stories():
    from tintuc.stats.stats import months_with_stories

    rows = [
        {"name": "Xã A", "months": [0, 2, 0, 1], "total": 3},
        {"name": "Xã B", "months": [0, 0, 0, 4], "total": 4},
    ]
    kept, labels = months_with_stories(rows, ["T1", "T2", "T3", "T4"])
    assert labels == ["T2", "T4"]
    assert [row["months"] for row in kept] == [[2, 1], [0, 4]]
    assert [row["total"] for row in kept] == [3, 4]


def test_a_chart_s_labels_sit_above_their_bars_at_phone_width():
    from lxml import etree

    from tintuc.stats.charts import WIDTH, bar_chart

    svg = etree.fromstring(
        bar_chart("Tin", [("Thị trấn Chợ Chu (nay là xã Định Hóa)", 3), ("B", 6)], "c")
    )
    assert WIDTH <= 390 and svg.get("viewBox") == f"0 0 {WIDTH} 86"
    texts = svg.findall("{http://www.w3.org/2000/svg}text")
    assert texts[0].text == "Thị trấn Chợ Chu (nay là xã Định Hóa)"
    bars = svg.findall("{http://www.w3.org/2000/svg}rect")
    assert float(texts[0].get("y")) < float(bars[0].get("y"))
    assert float(bars[1].get("width")) == WIDTH - 44
