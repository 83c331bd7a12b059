"""Run Lighthouse 12 (mobile) on the built site and print its four scores.

Usage: python tools/audit.py OUTPUTDIR
Needs Node.js and npm (Lighthouse is installed into .audit/ on first use) and
Debian's chromium. Not part of CI: the scores depend on the machine.
"""

import functools
import json
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LIGHTHOUSE = "lighthouse@12.2.3"
TOOLS = Path(".audit")
# The home page, a story, a listing, a document, a photo essay and a video story.
PAGES = (
    "/",
    "/bai-viet/co-giao-vung-cao-15-nam-gieo-chu-o-ban-khuon-tat/",
    "/chuyen-muc/nguoi-tot-viec-tot/",
    "/van-ban/227-kh-ubnd/",
    "/bai-viet/phong-su-anh-mua-lua-chin-tren-ruong-bac-thang-xa-quy-ky/",
    "/bai-viet/video-cong-an-xa-huong-dan-kich-hoat-tai-khoan-dinh-danh-dien-tu/",
)
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *arguments):
        pass


def main(argv=None) -> int:
    """Serve OUTPUTDIR on 127.0.0.1:8000 and audit each page of ``PAGES``."""
    output = Path((argv or sys.argv[1:])[0])
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOLS.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(TOOLS), "-E", LIGHTHOUSE], check=True
        )
    handler = functools.partial(QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 8000), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    environment = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    try:
        for path in PAGES:
            report = TOOLS / "report.json"
            subprocess.run(
                [
                    str(binary),
                    f"http://127.0.0.1:8000{path}",
                    "--output=json",
                    f"--output-path={report}",
                    f"--chrome-flags={CHROME_FLAGS}",
                    "--quiet",
                ],
                check=True,
                env=environment,
            )
            categories = json.loads(report.read_text())["categories"]
            scores = {
                name: round(value["score"] * 100) for name, value in categories.items()
            }
            print(path, scores)
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
