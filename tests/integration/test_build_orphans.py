"""The build wrapper killed alone (``kill -9`` of its pid, not of its group).

A newsroom server or systemd may kill only the main pid. Pelican and every
other process of that build must then never write beside the next build:
they hold the locks until they end, and they end with the wrapper.
"""

import fcntl
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, output_files
from tests.integration.test_build_reliability import Site
from tintuc.build.beside import LOCK, beside
from tintuc.build.state import holds_files
from tintuc.build.wrapper import CACHE_LOCK

pytestmark = pytest.mark.slow

# A hang guard for the waits below, never a measure: a build of the fixture
# site takes a few seconds.
PATIENCE = 120
# proc(5): a process's flag once it has begun to end (it runs no more code of
# its own, and lets go of its files before it is a zombie).
PF_EXITING = 0x4


def group_processes(group: int) -> dict[int, list[str]]:
    """The processes of group ``group`` that still run, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # ended meanwhile
        fields = stat.rpartition(")")[2].split()
        pgrp, flags = int(fields[2]), int(fields[6])
        if pgrp == group and not flags & PF_EXITING:
            found[int(entry.name)] = [os.fsdecode(part) for part in command]
    return found


def wait_for(condition) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.005)


def take(lock_path: Path):
    """Wait for ``lock_path``'s lock, as a second build does; the open lock file."""
    lock = lock_path.open("w")
    wait_for(lambda: try_lock(lock))
    return lock


def try_lock(lock) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def kill_wrapper_alone(site: Site, log: Path, running: str) -> int | None:
    """Start a build; kill its wrapper alone once one of its processes runs ``running``.

    ``running``: a program or a module run with ``-m``, by its name.

    Returns the build's process group, or None if the build ended first.
    """
    # Its log in a file: a pipe would be read to its end, that is until the
    # last process holding it ends, and hide what this test looks for.
    with log.open("w") as written:
        first = subprocess.Popen(
            site.command(),
            cwd=REPO,
            stdout=written,
            stderr=written,
            start_new_session=True,  # its own process group, whose id is its pid
        )

    def seen():
        return any(
            Path(part).name == running
            for command in group_processes(first.pid).values()
            for part in command[:3]
        )

    wait_for(lambda: seen() or first.poll() is not None)
    if first.returncode is not None:
        return None
    os.kill(first.pid, signal.SIGKILL)  # the wrapper alone
    first.wait()
    return first.pid


def nothing_runs_once_the_locks_are_free(site: Site, group: int) -> None:
    """As a second build: take the output's lock, then the cache's; then look."""
    with take(beside(site.output, LOCK)), take(site.cache / CACHE_LOCK):
        assert group_processes(group) == {}


def test_a_wrapper_killed_alone_leaves_nothing_writing_beside_the_next_build(
    tmp_path,
):
    site = Site(tmp_path)
    site.build()
    site.edit("Lần bị giết.")
    group = kill_wrapper_alone(site, tmp_path / "first.log", "tintuc.build.run_pelican")
    assert group is not None, (tmp_path / "first.log").read_text()
    nothing_runs_once_the_locks_are_free(site, group)
    # And the next build makes exactly what a clean build makes.
    site.edit("Lần sau.")
    site.build()
    assert not (tmp_path / ".output.building").exists()
    clean = Site(tmp_path / "clean")
    clean.edit("Lần bị giết.")
    clean.edit("Lần sau.")
    clean.build()
    assert output_files(site.output) == output_files(clean.output)


def test_pagefind_left_by_a_wrapper_killed_alone_holds_the_locks_until_it_ends(
    tmp_path,
):
    """The wrapper indexes the changed search slices itself, once Pelican ended."""
    site = Site(tmp_path)
    site.build()
    caught = 0
    for attempt in range(3):  # Pagefind runs briefly: the kill may come late
        site.edit(f"Lần {attempt}.")
        group = kill_wrapper_alone(site, tmp_path / "first.log", "pagefind")
        if group is not None:
            caught += 1
            nothing_runs_once_the_locks_are_free(site, group)
    assert caught
    assert "Traceback" not in site.build()


def test_pelican_interrupted_alone_publishes_no_half_built_site(tmp_path):
    """``kill -INT`` of Pelican's pid: its own ``main`` would end with 0.

    The run failed after writing files: the wrapper builds once more, whole.
    """
    site = Site(tmp_path)
    site.build()
    site.edit("Lần bị ngắt.")
    with (tmp_path / "first.log").open("w") as log:
        first = subprocess.Popen(
            site.command(), cwd=REPO, stdout=log, stderr=log, start_new_session=True
        )
    staging = tmp_path / ".output.building"
    wait_for(lambda: holds_files(staging) or first.poll() is not None)
    (pelican,) = [
        pid
        for pid, command in group_processes(first.pid).items()
        if "tintuc.build.run_pelican" in command[:3]
    ]
    os.kill(pelican, signal.SIGINT)  # Pelican's main process alone, mid-writing
    said = (tmp_path / "first.log").read_text
    assert first.wait() == 0, said()
    assert "Dựng lại một lần nữa" in said()
    clean = Site(tmp_path / "clean")
    clean.edit("Lần bị ngắt.")
    clean.build()
    assert output_files(site.output) == output_files(clean.output)
