"""What the first search costs a phone, and how fast results come after it.

Usage: python bench/search_speed.py OUTPUT [QUERY ...]
OUTPUT is a built site (bench/corpus.py makes the content). For each query,
in a fresh browser, it counts the bytes the search page fetches for its first
search beyond the page itself (Pagefind's script, WebAssembly, index chunks
and the cards read). Then, with the index loaded and the CPU throttled 4×
(a mid-range phone), it times each query typed again, from the start of the
search to the results shown (search.js measures "dh-search").
"""

import functools
import statistics
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import QuietHandler  # noqa: E402
from tools.image_budget import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

QUERIES = ["dinh hoa", "chè", "hội nông dân", "chuyển đổi số", "hộ nghèo", "thi dua"]
DONE = (
    "['Tìm thấy', 'Không'].some(s =>"
    " document.getElementById('search-status').textContent.startsWith(s))"
)


def first_search_bytes(browser, siteurl: str, query: str) -> int:
    """Bytes fetched for the search itself (not the page) by a fresh browser."""
    context = browser.new_context()
    page = context.new_page()
    responses = []  # the page's and its worker's: Pagefind fetches in a worker
    page.on("response", lambda response: responses.append(response))  # noqa: PLW0108 - Playwright wraps the handler
    page.goto(f"{siteurl}/tim-kiem/?q={quote(query)}")
    page.wait_for_function(DONE)
    page.wait_for_load_state("networkidle")
    size = sum(len(r.body()) for r in responses if "/pagefind" in r.url)
    context.close()
    return size


def throttled_times(browser, siteurl: str, queries: list[str]) -> list[float]:
    """Milliseconds from each search's start to its results, CPU 4× slower."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{siteurl}/tim-kiem/?q={quote(queries[0])}")
    page.wait_for_function(DONE)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    times = []
    for query in queries * 2:  # the second round: every chunk fetched once
        before = page.evaluate("performance.getEntriesByName('dh-search').length")
        page.evaluate(
            """q => { const input = document.getElementById('search-query');
            input.value = q; input.dispatchEvent(new Event('input')); }""",
            query,
        )
        page.wait_for_function(
            f"performance.getEntriesByName('dh-search').length > {before}",
            timeout=60_000,
        )
        times.append(
            page.evaluate("performance.getEntriesByName('dh-search').at(-1).duration")
        )
    context.close()
    return times


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    queries = [a for a in argv[1:] if not a.startswith("--")] or QUERIES
    output = Path(argv[0])
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(output))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    siteurl = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for query in queries:
            size = first_search_bytes(browser, siteurl, query)
            print(f"first search {query!r}: {size / 1024:.1f} KiB")
        if "--bytes-only" not in argv:
            times = throttled_times(browser, siteurl, queries)
            print(
                f"CPU 4x, index loaded: median {statistics.median(times):.0f} ms,"
                f" max {max(times):.0f} ms ({len(times)} searches)"
            )
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
