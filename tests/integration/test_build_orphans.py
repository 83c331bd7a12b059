"""The build wrapper killed alone (``kill -9`` of its pid, not of its group).

A newsroom server or systemd may kill only the main pid. Pelican and every
other process of that build must then never write beside the next build:
they hold the locks until they end, and they end with the wrapper.
"""

import contextlib
import fcntl
import functools
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import REPO, output_files
from tests.integration.test_build_reliability import Site
from tintuc.build.beside import LOCK, beside
from tintuc.build.run_pelican import INTERRUPTED
from tintuc.build.state import holds_files
from tintuc.build.wrapper import CACHE_LOCK, REBUILD_INTERRUPTED, STOPPED

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


def children(pid: int) -> list[int]:
    """The processes ``pid`` started that still run (none once it has ended)."""
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in listed.split()]


def state_of(pid: int) -> str:
    """``pid``'s state letter (proc(5)): "T" stopped, "Z" ended; "" if gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[0]


def has_read(pid: int) -> bool:
    """True when ``pid`` runs and has read a file: a worker does it only once it
    asked to end with its parent (``end_with`` comes first after the fork)."""
    try:
        counts = Path(f"/proc/{pid}/io").read_text()
    except OSError:
        return False
    reads = dict(line.split(": ") for line in counts.splitlines())["syscr"]
    return int(reads) > 0 and state_of(pid) not in ("", "Z", "X")


def runs_pelican(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"tintuc.build.run_pelican" in command[:3]


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


def start_logged(site: Site, log: Path) -> subprocess.Popen:
    """Start a build in a process group of its own, whose id is its pid.

    Its log in a file: a pipe would be read to its end, that is until the
    last process holding it ends, and hide what these tests look for.
    """
    with log.open("w") as written:
        return subprocess.Popen(
            site.command(),
            cwd=REPO,
            stdout=written,
            stderr=written,
            start_new_session=True,
        )


def kill_wrapper_alone(site: Site, log: Path, running: str) -> int | None:
    """Start a build; kill its wrapper alone once one of its processes runs ``running``.

    ``running``: a program or a module run with ``-m``, by its name.

    Returns the build's process group, or None if the build ended first.
    """
    first = start_logged(site, log)

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


class Frozen(NamedTuple):
    """A build stopped whole while Pelican rendered, its wrapper then killed."""

    group: int
    pelican: int
    workers: list[int]
    others: list[int]  # every process of the build but the wrapper


def kill_wrapper_alone_while_pelican_renders(site: Site, log: Path) -> Frozen | None:
    """Start a build; once Pelican renders with a worker, stop the build, kill its wrapper.

    Every process of the build is stopped first (SIGSTOP: none can end by
    itself), then the wrapper alone is killed. None if the build ended before
    a worker was seen.
    """
    first = start_logged(site, log)
    group = first.pid
    while first.poll() is None:
        pelicans = [pid for pid in children(group) if runs_pelican(pid)]
        workers = [pid for pelican in pelicans for pid in children(pelican)]
        if not any(has_read(pid) for pid in workers):
            time.sleep(0.002)
            continue
        os.killpg(group, signal.SIGSTOP)
        others = [pid for pid in group_processes(group) if pid != group]
        for pid in others:  # a process may have ended as it was stopped
            wait_for(functools.partial(lambda pid: state_of(pid) in "TZX", pid))
        workers = [pid for pid in children(pelicans[0]) if state_of(pid) == "T"]
        if not workers:
            os.killpg(group, signal.SIGCONT)  # its worker ended meanwhile
            continue
        os.kill(group, signal.SIGKILL)  # the wrapper alone
        first.wait()
        return Frozen(group, pelicans[0], workers, others)
    return None


def test_a_wrapper_killed_alone_leaves_nothing_writing_beside_the_next_build(
    tmp_path,
):
    """Pelican and its render workers end with the wrapper, not only its locks."""
    site, edits = Site(tmp_path), []
    site.build()
    for attempt in range(5):  # a worker renders briefly: the build may end first
        edits.append(f"Lần bị giết {attempt}.")
        site.edit(edits[-1])
        frozen = kill_wrapper_alone_while_pelican_renders(site, tmp_path / "first.log")
        if frozen is not None:
            break
    assert frozen is not None, (tmp_path / "first.log").read_text()
    group = frozen.group
    try:
        # Stopped, they cannot end by themselves: their parent's end ends them.
        # A process is a zombie once it has sent its children their signal, and
        # only SIGKILL (or SIGCONT) wakes a stopped process.
        wait_for(lambda: state_of(frozen.pelican) in ("", "Z", "X"))
        workers = {worker: state_of(worker) for worker in frozen.workers}
        os.killpg(group, signal.SIGCONT)
        wait_for(lambda: not set(frozen.others) & group_processes(group).keys())
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)  # what a failure above left stopped
    assert "T" not in workers.values(), workers
    nothing_runs_once_the_locks_are_free(site, group)
    # And the next build makes exactly what a clean build makes.
    site.edit("Lần sau.")
    site.build()
    assert not (tmp_path / ".output.building").exists()
    clean = Site(tmp_path / "clean")
    for words in [*edits, "Lần sau."]:
        clean.edit(words)
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
    first = start_logged(site, tmp_path / "first.log")
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
    # One line says why it builds again, in Vietnamese; Pelican's English
    # "Keyboard interrupt received" is not shown.
    assert said().count(REBUILD_INTERRUPTED) == 1, said()
    assert "Keyboard" not in said() and "không tạo sẵn thư mục" not in said()
    clean = Site(tmp_path / "clean")
    clean.edit("Lần bị ngắt.")
    clean.build()
    assert output_files(site.output) == output_files(clean.output)
    # Ctrl-C in the terminal: every process of the build is interrupted.
    site.edit("Lần bấm Ctrl-C.")
    second = start_logged(site, tmp_path / "second.log")
    wait_for(lambda: holds_files(staging) or second.poll() is not None)
    assert second.poll() is None, (tmp_path / "second.log").read_text()
    os.killpg(second.pid, signal.SIGINT)
    said = (tmp_path / "second.log").read_text
    assert second.wait() == INTERRUPTED, said()
    assert said().splitlines()[-1] == STOPPED.format(output=site.output), said()
    assert "Traceback" not in said() and "Keyboard" not in said()
    assert output_files(site.output) == output_files(clean.output)  # as it was
