"""The pieces of the harness whose mistakes would silently skew every figure."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from coord.bench.database import bench_database_name
from coord.bench.management.commands.bench import _run
from coord.bench.scenarios import Skip, narrative, target_met
from coord.bench.timing import (
    cost_ratio,
    percentile,
    ratio_interval,
    rounds_until_stable,
    summarise,
    timed,
)
from coord.pii.guard import scan


def test_it_takes_the_nearest_rank_percentile():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile([3.0], 95) == 3.0


def test_it_counts_items_per_second_from_the_median_run():
    stats = summarise([0.5, 0.5, 2.0], items=1000)
    assert stats["p50_ms"] == 500.0
    assert stats["p95_ms"] == 2000.0
    assert stats["per_s"] == 2000.0


def test_it_gives_no_ratio_without_a_baseline():
    assert cost_ratio({"p50_ms": 3.0}, None) is None
    assert cost_ratio({"p50_ms": 3.0}, {"p50_ms": 2.0}) == 1.5


def test_it_times_by_cpu_on_request_so_waiting_does_not_count():
    wall, _ = timed(lambda: time.sleep(0.05))
    cpu, _ = timed(lambda: time.sleep(0.05), clock=time.process_time)
    assert wall >= 0.05
    assert cpu < 0.02


def test_it_reports_a_skip_with_its_reason_and_no_numbers():
    def missing():
        raise Skip("feature not there yet")

    assert _run("trends_1m", missing) == {"skipped": "feature not there yet"}


def test_it_judges_targets_from_the_figures():
    fast = {"ours": {"p50_ms": 15.0, "per_s": 50.0}, "ratio": 1.2}
    slow = {"ours": {"p50_ms": 80.0, "per_s": 12.0}, "ratio": 1.2}
    assert target_met("partner_list", fast) is True
    assert target_met("partner_list", slow) is False
    assert target_met("audit_append", {**fast, "forks": 1}) is False


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), length=st.integers(200, 2000))
def test_it_writes_narratives_of_the_asked_length_that_the_pii_guard_accepts(seed, length):
    text = narrative(random.Random(seed), length)
    assert len(text) == length
    assert scan(text) == []


def test_it_judges_a_create_on_the_plain_and_the_peer_ratio_alike():
    def create(plain: float, peer: float) -> dict:
        return {"ours": {"p50_ms": 5.0}, "ratio": plain, "peers": {"peer_stack": {"ratio": peer}}}

    assert target_met("case_create", create(1.4, 0.9)) is True
    assert target_met("case_create", create(1.4, 1.1)) is False
    assert target_met("case_create", create(1.6, 0.9)) is False


def test_it_fails_a_trends_table_that_withholds_nothing():
    table = {"ours": {"p50_ms": 100.0}, "ratio": 2.0}
    assert target_met("trends_fine", {**table, "withheld_nonempty": 3}) is True
    assert target_met("trends_fine", {**table, "withheld_nonempty": 0}) is False


def test_it_judges_the_load_test_on_its_absolute_rate_and_errors():
    assert target_met("load", {"per_s_at_p95_under_200ms": 310.0, "errors": 0}) is True
    assert target_met("load", {"per_s_at_p95_under_200ms": 310.0, "errors": 2}) is False
    assert target_met("load", {"per_s_at_p95_under_200ms": 150.0, "errors": 0}) is False


def test_the_ratio_is_the_geometric_mean_of_paired_rounds_with_its_interval():
    interval = ratio_interval([2.0, 4.0, 2.0, 4.0], [1.0, 2.0, 1.0, 2.0])
    assert interval["ratio"] == 2.0
    assert interval["ci95"] == [2.0, 2.0]
    wide = ratio_interval([1.0, 3.0, 1.0, 3.0], [1.0, 1.0, 1.0, 1.0])
    assert wide["ci95"][0] < wide["ratio"] < wide["ci95"][1]


def test_it_stops_as_soon_as_the_ratio_is_within_ten_percent():
    calls = {"ours": 0, "base": 0}
    times = iter(float(t) for t in range(1, 10_000))

    def clock() -> float:
        return next(times)

    def count(name):
        def run():
            calls[name] += 1

        return run

    timings, intervals = rounds_until_stable(
        {"ours": count("ours"), "base": count("base")}, min_runs=5, max_runs=50, clock=clock
    )
    assert intervals["base"]["converged"] is True
    assert intervals["base"]["rounds"] == 5
    assert len(timings["ours"]) == len(timings["base"]) == 5


def test_it_stops_at_the_cap_and_says_the_ratio_did_not_settle():
    rng = random.Random(7)
    state = {"t": 0.0}

    def clock() -> float:
        state["t"] += rng.choice([0.001, 0.01])  # each run takes 1 or 10 ms at random
        return state["t"]

    _timings, intervals = rounds_until_stable(
        {"ours": lambda: None, "base": lambda: None}, min_runs=4, max_runs=12, clock=clock
    )
    assert intervals["base"]["converged"] is False
    assert intervals["base"]["rounds"] == intervals["base"]["max_rounds"] == 12


def test_two_runs_never_share_a_database_name():
    first, second = bench_database_name("coord"), bench_database_name("coord")
    assert first.startswith("coord_bench_") and second.startswith("coord_bench_")
    assert first != second
    assert len(bench_database_name("x" * 80)) <= 63
