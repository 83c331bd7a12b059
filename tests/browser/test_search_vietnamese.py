"""Search ranked for Vietnamese, on the search fixture site, in Chromium.

The judged set (tests/fixtures/search/judged.toml) is typed as readers type;
the other tests pin the rules it measures: tones mean words, syllables make
words, one word has one spelling, and the filters offer what is found.
"""

import tomllib

import pytest

from tests.browser.conftest import free_port, serving
from tests.browser.judging import (
    SEARCH_CONTENT,
    judged_queries,
    result_slugs,
    score,
    type_like_a_person,
)
from tests.conftest import REPO, build_site
from tintuc.search.wordfilter import may_hold, word_filter

pytestmark = pytest.mark.slow

FORMS = REPO / "tests" / "fixtures" / "search" / "normal_forms.toml"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    """The search fixture site, built with the production settings and served."""
    output = build_site(
        SEARCH_CONTENT,
        tmp_path_factory.mktemp("search-site") / "output",
        conf="publishconf.py",
        SITEURL="",
        SEARCH_SHARD_SIZE=16,  # three slices, merged by the page
    )
    port = free_port()
    with serving(output, port):
        yield f"http://127.0.0.1:{port}"


def marks(page, slug):
    story = page.locator(f"#search-results li:has(a[href$='/{slug}/'])")
    return story.locator("mark").all_inner_texts()


def test_judged_queries_find_the_right_story_first(search_site, page):
    judged = judged_queries()
    assert len(judged) >= 60
    ranked = {j.query: result_slugs(page, search_site, j.query) for j in judged}
    scores = score(ranked, judged)
    report = "\n".join(scores.misses)
    assert scores.p_at_1 >= 0.9, f"P@1 {scores.p_at_1:.1%}:\n{report}"
    assert scores.p_at_3 == 1.0, f"P@3 {scores.p_at_3:.1%}:\n{report}"


TEA = {"che-dinh-hoa-vao-vu-thu-hoach", "hoi-thi-hai-che-gioi"}
MAKE = {"ban-hanh-quy-che-thi-dua-khen-thuong", "hop-tac-xa-che-bien-nong-san"}


def test_tones_mean_words_and_only_the_word_meant_is_marked(search_site, page):
    slugs = result_slugs(page, search_site, "chè")
    assert set(slugs[:2]) == TEA
    assert set(slugs[2:]) >= MAKE  # found, after every story about tea
    for slug in slugs:
        assert {mark.lower() for mark in marks(page, slug)} <= {"chè"}
    assert marks(page, "che-dinh-hoa-vao-vu-thu-hoach") == ["chè", "chè"]


def test_a_query_without_marks_finds_every_spelling(search_site, page):
    slugs = result_slugs(page, search_site, "che")
    assert set(slugs) >= TEA | MAKE
    assert "chế" in marks(page, "hop-tac-xa-che-bien-nong-san")


def test_syllables_together_come_before_scattered_ones(search_site, page):
    slugs = result_slugs(page, search_site, "dinh hoa")
    scattered = slugs.index("lien-hoan-van-nghe-gia-dinh-van-hoa")
    together = slugs.index("xa-dinh-hoa-to-chuc-ngay-hoi-dai-doan-ket")
    assert together < scattered
    summary = marks(page, "lien-hoan-van-nghe-gia-dinh-van-hoa")
    assert summary == []  # "gia đình văn hóa": the syllables, not the word


def test_a_prefix_shows_while_typing_but_not_once_tim_is_pressed(search_site, page):
    page.goto(f"{search_site}/tim-kiem/")
    type_like_a_person(page, "#search-query", "hoa")
    page.wait_for_function(
        "document.getElementById('search-status').textContent.includes('«hoa»')"
        " && !document.getElementById('search-status').textContent.startsWith('Đang')"
    )
    hrefs = page.eval_on_selector_all(
        "#search-results h2 a", "links => links.map(a => a.getAttribute('href'))"
    )
    typed = [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]
    assert typed[0] == "hoa-dao-no-som-tren-doi-khuon-tat"
    assert "soi-noi-hoat-dong-he-cho-thieu-nhi" in typed  # "hoạt"
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=hoa*")
    page.wait_for_function(
        "document.getElementById('search-status').textContent.startsWith('Tìm thấy')"
    )
    hrefs = page.eval_on_selector_all(
        "#search-results h2 a", "links => links.map(a => a.getAttribute('href'))"
    )
    pressed = [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]
    assert "soi-noi-hoat-dong-he-cho-thieu-nhi" not in pressed
    assert typed[: len(pressed)] == pressed  # prefixes came after every whole word


@pytest.mark.parametrize(
    "case",
    [
        ("hòa giải", "hoà giải", "to-hoa-giai-thon-ban-pieng", "hòa"),
        ("sức khỏe", "sức khoẻ", "doan-vien-giup-xa-hoa-binh-lam-thuy-loi", "khoẻ"),
        ("quí", "quý", "giong-ga-qui-cua-dong-bao-dao", "quí"),
        ("kĩ thuật", "kỹ thuật", "tap-huan-ki-thuat-trong-cay-an-qua", "kĩ"),
    ],
)
def test_both_spellings_of_a_word_find_and_mark_each_other(search_site, page, case):
    old, new, slug, written = case
    assert result_slugs(page, search_site, old) == result_slugs(page, search_site, new)
    assert written in marks(page, slug)


def test_the_page_spells_words_as_the_index_does(search_site, page):
    with FORMS.open("rb") as data:
        forms = tomllib.load(data)["forms"]
    page.goto(f"{search_site}/tim-kiem/")
    page.wait_for_function("globalThis.dhSearchSpelling !== undefined")
    normal = page.evaluate(
        "texts => texts.map(globalThis.dhSearchSpelling.normalText)",
        [text for text, _ in forms],
    )
    assert normal == [expected for _, expected in forms]


def test_the_page_reads_the_word_filter_as_python_writes_it(search_site, page):
    put = ["chè", "đồi", "hoà", "thuỷ", "quý", "227"]
    asked = put + ["chế", "đối", "hòa", "thủy", "quỳ", "228", "hoa"]
    encoded = word_filter(put)
    page.goto(f"{search_site}/tim-kiem/")
    page.wait_for_function("globalThis.dhSearchSpelling !== undefined")
    held = page.evaluate(
        "([encoded, words]) => words.map("
        "(w) => globalThis.dhSearchSpelling.mayHold(encoded, w))",
        [encoded, asked],
    )
    assert held == [may_hold(encoded, word) for word in asked]
    assert held[: len(put)] == [True] * len(put)


def test_filters_offer_every_year_and_document_type_found(search_site, page):
    page.goto(f"{search_site}/tim-kiem/")
    years = page.locator("#search-year option").all_inner_texts()
    assert years == ["Tất cả", "2026", "2025", "2024"]
    kinds = page.locator("#search-section optgroup[label='Văn bản'] option")
    assert kinds.all_inner_texts() == ["Kế hoạch", "Quyết định", "Thông báo"]


def test_counts_are_right_after_a_filter(search_site, page):
    slugs = result_slugs(page, search_site, "xa", year="2024")
    assert set(slugs) == {
        "cho-phien-cho-chu-nhon-nhip",
        "cau-treo-o-xa-linh-thong",
        "khanh-thanh-nha-van-hoa-thon-ban-pieng",
        "05-2024-qd-ubnd",
    }
    assert page.inner_text("#search-status") == "Tìm thấy 4 kết quả cho «xa»."
    slugs = result_slugs(page, search_site, "ubnd", section="Quyết định")
    assert slugs == ["05-2024-qd-ubnd"]
    assert page.inner_text("#search-status") == "Tìm thấy 1 kết quả cho «ubnd»."
