"""The judged queries of the search fixture site, typed into the search page.

Shared by tests/browser/test_search_judged.py (thresholds) and
bench/search_quality.py (figures, before and after a change).
"""

import tomllib
import unicodedata
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent.parent
SEARCH_CONTENT = REPO / "tests" / "fixtures" / "search" / "content"
JUDGED = REPO / "tests" / "fixtures" / "search" / "judged.toml"


class Judged(NamedTuple):
    query: str
    first: tuple[str, ...]  # slugs, any of which a reader expects first


class Scores(NamedTuple):
    p_at_1: float
    p_at_3: float  # the right result within the first three
    mrr: float
    misses: list[str]  # "query: first three" for each query not right first


def judged_queries(path: Path = JUDGED) -> list[Judged]:
    with path.open("rb") as data:
        return [Judged(q["q"], tuple(q["first"])) for q in tomllib.load(data)["query"]]


def type_like_a_person(page, selector: str, text: str) -> None:
    """Type ``text`` key by key; a letter with marks goes through the IME.

    A Vietnamese keyboard (Telex, VNI) composes "ế" from plain keys: the
    composition shows the plain letters, then the composed letter is committed.
    """
    page.click(selector)
    cdp = page.context.new_cdp_session(page)
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            page.keyboard.press(char if char != " " else "Space")
            continue
        plain = unicodedata.normalize("NFD", char)[0].replace("đ", "d")
        plain = plain.replace("Đ", "D")
        cdp.send(
            "Input.imeSetComposition",
            {"text": plain, "selectionStart": 1, "selectionEnd": 1},
        )
        cdp.send("Input.insertText", {"text": char})
    cdp.detach()


def result_slugs(page, siteurl: str, query: str, **filters: str) -> list[str]:
    """Search as a reader does: type the query, choose filters, press Tìm."""
    page.goto(f"{siteurl}/tim-kiem/")
    type_like_a_person(page, "#search-query", query)
    for name, value in filters.items():
        page.select_option(f"#search-{name}", value)
    page.click(".dh-search__button")
    page.wait_for_url("**/tim-kiem/?q=*")
    page.wait_for_function(
        "document.getElementById('search-status').textContent.startsWith('Tìm thấy')"
        " || document.getElementById('search-status').textContent.startsWith('Không')"
    )
    hrefs = page.eval_on_selector_all(
        "#search-results h2 a", "links => links.map(a => a.getAttribute('href'))"
    )
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def score(ranked: dict[str, list[str]], judged: list[Judged]) -> Scores:
    """P@1, right within three, and MRR of ``ranked`` (query → slugs)."""
    at_1 = at_3 = reciprocal = 0.0
    misses = []
    for item in judged:
        slugs = ranked[item.query]
        rank = next((n for n, s in enumerate(slugs, 1) if s in item.first), None)
        at_1 += rank == 1
        at_3 += rank is not None and rank <= 3
        reciprocal += 1 / rank if rank else 0
        if rank != 1:
            misses.append(f"{item.query!r} (rank {rank}): {slugs[:3]}")
    count = len(judged)
    return Scores(at_1 / count, at_3 / count, reciprocal / count, misses)
