"""Characters a reader cannot see: one table for the gate and the newsroom."""

from tintuc.editorial.invisible import (
    CONTROLS,
    INVISIBLE,
    control_codes,
    invisible_problems,
    is_control,
    without_controls,
    without_invisible,
)
from tintuc.editorial.problems import ERROR, WARNING
from tintuc.photos.gallery import caption_sentence
from tintuc.vn_text.front_matter import parse_front_matter

PASTED = (
    "Title: Mùa\u00a0chè\n"
    "Summary: Nông dân\u200b phấn khở\u00adi\n"
    "Tags: chè,\n"
    "    thổ\ufeff cẩm\n"
    "\n"
    "Thân\u00a0bài không bị xét.\n"
)


def test_each_header_line_with_invisible_characters_gets_a_warning():
    problems = invisible_problems("a.md", parse_front_matter(PASTED))
    assert [(p.line, p.severity) for p in problems] == [
        (1, WARNING),
        (2, WARNING),
        (4, WARNING),
    ]
    assert str(problems[1]).startswith(
        "a.md:2: cảnh báo: trường 'summary' có ký tự ẩn (dấu cách độ rộng 0, "
        "gạch nối mềm)"
    )


def test_invisible_characters_become_what_they_stand_for():
    assert without_invisible("Mùa\u00a0chè\u200b khở\u00adi\u202f!") == "Mùa chè khởi !"
    assert without_invisible("Đủ dấu: ổ, ự, đ") == "Đủ dấu: ổ, ự, đ"
    assert all(swap in ("", " ") for swap, _ in INVISIBLE.values())


def test_a_caption_ends_as_a_sentence_before_its_credit():
    assert caption_sentence("Cô Lan trong giờ tập đọc") == "Cô Lan trong giờ tập đọc."
    assert caption_sentence(" Mùa lúa chín! ") == "Mùa lúa chín!"
    assert caption_sentence("Ông Thắng (bên trái)") == "Ông Thắng (bên trái)"
    assert caption_sentence("") == ""


def test_control_characters_are_refused_on_their_line_header_or_body():
    text = (
        "Title: Tin có NUL\x00 ở giữa\n"
        "Summary: Tiêu đề \u202eđảo chiều\u202c\n"
        "Tags: chè\n"
        "\n"
        "Dòng một.\n"
        "Dòng hai có \x1b và \u2066 nữa.\n"
        "Dòng ba\tcó tab vẫn được.\n"
    )
    problems = invisible_problems("a.md", parse_front_matter(text))
    assert [(p.line, p.severity) for p in problems] == [
        (1, ERROR),
        (2, ERROR),
        (6, ERROR),
    ]
    assert "trường 'title'" in str(problems[0]) and "U+0000" in str(problems[0])
    assert "U+202E, U+202C" in str(problems[1])
    assert str(problems[2]).startswith(
        "a.md:6: lỗi: nội dung có ký tự điều khiển không hiện ra (U+001B, U+2066)"
    )


def test_vietnamese_text_has_no_control_characters():
    text = "Title: Đồng bào Tày, Nùng đón Tết\n\nNgười dân xã Định Hóa vui mừng.\n"
    assert invisible_problems("a.md", parse_front_matter(text)) == []


def test_one_pass_finds_exactly_the_characters_the_rule_refuses():
    # Over every code point: the pattern is the rule, not a copy of it.
    refused = [code for code in range(0x110000) if is_control(chr(code))]
    found = [m.start() for m in CONTROLS.finditer("".join(map(chr, range(0x110000))))]
    assert found == refused
    assert control_codes("a\x00b\u202ec\x00\td") == ["U+0000", "U+202E"]
    assert without_controls("a\x00b\u202ec\x7f\td\n") == "abc\td\n"
