"""The one list rule and the one yes/no reader, for the gate, plugins and templates."""

import jinja2
import pytest

from tintuc.editorial.schema import NO, YES
from tintuc.vn_text.fields import NO_WORDS, YES_WORDS, is_yes, read_yes_no, split_list
from tintuc.vn_text.slug import fold_diacritics
from tintuc.vn_text.vn_text import JINJA_TESTS


@pytest.mark.parametrize(
    ("written", "items"),
    [
        ("Phú Đình, Bảo Linh", ["Phú Đình", "Bảo Linh"]),
        ("Phú Đình; Bảo Linh", ["Phú Đình", "Bảo Linh"]),
        ("a; b, c", ["a", "b", "c"]),
        (" a ,, ; b ;", ["a", "b"]),
        (["a, b", "c; d"], ["a", "b", "c", "d"]),  # one per line, each a list
        ("", []),
        (None, []),
        ("Một tên", ["Một tên"]),
    ],
)
def test_lists_split_on_commas_and_semicolons(written, items):
    assert split_list(written) == items


@pytest.mark.parametrize(
    "word", ["Có", "có", "CÓ", "co", "Co", "yes", "YES", "true", "True", "1", " có "]
)
def test_yes_words_in_any_case_with_or_without_marks(word):
    assert read_yes_no(word) is True
    assert is_yes(word)


@pytest.mark.parametrize(
    "word", ["Không", "không", "KHÔNG", "khong", "no", "No", "false", "FALSE", "0"]
)
def test_no_words_in_any_case_with_or_without_marks(word):
    assert read_yes_no(word) is False
    assert not is_yes(word)


@pytest.mark.parametrize("word", ["", None, "có lẽ", "2", "nổi bật", "y"])
def test_anything_else_is_neither(word):
    assert read_yes_no(word) is None
    assert not is_yes(word)


def test_booleans_pass_through():
    assert read_yes_no(True) is True
    assert read_yes_no(False) is False


def test_the_newsroom_offers_exactly_the_words_the_reader_knows():
    assert {fold_diacritics(word) for word in YES} == YES_WORDS
    assert {fold_diacritics(word) for word in NO} == NO_WORDS


def test_templates_select_featured_stories_with_the_same_reader():
    environment = jinja2.Environment(autoescape=True)
    environment.tests.update(JINJA_TESTS)
    template = environment.from_string(
        '{{ stories|selectattr("featured", "yes")|map(attribute="title")|join(",") }}'
    )
    stories = [
        {"title": "a", "featured": "Có"},
        {"title": "b", "featured": "không"},
        {"title": "c", "featured": "yes"},
        {"title": "d", "featured": ""},
        {"title": "e"},
    ]
    assert template.render(stories=stories) == "a,c"
