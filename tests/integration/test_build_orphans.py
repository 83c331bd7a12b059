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
from tintuc.build.wrapper import CACHE_LOCK

pytestmark = pytest.mark.slow

# A hang guard for the waits below, never a measure: a build of the fixture
# site takes a few seconds.
PATIENCE = 120
# proc(5): a process's flag once it has begun to end (it runs no more code of
# its own, and lets go of its files before it is a zombie).
PF_EXITING = 0x4


def group_processes(group: int) -> dict[int, str]:
    """The processes of group ``group`` that still run, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue  # ended meanwhile
        fields = stat.rpartition(")")[2].split()
        pgrp, flags = int(fields[2]), int(fields[6])
        if pgrp == group and not flags & PF_EXITING:
            found[int(entry.name)] = command.decode(errors="replace")
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


def test_a_wrapper_killed_alone_leaves_nothing_writing_beside_the_next_build(
    tmp_path,
):
    site = Site(tmp_path)
    site.build()
    site.edit("Lần bị giết.")
    # Its log in a file: a pipe would be read to its end, that is until the
    # last process holding it ends, and hide what this test looks for.
    with (tmp_path / "first.log").open("w") as log:
        first = subprocess.Popen(
            site.command(), cwd=REPO, stdout=log, stderr=log, start_new_session=True
        )  # its own process group, whose id is its pid

    def pelican_runs():
        return any("run_pelican" in c for c in group_processes(first.pid).values())

    wait_for(pelican_runs)
    os.kill(first.pid, signal.SIGKILL)  # the wrapper alone
    first.wait()
    # A second build takes the output's lock, then the cache's: once it has
    # them, nothing of the first build may still run.
    with take(beside(site.output, LOCK)), take(site.cache / CACHE_LOCK):
        assert group_processes(first.pid) == {}
    # And the next build makes exactly what a clean build makes.
    site.edit("Lần sau.")
    site.build()
    assert not (tmp_path / ".output.building").exists()
    clean = Site(tmp_path / "clean")
    clean.edit("Lần bị giết.")
    clean.edit("Lần sau.")
    clean.build()
    assert output_files(site.output) == output_files(clean.output)
