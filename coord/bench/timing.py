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


def cost_ratio(ours: dict[str, Any], baseline: dict[str, Any] | None) -> float | None:
    """Ours over baseline, by median time: 1.0 costs the same, 2.0 twice as much."""
    if not baseline or not baseline.get("p50_ms"):
        return None
    return round(ours["p50_ms"] / baseline["p50_ms"], 2)
