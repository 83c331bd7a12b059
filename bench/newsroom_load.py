"""``make bench-newsroom``: 20 editors saving and reading on the loopback.

Usage: python bench/newsroom_load.py [--editors 20] [--seconds 60]

The real server (gunicorn, the same command line as production) on a copy of
the fixture site with a bare remote, as the tests start it. Each editor
signs in with an account of their own, writes one story, then until the
time is up opens the board (``unpublishedEntries``), opens their story and
saves an edit of it, as Decap does. Printed: the median and 95th percentile
of a save and of opening the board, and the number of failed requests.
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.newsroom.stories import (  # noqa: E402
    FOLDER,
    entry_key,
    persist_params,
    story_raw,
)
from tests.newsroom.web_server import Client, start_server  # noqa: E402

PASSWORD = "Mat-khau-o-toa-soan-9"
MAKE_ACCOUNTS = """
from tintuc.newsroom.accounts import AccountRequest, save_account
for n in range({editors}):
    save_account(AccountRequest(f"bien-tap-{{n}}", f"Biên tập viên {{n}}",
        ["writer"], ["ubnd-xa-dinh-hoa"], "{password}"), actor="bench")
"""


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class Tally:
    """Timings and failures, shared by the editors' threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times = {"save": [], "board": []}
        self.failed = []

    def timed(self, kind, call):
        """Run ``call``; note its time, or its failure."""
        started = time.perf_counter()
        answer = call()
        elapsed = time.perf_counter() - started
        with self.lock:
            if answer.status == 200:
                if kind:
                    self.times[kind].append(elapsed)
            else:
                self.failed.append(f"{answer.status} {answer.text[:200]}")
        return answer


def editor(url: str, number: int, until: float, tally: Tally) -> None:
    """One person: sign in, write a story, then read the board and save, again."""
    client = Client(url)
    tally.timed(None, lambda: _signed_in(client, number))
    slug = f"2026-12-05-tin-cua-bien-tap-vien-{number}"
    path = f"{FOLDER}/{slug}.md"
    tally.timed(
        "save",
        lambda: client.api("persistEntry", persist_params(slug, story_raw(slug))),
    )
    edit = 0
    while time.monotonic() < until:
        tally.timed("board", lambda: client.api("unpublishedEntries"))
        tally.timed(
            None,
            lambda: client.api(
                "unpublishedEntryDataFile",
                {**entry_key(slug), "id": path, "path": path},
            ),
        )
        edit += 1
        raw = story_raw(
            slug, line=f"Bản sửa lần thứ {edit} của biên tập viên {number}."
        )
        tally.timed(
            "save",
            lambda raw=raw: client.api("persistEntry", persist_params(slug, raw)),
        )


def _signed_in(client: Client, number: int):
    answer = client.sign_in(f"bien-tap-{number}", PASSWORD)
    answer.status = 200 if answer.status == 302 else answer.status
    return answer


def main(argv=None) -> int:
    """Start the server, run the editors, print the figures."""
    parser = argparse.ArgumentParser(prog="python bench/newsroom_load.py")
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as folder:
        server = start_server(Path(folder))
        try:
            server.manage(
                "shell",
                "-c",
                MAKE_ACCOUNTS.format(editors=arguments.editors, password=PASSWORD),
            )
            tally = Tally()
            until = time.monotonic() + arguments.seconds
            threads = [
                threading.Thread(target=editor, args=(server.url, n, until, tally))
                for n in range(arguments.editors)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            server.stop()
    print(f"{arguments.editors} biên tập viên, {elapsed:.0f} giây (editors, seconds)")
    print(f"{'':28}{'số lần':>8}{'trung vị':>12}{'95%':>10}")
    for kind, label in (("save", "Lưu bài (save)"), ("board", "Mở bảng duyệt (board)")):
        values = tally.times[kind]
        if values:
            print(
                f"{label:28}{len(values):>8}"
                f"{statistics.median(values) * 1000:>10.0f}ms"
                f"{percentile(values, 0.95) * 1000:>8.0f}ms"
            )
    print(f"Yêu cầu lỗi (failed requests): {len(tally.failed)}")
    for failure in tally.failed[:10]:
        print(f"  {failure}")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
