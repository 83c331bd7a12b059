"""The build wrapper under faults: killed midway, run twice at once, damaged caches.

Each build is the real `python -m tintuc.build build` in a process of its own,
on a copy of the fixture site, with its caches and output in tmp_path.
"""

import fcntl
import functools
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO, build_site, copy_fixture_content, output_files
from tintuc.search.recordfolder import RecordFolder
from tintuc.search.search import SEAL_SUFFIX, index_later

pytestmark = pytest.mark.slow

STORY = "articles/thoi-su/2026-11-27-tham-xa-diem-mac.md"


class Site:
    """A content folder built by the wrapper into ``output``."""

    def __init__(self, root):
        self.root = root
        self.content = copy_fixture_content(root / "content")
        self.output = root / "output"
        self.cache = root / "cache"

    def command(self):
        return [
            sys.executable, "-m", "tintuc.build", "--settings", "pelicanconf.py",
            "build", "--force", "--output", str(self.output), "--",
            "-e", f'PATH="{self.content}"', f'CACHE_PATH="{self.cache}"',
        ]  # fmt: skip

    def start(self):
        environment = dict(os.environ)
        return subprocess.Popen(
            self.command(),
            cwd=REPO,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    def build(self):
        process = self.start()
        log, _ = process.communicate(timeout=300)
        assert process.returncode == 0, log
        return log

    def kill_build_once(self, started) -> dict:
        """Start a build after an edit, kill it when ``started`` says; the output then."""
        self.edit("Lần kill.")
        process = self.start()
        started()
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return output_files(self.output)

    def edit(self, words: str):
        path = self.content / STORY
        path.write_text(path.read_text("utf-8") + f"\n{words}\n", encoding="utf-8")


def test_a_build_killed_at_any_moment_leaves_one_whole_site(tmp_path):
    site = Site(tmp_path)
    site.build()
    old = output_files(site.output)
    site.edit("Đoạn thêm.")
    start = time.monotonic()
    site.build()
    took = time.monotonic() - start
    new = output_files(site.output)
    assert old != new
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.85, 0.95):
        # Put the old site back, then kill the build of the new one midway.
        site.edit("Lần thử.")
        site.build()
        before = output_files(site.output)
        after = site.kill_build_once(functools.partial(time.sleep, took * fraction))
        # The next build cleans up and finishes the job.
        site.build()
        assert not (tmp_path / ".output.building").exists()
        assert after in (before, output_files(site.output)), fraction


def test_a_build_killed_while_its_folders_are_made_leaves_one_whole_site(tmp_path):
    """Killed as the staging folder appears: the folders' maker is at work then."""
    site = Site(tmp_path)
    site.build()
    before = output_files(site.output)
    staging = tmp_path / ".output.building"

    def staging_appears():
        deadline = time.monotonic() + 120
        while not staging.exists() and time.monotonic() < deadline:
            time.sleep(0.005)

    assert site.kill_build_once(staging_appears) == before
    site.build()
    assert output_files(site.output) != before
    # No folder left empty: each made beforehand was needed, or removed.
    empty = [p for p in site.output.rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert empty == []


def test_a_second_build_waits_for_the_first_and_never_spoils_it(tmp_path):
    site = Site(tmp_path)
    site.build()
    lock_path = tmp_path / ".output.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running build holds it
        second = site.start()
        line = second.stdout.readline()
        assert "Đang có một lần dựng khác" in line
        time.sleep(0.5)
        assert second.poll() is None
        assert not (tmp_path / ".output.building").exists()
        fcntl.flock(lock, fcntl.LOCK_UN)
    log, _ = second.communicate(timeout=300)
    assert second.returncode == 0, log
    # Two real builds started together both finish, and the site is whole.
    site.edit("Hai lần dựng.")
    first, other = site.start(), site.start()
    for process in (first, other):
        log, _ = process.communicate(timeout=300)
        assert process.returncode == 0, log
    alone = Site(tmp_path / "alone")
    alone.edit("Hai lần dựng.")
    alone.build()
    assert output_files(site.output).keys() == output_files(alone.output).keys()


def test_damaged_cache_files_are_made_again_and_the_site_is_the_same(tmp_path):
    site = Site(tmp_path)
    site.build()
    clean = output_files(site.output)
    damaged = 0
    for path in sorted(site.cache.rglob("*")):
        if path.is_file() and path.stat().st_size > 1:
            with path.open("r+b") as cached:
                cached.truncate(path.stat().st_size // 2)
            damaged += 1
    assert damaged > 20
    log = site.build()
    assert "Traceback" not in log
    assert output_files(site.output) == clean


def test_search_slices_left_for_the_wrapper_make_the_same_site(tmp_path):
    site = Site(tmp_path)
    site.build()
    in_process = build_site(site.content, tmp_path / "in-process" / "output")
    assert output_files(site.output) == output_files(in_process)
    assert not (tmp_path / ".output.search-later.json").exists()
    slices = sorted((site.cache / "search").glob(f"*{SEAL_SUFFIX}"))
    assert slices and not list((site.cache / "search").glob("slice-*"))


def test_a_slice_pagefind_cannot_index_is_reported_and_not_kept(tmp_path):
    records = RecordFolder(tmp_path / "search" / "site-1")
    records.update("k", {})  # no record pages: nothing Pagefind can index
    listing = tmp_path / "later.json"
    entry = {"key": "k", "records": str(records.path), "folder": str(tmp_path / "out")}
    listing.write_text(json.dumps([entry]), encoding="utf-8")
    errors = index_later(listing)
    assert len(errors) == 1 and "Pagefind" in errors[0]
    assert not listing.exists()
    assert not list((tmp_path / "search").glob("slice-*"))
    assert not (tmp_path / "search" / "k").exists()
    assert not (tmp_path / "out").exists()


def test_the_swap_leaves_a_whole_site_even_if_killed_right_after_it(
    tmp_path, monkeypatch
):
    from pathlib import Path

    from tintuc.build import wrapper as cli

    output, staging = tmp_path / "output", tmp_path / ".output.building"
    for folder, page in ((output, "cũ"), (staging, "mới")):
        folder.mkdir()
        (folder / "index.html").write_text(page, encoding="utf-8")

    real_rename = Path.rename

    def killed(self, target):
        real_rename(self, target)
        raise KeyboardInterrupt  # the process dies right after its first rename

    monkeypatch.setattr(Path, "rename", killed)
    with pytest.raises(KeyboardInterrupt):
        cli.swap_in(staging, output)
    assert (output / "index.html").read_text(encoding="utf-8") == "mới"


FORK_PROBE = """
import json, os, sys, threading
from pathlib import Path
from tests.conftest import build_site, copy_fixture_content
counts, real_fork = [], os.fork
def fork():
    counts.append(threading.active_count())
    return real_fork()
os.fork = fork
root = Path(sys.argv[1])
content = copy_fixture_content(root / "content")
build_site(content, root / "output", BUILDSPEED_WORKERS=2, PHOTOS_WORKERS=2)
print("FORKS", json.dumps(counts))
"""


def test_no_process_is_forked_while_another_thread_runs(tmp_path):
    # In a fresh process: the test runner's own threads must not count.
    done = subprocess.run(
        [sys.executable, "-c", FORK_PROBE, str(tmp_path)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    counts = json.loads(done.stdout.rsplit("FORKS", 1)[1])
    assert counts, "the build forked no worker"
    assert set(counts) == {1}, counts
