"""What a phone loads before its first scroll: image bytes, layout shift, origins.

Usage: python tools/image_budget.py OUTPUTDIR SITEURL

Serves OUTPUTDIR at SITEURL (a loopback address it was built for), opens each
budgeted page in Debian's Chromium as a 412×823 phone (Lighthouse's mobile
size and pixel ratio) and, without scrolling, counts the bytes of every image
it fetched, the cumulative layout shift, and any request to another origin.
"""

import argparse
import functools
import os
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

# Debian's chromium, as .ci/run installs it; CHROMIUM= another one.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 412, "height": 823},
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
}
# Page, and the image bytes it may load before the first scroll.
STORY = "bai-viet/{}/index.html".format
BUDGETS = {
    "index.html": 120_000,
    "chuyen-muc/nguoi-tot-viec-tot/index.html": 120_000,
    STORY("phong-su-anh-doi-thay-vung-atk"): 150_000,
    STORY("phong-su-anh-mua-lua-chin-tren-ruong-bac-thang-xa-quy-ky"): 150_000,
    STORY("video-hoi-thi-hai-che-gioi-o-xa-phuong-tien"): 150_000,
    # A video story without a photo: its poster is the drawn title card.
    STORY("video-cong-an-xa-huong-dan-kich-hoat-tai-khoan-dinh-danh-dien-tu"): 150_000,
}
CLS_LIMIT = 0.02
# Sums layout shifts as Lighthouse does (none right after input: none here).
WATCH_SHIFTS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shift += entry.value;
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@dataclass
class FirstView:
    """One page as a phone first shows it."""

    page: str
    image_bytes: int
    images: int
    layout_shift: float
    other_origins: list[str]
    eager_below_fold: list[str]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *arguments):
        pass


def serve(output: Path, siteurl: str) -> ThreadingHTTPServer:
    """Serve ``output`` at ``siteurl``'s host and port, in a thread."""
    address = urlsplit(siteurl)
    handler = functools.partial(Quiet, directory=str(output))
    server = ThreadingHTTPServer((address.hostname, address.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def first_view(browser, siteurl: str, page_path: str) -> FirstView:
    """Open ``page_path`` as a phone and report what it loaded."""
    context = browser.new_context(**PHONE)
    context.add_init_script(WATCH_SHIFTS)
    page = context.new_page()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(siteurl))
    images, others = [], []

    def on_response(response):
        if not response.url.startswith(origin):
            others.append(response.url)
        elif response.request.resource_type == "image":
            images.append(len(response.body()))

    page.on("response", on_response)
    page.on("requestfailed", lambda request: others.append(request.url))
    page.goto(f"{siteurl}/{page_path}", wait_until="networkidle")
    page.wait_for_timeout(300)
    shift = page.evaluate("window.__shift")
    eager = page.evaluate(
        """() => [...document.images]
          .filter((image) => image.getBoundingClientRect().top > innerHeight)
          .filter((image) => image.loading !== "lazy")
          .map((image) => image.currentSrc || image.src)"""
    )
    context.close()
    return FirstView(page_path, sum(images), len(images), shift, others, eager)


def measure(output: Path, siteurl: str, pages=BUDGETS) -> list[FirstView]:
    """Serve ``output`` and take the first view of each page."""
    server = serve(output, siteurl)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            try:
                return [first_view(browser, siteurl, page) for page in pages]
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def problems(view: FirstView) -> list[str]:
    """Each budget ``view`` breaks, in words."""
    found = []
    limit = BUDGETS.get(view.page)
    if limit is not None and view.image_bytes > limit:
        found.append(f"images {view.image_bytes} B > {limit} B")
    if view.layout_shift > CLS_LIMIT:
        found.append(f"layout shift {view.layout_shift:.3f} > {CLS_LIMIT}")
    found += [f"request to another origin: {url}" for url in view.other_origins]
    found += [f"image below the fold not lazy: {url}" for url in view.eager_below_fold]
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("siteurl")
    arguments = parser.parse_args(argv)
    failed = False
    print(f"{'page':<80} {'images':>9} {'files':>5} {'CLS':>6}")
    for view in measure(arguments.output, arguments.siteurl):
        print(
            f"{view.page:<80} {view.image_bytes:>9,} {view.images:>5} "
            f"{view.layout_shift:>6.3f}"
        )
        for problem in problems(view):
            print(f"  ✗ {problem}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
