"""One spelling per word for search: the rule and the data it reads."""

import tomllib

import pytest

from tests.conftest import REPO
from tintuc.search import spelling
from tintuc.search.spelling import (
    SpellingsError,
    folded_text,
    load_spellings,
    marked_words,
    normal_text,
)
from tintuc.search.wordfilter import may_hold, word_filter

FORMS = REPO / "tests" / "fixtures" / "search" / "normal_forms.toml"
SPELLINGS = load_spellings()


def shared_forms():
    with FORMS.open("rb") as data:
        return tomllib.load(data)["forms"]


@pytest.mark.parametrize(("text", "normal"), shared_forms())
def test_every_spelling_of_a_word_has_one_normal_form(text, normal):
    assert normal_text(text, SPELLINGS) == normal


def test_both_spellings_of_a_sentence_are_one():
    old = "Tổ hòa giải giữ sức khỏe, thủy lợi và lí lịch quí"
    new = "Tổ hoà giải giữ sức khoẻ, thuỷ lợi và lý lịch quý"
    assert normal_text(old, SPELLINGS) == normal_text(new, SPELLINGS)


def test_the_index_holds_one_spelling_folded():
    assert folded_text("Định Hòa, thủy lợi", SPELLINGS) == "dinh hoa, thuy loi"
    assert folded_text("kĩ thuật, kỹ thuật", SPELLINGS) == "ky thuat, ky thuat"


def test_marked_words_are_the_distinct_words_with_marks_not_shown_already():
    text = "Đồi chè, đồi chè và quy chế; hòa giải ở Bản Piềng 2026"
    shown = "Chè Bản Piềng"
    assert marked_words(text, SPELLINGS, shown) == [
        "chế",
        "giải",
        "hoà",
        "và",
        "đồi",
        "ở",
    ]


def test_a_site_can_add_pairs(tmp_path):
    extra = tmp_path / "spellings.toml"
    extra.write_text('[words]\n"hi" = "hy"\n[endings]\n', encoding="utf-8")
    spellings = load_spellings(extra)
    assert normal_text("hi sinh", spellings) == "hy sinh"
    assert normal_text("hòa", spellings) == "hòa"  # its own endings only


def test_words_already_done_are_kept_for_each_spellings_alone(tmp_path, monkeypatch):
    extra = tmp_path / "spellings.toml"
    extra.write_text('[words]\n"hoà" = "hoà"\n[endings]\n', encoding="utf-8")
    own = load_spellings(extra)
    for _ in range(2):  # the second time from the memo
        assert normal_text("hòa hoà", SPELLINGS) == "hoà hoà"
        assert normal_text("hòa hoà", own) == "hòa hoà"
    monkeypatch.setattr(spelling, "MEMO_WORDS", 2)
    fresh = load_spellings()
    text = "Tổ hòa giải giữ sức khỏe, thủy lợi"
    assert normal_text(text, fresh) == "tổ hoà giải giữ sức khoẻ, thuỷ lợi"
    assert 0 < len(spelling.words_done(fresh)) <= 2


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('[words]\n"quí" = 1\n', "[words] phải là các cặp"),
        ('[words\n"quí" = "quý"\n', "không đọc được tệp cách viết"),
    ],
)
def test_a_broken_spellings_file_is_named_in_vietnamese(tmp_path, content, says):
    broken = tmp_path / "spellings.toml"
    broken.write_text(content, encoding="utf-8")
    with pytest.raises(SpellingsError, match=r"spellings\.toml") as error:
        load_spellings(broken)
    assert says in str(error.value)


def test_a_missing_spellings_file_is_named(tmp_path):
    with pytest.raises(SpellingsError, match="không đọc được"):
        load_spellings(tmp_path / "none.toml")


def test_the_word_filter_holds_every_word_put_in_and_few_others():
    words = [f"từ{n}" for n in range(200)] + ["chè", "đồi"]
    encoded = word_filter(words)
    assert encoded == word_filter(reversed(words))  # byte-identical records
    assert len(encoded) < sum(len(w.encode()) for w in words) / 2
    assert all(may_hold(encoded, word) for word in words)
    others = [f"khác{n}" for n in range(1000)]
    assert sum(may_hold(encoded, word) for word in others) < 100  # about 6%
    assert word_filter([]) == ""
    assert not may_hold("", "chè")
