"""How many forked workers fit in the build's memory budget, and when none may."""

import gc
import os
import threading
import weakref

import pytest

from tintuc.buildspeed.writer import worker_count
from tintuc.shared import workers
from tintuc.shared.workers import (
    ONE_PROCESS_SETTING,
    ThreadsAlive,
    children_within,
    fitting_workers,
    fork,
    fork_map,
    process_count,
    resident_mib,
    workers_within,
)


def test_a_big_process_renders_alone_within_the_budget():
    # 10,000 stories: about 300 MiB when the workers would be forked.
    assert fitting_workers(2, 512, 300) == 1


def test_a_small_process_gets_every_worker_it_asks_for():
    assert fitting_workers(2, 512, 150) == 2
    assert fitting_workers(8, 512, 60) == 6  # but not more than fit


def test_no_budget_or_an_unknown_size_leaves_the_count_alone():
    assert fitting_workers(4, 0, 300) == 4
    assert fitting_workers(4, 512, 0) == 4


def test_there_is_always_one_process_to_do_the_work():
    assert fitting_workers(0, 512, 100) == 1
    assert fitting_workers(2, 512, 10_000) == 1


def test_the_budget_comes_from_the_settings_and_this_process_s_size():
    assert resident_mib() > 1
    assert workers_within({}, 3) == 3
    assert workers_within({"BUILD_MEMORY_MIB": 1}, 3) == 1


def test_the_waiting_process_counts_as_one_of_the_workers_it_forks():
    assert children_within({}, 2) == 2
    assert children_within({"BUILD_MEMORY_MIB": 1}, 2) == 0


@pytest.fixture
def another_thread():
    """A thread that runs until the test ends, as a server's would."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="máy-chủ", daemon=True)
    thread.start()
    yield thread
    stop.set()
    thread.join()


def test_no_fork_while_another_thread_runs(another_thread, monkeypatch):
    forked = []
    monkeypatch.setattr(os, "fork", lambda: forked.append(1) or 0)
    with pytest.raises(ThreadsAlive, match="máy-chủ") as refused:
        fork()
    assert "Refusing to fork while other threads run" in str(refused.value)
    with pytest.raises(ThreadsAlive):
        fork_map(len, [[1], [2, 3]], workers=2)
    assert forked == []


def test_beside_another_thread_every_count_is_one(another_thread):
    assert process_count({}, 8) == 1
    assert worker_count({"BUILDSPEED_WORKERS": 4}) == 1
    assert children_within({}, 8) == 0


def test_a_build_that_must_not_fork_counts_one_process_everywhere(monkeypatch):
    monkeypatch.setattr(workers, "other_threads", list)  # this process: alone
    alone = {ONE_PROCESS_SETTING: True}
    assert process_count(alone, 8) == 1
    assert workers_within(alone, 8) == 1
    assert children_within(alone, 8) == 0
    assert worker_count({**alone, "BUILDSPEED_WORKERS": 4}) == 1
    assert process_count({}, 8) == 8


def test_memory_given_back_frees_what_only_the_collector_frees():
    class Node:
        pass

    node = Node()
    node.itself = node  # a cycle: reference counts alone never free it
    alive = weakref.ref(node)
    del node
    gc.disable()  # as if the oldest generation's turn had not come
    try:
        workers.give_back_memory()
    finally:
        gc.enable()
    assert alive() is None


def test_the_shared_heap_thaws_only_what_it_froze():
    gc.unfreeze()  # whatever an earlier test left
    with workers.shared_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    # A one-build process froze its site before (``run_pelican``): it stays so.
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with workers.shared_heap():
            pass
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()
