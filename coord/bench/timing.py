"""Timing helpers: run a callable several times, summarise as p50 / p95 / per second."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[rank]


def summarise(durations: list[float], *, items: int = 1) -> dict[str, Any]:
    """``{"p50_ms", "p95_ms", "per_s", "runs"}``; ``per_s`` counts ``items`` per call, from
    the median call (robust to one slow outlier)."""
    median = statistics.median(durations)
    return {
        "p50_ms": round(median * 1000, 3),
        "p95_ms": round(percentile(durations, 95) * 1000, 3),
        "per_s": round(items / median, 1) if median > 0 else None,
        "runs": len(durations),
    }


def timed(
    fn: Callable[[], Any], *, clock: Callable[[], float] = time.perf_counter
) -> tuple[float, Any]:
    """Seconds ``fn`` took by ``clock`` (wall time; ``time.process_time`` for this process's
    CPU, which excludes the database server and other processes), and its result."""
    start = clock()
    result = fn()
    return clock() - start, result


def alternate(
    ours: Callable[[], Any],
    baseline: Callable[[], Any] | None,
    *,
    runs: int,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[list[float], list[float]]:
    """Time ``ours`` and ``baseline`` in turn (so drift hits both alike), after warm-up."""
    for _ in range(warmup):
        ours()
        if baseline is not None:
            baseline()
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        a.append(timed(ours, clock=clock)[0])
        if baseline is not None:
            b.append(timed(baseline, clock=clock)[0])
    return a, b


# A 95 % interval of the ratio within this fraction of it ends the rounds (issue 22).
TOLERANCE = 0.10
_Z95 = 1.96


def ratio_interval(ours: list[float], baseline: list[float]) -> dict[str, Any]:
    """The ratio of paired rounds (ours over the baseline run just after it) as their
    geometric mean, with a 95 % interval from the log ratios' mean and standard error:
    pairing cancels the machine's drift, the log makes a 2x and a 0.5x round symmetric."""
    logs = [math.log(a / b) for a, b in zip(ours, baseline, strict=True) if a > 0 and b > 0]
    if len(logs) < 2:
        return {"ratio": None, "ci95": None, "half_width": None}
    mean = statistics.fmean(logs)
    half = _Z95 * statistics.stdev(logs) / math.sqrt(len(logs))
    return {
        "ratio": round(math.exp(mean), 3),
        "ci95": [round(math.exp(mean - half), 3), round(math.exp(mean + half), 3)],
        "half_width": round(math.exp(half) - 1, 3),
    }


def rounds_until_stable(
    runs: dict[str, Callable[[], Any]],
    *,
    min_runs: int,
    max_runs: int,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
    tolerance: float = TOLERANCE,
) -> tuple[dict[str, list[float]], dict[str, dict[str, Any]]]:
    """Time every callable of ``runs`` in turn, round after round (the first is "ours", the
    others its baselines), until the 95 % interval of ours over each baseline is within
    ``tolerance`` or ``max_runs`` rounds are done. Returns the times by name and, by
    baseline, ``ratio_interval`` plus ``rounds``, ``max_rounds`` and ``converged``."""
    names = list(runs)
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(warmup):
        for fn in runs.values():
            fn()
    batch = min_runs
    while True:
        for _ in range(batch):
            for name in names:
                times[name].append(timed(runs[name], clock=clock)[0])
        intervals = {name: ratio_interval(times[names[0]], times[name]) for name in names[1:]}
        done = len(times[names[0]])
        converged = all(
            i["half_width"] is not None and i["half_width"] <= tolerance for i in intervals.values()
        )
        if converged or done >= max_runs:
            break
        batch = min(done, max_runs - done)
    for interval in intervals.values():
        interval.update(rounds=done, max_rounds=max_runs, converged=converged)
    return times, intervals


def cost_ratio(ours: dict[str, Any], baseline: dict[str, Any] | None) -> float | None:
    """Ours over baseline, by median time: 1.0 costs the same, 2.0 twice as much."""
    if not baseline or not baseline.get("p50_ms"):
        return None
    return round(ours["p50_ms"] / baseline["p50_ms"], 2)
