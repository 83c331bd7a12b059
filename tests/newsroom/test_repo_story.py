"""The story text the server rewrites: pure functions."""

import pytest

from tintuc.editorial.problems import ERROR, Problem
from tintuc.newsroom.repo import story

RAW = """Title: Lễ hội Lồng Tồng
Id: 1
Unit: UBND xã Định Hóa
Authors: Trần Văn Thư
Summary: Tóm tắt
    còn tiếp
Status: published

Nội dung.
"""


def test_a_field_is_replaced_with_its_continuation_lines():
    changed = story.with_field(RAW, "Summary", "Một dòng")
    assert "Summary: Một dòng\nStatus: published" in changed
    assert "còn tiếp" not in changed


def test_a_missing_field_goes_where_the_schema_puts_it():
    changed = story.with_field(RAW, "Approver", "Lê Văn Thành")
    lines = changed.split("\n")
    assert lines.index("Approver: Lê Văn Thành") == lines.index("Status: published") - 1
    assert changed.endswith("\n\nNội dung.\n")


def test_an_empty_value_removes_the_field():
    signed = story.with_approver(RAW, "Lê Văn Thành")
    assert story.with_field(signed, "Approver", "") == RAW


@pytest.mark.parametrize(
    ("sent", "before", "kept"),
    [
        ("Kẻ Giả Mạo", None, ""),
        ("Kẻ Giả Mạo", "Lê Văn Thành", "Lê Văn Thành"),
        (None, "Lê Văn Thành", "Lê Văn Thành"),
        ("Lê Văn Thành", None, ""),
    ],
)
def test_approver_fields_are_kept_as_they_were(sent, before, kept):
    raw = story.with_field(RAW, "Approver", sent) if sent else RAW
    previous = story.with_approver(RAW, before) if before else None
    result = story.keep_approver_fields(raw, previous)
    assert story.field_value(result, "Approver") == kept
    assert story.field_value(result, "Title") == "Lễ hội Lồng Tồng"


def test_a_story_not_yet_signed_is_checked_as_under_review():
    checked = story.as_under_review(RAW)
    assert checked.count("\n") == RAW.count("\n")
    assert story.field_value(checked, "Status") == "review"
    signed = story.with_approver(RAW, "Lê Văn Thành")
    assert story.as_under_review(signed) == signed
    draft = RAW.replace("Status: published", "Status: draft")
    assert story.as_under_review(draft) == draft


def test_problems_are_put_on_their_fields():
    problems = [
        Problem("x", 1, ERROR, "thiếu trường bắt buộc 'Authors' (tác giả)", "h"),
        Problem("x", 6, ERROR, "tóm tắt dài", "h"),
        Problem("x", 9, ERROR, "ảnh thiếu mô tả", "h"),
    ]
    assert story.problem_list(problems, RAW) == [
        {"field": "authors", "message": "thiếu trường bắt buộc 'Authors' (tác giả)"},
        {"field": "summary", "message": "tóm tắt dài"},
        {"field": "body", "message": "ảnh thiếu mô tả"},
    ]
