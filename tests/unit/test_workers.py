"""How many forked workers fit in the build's memory budget."""

from tintuc.shared.workers import (
    children_within,
    fitting_workers,
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
