"""The pieces of the harness whose mistakes would silently skew every figure."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from coord.bench.management.commands.bench import _run
from coord.bench.scenarios import Skip, narrative, target_met
from coord.bench.timing import cost_ratio, percentile, summarise, timed
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
    fast = {"ours": {"p50_ms": 20.0, "per_s": 50.0}, "ratio": 1.2}
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
