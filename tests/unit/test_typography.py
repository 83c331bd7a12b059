"""Typographic quotes and place names mid-sentence: pure functions."""

import pytest

from tintuc.vn_text.names import mid_sentence
from tintuc.vn_text.quotes import curly_html, curly_text, typographic_quotes


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ('Ông nói "xin chào"', "Ông nói “xin chào”"),
        ('"Mở đầu" câu', "“Mở đầu” câu"),
        ('Khẩu hiệu ("Dân biết")', "Khẩu hiệu (“Dân biết”)"),
        ("Không có dấu nháy", "Không có dấu nháy"),
        ("It's 'single'", "It's 'single'"),
    ],
)
def test_straight_double_quotes_become_curly(written, printed):
    assert curly_text(written) == printed


def test_quotes_in_html_change_in_prose_only():
    html = (
        '<p>Ông nói: "Xin chào" và <em>"vui"</em>. <code>a="b"</code> '
        '<a href="/x" title="t &quot;q&quot;">"liên kết"</a></p>'
        '<p>"Đoạn mới"</p><pre>x = "y"</pre>'
        '<script type="application/ld+json">{"a": "b"}</script>'
    )
    assert curly_html(html) == (
        '<p>Ông nói: “Xin chào” và <em>“vui”</em>. <code>a="b"</code> '
        '<a href="/x" title=\'t "q"\'>“liên kết”</a></p>'
        '<p>“Đoạn mới”</p><pre>x = "y"</pre>'
        '<script type="application/ld+json">{"a": "b"}</script>'
    )


def test_html_without_quotes_in_prose_is_returned_unchanged():
    html = '<p class="x">Không đổi<br>gì</p>'
    assert curly_html(html) is html


def test_the_reading_step_sets_title_and_summary_and_body():
    content, metadata = typographic_quotes(
        '<p>"A"</p>', {"title": 'Tin "hay"', "summary": '"B"', "slug": 'x"y'}
    )
    assert content == "<p>“A”</p>"
    assert metadata == {"title": "Tin “hay”", "summary": "“B”", "slug": 'x"y'}


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("Thị trấn Chợ Chu", "thị trấn Chợ Chu"),
        ("Xã Định Hóa", "xã Định Hóa"),
        ("Thôn Bản Lanh", "thôn Bản Lanh"),
        ("UBND xã Định Hóa", "UBND xã Định Hóa"),
        ("Xãhội", "Xãhội"),
    ],
)
def test_place_names_mid_sentence_are_lower_case(name, inside):
    assert mid_sentence(name) == inside
