from tintuc.vn_text.front_matter import parse_front_matter


def test_fields_keep_their_line_numbers_and_lowercase_keys():
    front = parse_front_matter("Title: Tin\nSection: Thời sự\nTAGS: a, b\n\nThân bài\n")
    assert {key: meta.line for key, meta in front.fields.items()} == {
        "title": 1,
        "section": 2,
        "tags": 3,
    }
    assert front.get("section") == "Thời sự"
    assert front.get("missing") == ""
    assert front.body == "Thân bài\n"
    assert front.body_line == 5


def test_continuation_lines_join_the_field_above():
    front = parse_front_matter("Summary: Dòng một\n    dòng hai\nDate: 2026-11-27\n\nx")
    assert front.get("summary") == "Dòng một dòng hai"
    assert front.fields["date"].line == 3


def test_a_yaml_style_fence_is_allowed():
    front = parse_front_matter("---\nTitle: Tin\n---\nThân bài")
    assert front.get("title") == "Tin"
    assert front.body == "Thân bài"
    assert front.body_line == 4


def test_text_without_fields_has_no_metadata():
    front = parse_front_matter("Chỉ có nội dung: không có trường.\n\nĐoạn hai")
    assert front.fields == {}
    assert front.body_line == 1
