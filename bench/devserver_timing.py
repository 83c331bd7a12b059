"""Time the resident devserver: a saved edit until the new page is served."""

import json
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from tintuc.vn_text.slug import slugify_vi  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Running:
    def __init__(self, work: Path, settings: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tintuc.build.devserver",
             "--settings", str(settings), "--port", str(self.port),
             "--output", str(work / "dev-output"), "--cache", str(work / "cache")],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def get(self, path: str) -> bytes:
        request = urllib.request.Request(
            f"{self.url}/{path}", headers={"X-Devserver-Raw": "1"}
        )
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.read()

    def idle(self) -> None:
        """Until the build behind the last change is done, the site in memory."""
        while True:
            try:
                state = json.loads(self.get("__devserver/status"))
                busy = state["building"] or state["making_in_memory"]
                if state["generation"] > 0 and not busy:
                    return
            except OSError:
                pass
            time.sleep(0.05)

    def shown(self, pages: list[str], text: str) -> float:
        """Seconds from now until every one of ``pages`` is served holding ``text``."""
        started = time.perf_counter()
        for page in pages:
            while text.encode() not in self.get(page):
                time.sleep(0.01)
        return time.perf_counter() - started

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def plain_story(content: Path) -> Path:
    """The newest story without photos (so on the home page), of the corpus's own."""
    stories = (content / "articles").rglob("tin-so-?????.md")
    for story in sorted(stories, key=lambda path: path.name, reverse=True):
        text = story.read_text(encoding="utf-8")
        if "\nImage:" not in text and "![" not in text and "[[" not in text:
            return story
    raise SystemExit("no story without a photo in the corpus")


def devserver_times(work: Path, settings: Path, content: Path, edits: int = 10):
    """(median seconds of ``edits`` body edits, seconds of one title edit).

    A body edit counts until the story's page shows it; a title edit until the
    story, the home page and the story's section listing all do.
    """
    running = Running(work, settings)
    try:
        running.idle()
        story = plain_story(content)
        slug = re.search(r"^Slug: (.+)$", story.read_text(encoding="utf-8"), re.M)[1]
        page = f"bai-viet/{slugify_vi(slug)}/"
        listing = f"chuyen-muc/{story.parent.name}/"
        body = []
        for number in range(edits):
            marker = f"Đoạn sửa nhanh số {number}."
            text = story.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{marker}\n"
            story.write_text(text, encoding="utf-8")
            body.append(running.shown([page], marker))
            running.idle()
        text = story.read_text(encoding="utf-8")
        title = re.search(r"^Title: (.+)$", text, re.M)[1]
        story.write_text(
            text.replace(f"Title: {title}", f"Title: {title} (sửa)"), "utf-8"
        )
        title_time = running.shown([page, "", listing], f"{title} (sửa)")
        running.idle()
        return statistics.median(body), title_time
    finally:
        running.stop()
