"""The Corrections field: dated notes, parsed the same by the gate and the build."""

import datetime

import pytest

from tests.integration.test_editorial_gate import problems_for, story_path
from tintuc.editorial.corrections import (
    correction_entries,
    parse_correction,
    parse_corrections,
)
from tintuc.vn_text.dates import VIETNAM_TIME


def test_entries_come_apart_on_lines_or_joined_on_one_line():
    lines = ["27/11/2026 | Sửa tên xã: a, b; c.", "2026-11-28 09:00 | Ngày 12/11/2026."]
    assert correction_entries(lines) == lines
    assert correction_entries(" ".join(lines)) == lines
    assert correction_entries("") == []
    # A note wrapped onto the next line stays one entry.
    wrapped = ["27/11/2026 | Sửa tên", "xã Phú Đình."]
    assert correction_entries(wrapped) == ["27/11/2026 | Sửa tên xã Phú Đình."]


def test_corrections_are_parsed_newest_first_with_their_label():
    found = parse_corrections(
        ["27/11/2026 | Sửa tên.", "2026-11-28 09:00 | Thêm  ảnh."]
    )
    assert [(c.moment, c.note, c.label) for c in found] == [
        (
            datetime.datetime(2026, 11, 28, 9, 0, tzinfo=VIETNAM_TIME),
            "Thêm ảnh.",
            "Cập nhật 28/11/2026",
        ),
        (
            datetime.datetime(2026, 11, 27, tzinfo=VIETNAM_TIME),
            "Sửa tên.",
            "Cập nhật 27/11/2026",
        ),
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("Sửa tên xã", "cập nhật 'Sửa tên xã' thiếu ngày hoặc nội dung"),
        ("27/11/2026 |", "cập nhật '27/11/2026 |' thiếu ngày hoặc nội dung"),
        ("hôm qua | Sửa tên", "ngày cập nhật 'hôm qua' không hợp lệ"),
        ("31/02/2026 | Sửa tên", "ngày cập nhật '31/02/2026' không hợp lệ"),
    ],
)
def test_a_bad_correction_is_named_in_vietnamese(entry, message):
    with pytest.raises(ValueError, match=message):
        parse_correction(entry)


STORY = """Title: Tin có đính chính
Id: 5b7b3c1e-1d1a-4b7e-9a3c-0c7d3b2f1a11
Slug: tin-co-dinh-chinh
Date: 2026-11-20 08:00
Section: Thời sự
Authors: Nguyễn Thị Hằng
Unit: UBND xã Định Hóa
Summary: Tóm tắt.
Approver: Lê Văn Thành
Corrections: 27/11/2026 | Sửa tên xã.
    hôm qua | Thêm ảnh.

Nội dung.
"""


def test_the_gate_refuses_a_correction_without_a_date(tmp_path):
    problems, content = problems_for(tmp_path, raw={"dinh-chinh.md": STORY.encode()})
    assert problems == [
        f"{story_path(content, 'dinh-chinh.md')}:11: lỗi: ngày cập nhật 'hôm qua' "
        "không hợp lệ; viết: ngày | điều đã sửa, ví dụ 27/11/2026 | Sửa tên xã "
        "(a correction is 'date | what was corrected')"
    ]
