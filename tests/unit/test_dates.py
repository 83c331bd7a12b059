import datetime
from zoneinfo import ZoneInfo

import pytest

from tintuc.vn_text.dates import (
    format_date_vi,
    format_datetime_vi,
    format_iso,
    format_month_vi,
    parse_datetime_vi,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (
            datetime.datetime(2026, 11, 27, 8, 30, tzinfo=VN),
            "Thứ Sáu, 27/11/2026, 08:30",
        ),
        (
            datetime.datetime(2026, 11, 29, 19, 5, tzinfo=VN),
            "Chủ Nhật, 29/11/2026, 19:05",
        ),
        (
            datetime.datetime(2026, 11, 23, 0, 0, tzinfo=VN),
            "Thứ Hai, 23/11/2026, 00:00",
        ),
        # 20:00 UTC on the 26th is already 03:00 on Friday the 27th in Vietnam.
        (
            datetime.datetime(2026, 11, 26, 20, 0, tzinfo=datetime.UTC),
            "Thứ Sáu, 27/11/2026, 03:00",
        ),
        # A naive time is taken as Vietnam time, not the machine's zone.
        (datetime.datetime(2026, 11, 27, 8, 30), "Thứ Sáu, 27/11/2026, 08:30"),
    ],
)
def test_format_datetime_vi(moment, text):
    assert format_datetime_vi(moment) == text


def test_short_formats_and_iso_use_plus_seven():
    moment = datetime.datetime(2026, 1, 5, 23, 30, tzinfo=datetime.UTC)
    assert format_date_vi(moment) == "06/01/2026"
    assert format_month_vi(moment) == "Tháng 01/2026"
    assert format_iso(moment) == "2026-01-06T06:30:00+07:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-27 08:30", datetime.datetime(2026, 11, 27, 8, 30)),
        ("2026-11-27", datetime.datetime(2026, 11, 27)),
        ("05/11/2026 07:15", datetime.datetime(2026, 11, 5, 7, 15)),
        ("05/11/2026", datetime.datetime(2026, 11, 5)),
        ("  27/11/2026   08:30 ", datetime.datetime(2026, 11, 27, 8, 30)),
    ],
)
def test_parse_datetime_vi_reads_day_first(text, expected):
    assert parse_datetime_vi(text) == expected


@pytest.mark.parametrize(
    "text", ["31/02/2024", "2026-13-01", "hôm qua", "11/27/2026", ""]
)
def test_parse_datetime_vi_refuses_impossible_dates(text):
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_datetime_vi(text)
