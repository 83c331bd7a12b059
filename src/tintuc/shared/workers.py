"""Work split across forked processes that share this one's memory.

Forking, not spawning: a worker sees the whole site as it is, and nothing but
the results is pickled. Every fork of the build goes through ``fork``, which
refuses while another thread runs: the child gets only the forking thread,
and a lock another thread held then (logging's, a stream's, the import lock)
stays locked in the child for ever. So every worker count is one while
another thread runs (plain ``pelican``'s spinner is one), or when the build
says ``BUILD_IN_ONE_PROCESS`` (the devserver's site in memory, beside its
server threads).
"""

import contextlib
import ctypes
import functools
import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from pathlib import Path

# What all of a build's processes may use together, in MiB (0: no limit).
MEMORY_SETTING = "BUILD_MEMORY_MIB"
# True: the build forks no worker (set by a process that runs threads).
ONE_PROCESS_SETTING = "BUILD_IN_ONE_PROCESS"
# prctl(2): the signal a process gets when the one that started it ends.
PR_SET_PDEATHSIG = 1
# A forked worker grows by about a quarter while it works (measured when
# rendering 10,000 stories: 295 MiB when forked, 376 MiB at the end).
WORKER_GROWTH = 1.3


def resident_mib() -> float:
    """The resident memory of the running process, in MiB (0 if unknown)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def fitting_workers(wanted: int, budget_mib: float, own_mib: float) -> int:
    """How many processes of about this one's size fit in ``budget_mib``.

    A forked worker soon copies much of what it shares with this process (each
    object it touches has its count changed), so each is counted as a whole
    process. At least one: this process can always do the work itself.
    """
    if not budget_mib or not own_mib:
        return max(1, wanted)
    return max(1, min(wanted, int(budget_mib // (own_mib * WORKER_GROWTH))))


def other_threads() -> list[str]:
    """The names of this process's threads but the calling one."""
    me = threading.current_thread()
    return [thread.name for thread in threading.enumerate() if thread is not me]


def process_count(settings: dict, wanted: int) -> int:
    """``wanted`` processes, or one when the build must not fork."""
    if settings.get(ONE_PROCESS_SETTING) or other_threads():
        return 1
    return wanted


def workers_within(settings: dict, wanted: int) -> int:
    """``wanted`` processes, or fewer when the build's memory budget says so."""
    wanted = process_count(settings, wanted)
    return fitting_workers(wanted, settings.get(MEMORY_SETTING, 0), resident_mib())


def children_within(settings: dict, wanted: int) -> int:
    """Workers ``fork_map`` may start within the budget, this process waiting.

    The waiting process keeps its own size: it counts as one of them.
    """
    return workers_within(settings, wanted + 1) - 1


class WorkerFailed(RuntimeError):
    """A worker raised; the message carries its traceback."""


class ThreadsAlive(RuntimeError):
    """A fork was asked for while another thread of this process runs."""


@functools.cache
def libc() -> ctypes.CDLL:
    """The C library this process runs on."""
    return ctypes.CDLL(None, use_errno=True)


def end_with(parent: int) -> None:
    """Be killed when process ``parent`` ends; leave at once if it has ended.

    A child of a build must not outlive it: killed alone (``kill -9`` of its
    pid), the build would leave it writing while another build starts. Linux
    (``prctl``); elsewhere only the check that ``parent`` is still there is made.
    """
    prctl = getattr(libc(), "prctl", None)
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the signal was asked for
        os._exit(1)


def fork() -> int:
    """``os.fork()``, refused while any other thread of this process runs.

    The child ends with this process (``end_with``).

    :raises ThreadsAlive: naming the threads, so the caller can be found.
    """
    others = other_threads()
    if others:
        raise ThreadsAlive(
            "Không tách tiến trình con khi còn luồng khác đang chạy "
            f"({', '.join(others)}); hãy dựng với {ONE_PROCESS_SETTING} = True. "
            "(Refusing to fork while other threads run.)"
        )
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    libc()  # looked up once, before the fork
    pid = os.fork()
    if pid == 0:
        end_with(parent)
    return pid


def give_back_memory() -> None:
    """Free what only the cyclic collector frees, and return the heap's free end.

    Rendered pages leave cycles (Jinja's contexts) that wait for the oldest
    generation; a phase that then allocates a lot grows the process past them.
    ``malloc_trim`` is glibc's; elsewhere only the collection runs.
    """
    gc.collect()
    trim = getattr(libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


@contextlib.contextmanager
def shared_heap():
    """Fork inside this, for children that keep sharing this process's objects.

    The cyclic collector writes into every object it scans: in a forked child
    that copies each page of the parent's heap, so a child that only parses
    files would cost as much memory as the whole site. Frozen, the objects
    that exist now are never scanned (until the block ends, in this process;
    if some were frozen before it, as a one-build process does, all stay so).
    """
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def fork_map(work, chunks: list, workers: int) -> list:
    """``[work(chunk) for chunk in chunks]``, on up to ``workers`` processes."""
    workers = min(workers, len(chunks))
    if workers <= 1:
        return [work(chunk) for chunk in chunks]
    with shared_heap():
        return forked_map(work, chunks, workers)


def forked_map(work, chunks: list, workers: int) -> list:
    """``fork_map`` itself, for two workers or more."""
    children = []
    for worker in range(workers):
        reading, writing = os.pipe()
        pid = fork()
        if pid == 0:  # a worker: do its share, send it back, leave at once
            os.close(reading)
            code = 1
            try:
                mine = range(worker, len(chunks), workers)
                try:
                    outcome = ("ok", [(n, work(chunks[n])) for n in mine])
                except BaseException:
                    outcome = ("error", traceback.format_exc())
                with os.fdopen(writing, "wb") as pipe:
                    pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(writing)
        children.append((pid, reading))
    results, failures = [None] * len(chunks), []
    for pid, reading in children:
        with os.fdopen(reading, "rb") as pipe:
            try:
                kind, value = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                kind, value = "error", f"worker {pid} stopped without a result"
        os.waitpid(pid, 0)
        if kind == "ok":
            for number, result in value:
                results[number] = result
        else:
            failures.append(value)
    if failures:
        raise WorkerFailed("\n".join(failures))
    return results
