"""Published trend tables.

Two ways to publish, one shape (docs/trends.md):

- ``noisy_table`` (the default publication): every cell of the query's whole domain (every
  month of the period, every region of the network's countries, every category value,
  zeros included) gets discrete Laplace noise; cells and totals under k are withheld.
  Nothing in it depends on the true counts except through the noise, so any number of
  tables combine into nothing sharper than the privacy budget allows.
- ``trend_table``: exact counts with cell suppression, safe for one table at a time only
  (an organisation's own breakdown, or ``COORD_TREND_MODE=suppression``).
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings

from coord.trends.selectors import DIMENSION_SIZES, TrendQuery, trend_counts
from coord.trends.suppression import GRAND, Protected, protect

MIN_K = 3
DP_MECHANISM = "laplace"


def minimum_k() -> int:
    """The configured k (``COORD_TREND_K``), never below 3 whatever the setting says."""
    return max(MIN_K, int(getattr(settings, "COORD_TREND_K", 5)))


def dp_sensitivity(group_by: tuple[str, ...]) -> int:
    """How many cells one record can change at most: 1, times the number of values of
    each grouped multi-valued category (a record may hold every one of them)."""
    return math.prod(DIMENSION_SIZES[d] for d in group_by)


def _noise(counts: list[int], *, epsilon: float, sensitivity: int) -> tuple[list[int], float]:
    """Discrete Laplace noise on every count through OpenDP, unclamped (sums of these stay
    unbiased); returns the noisy counts and the epsilon OpenDP states for one record."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    measurement = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)),
        dp.l1_distance(T=int),
        scale=sensitivity / epsilon,
    )
    noisy = measurement(counts) if counts else []
    return [int(n) for n in noisy], float(measurement.map(sensitivity))


def _laplace(counts: list[int], *, epsilon: float, sensitivity: int) -> tuple[list[int], float]:
    """Integer (discrete) Laplace noise on every count through OpenDP; returns the noisy
    counts and the epsilon OpenDP states for one record's change."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    measurement = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)),
        dp.l1_distance(T=int),
        scale=sensitivity / epsilon,
    )
    noisy = measurement(counts) if counts else []
    return [max(0, int(n)) for n in noisy], float(measurement.map(sensitivity))


def trend_table(query: TrendQuery, *, k: int, dp_epsilon: float | None = None) -> dict[str, Any]:
    """The publishable table for ``query``: one SQL query, then suppression (and noise)."""
    if k < minimum_k():
        raise ValueError("k below the configured minimum")
    raw = trend_counts(query)
    ndims = len(query.group_by)
    protected = protect(raw, ndims=ndims, k=k)
    values = dict(raw)
    dp_info = None
    if dp_epsilon is not None:
        keys = sorted(raw)
        sensitivity = dp_sensitivity(query.group_by)
        noisy, stated = _laplace(
            [raw[key] for key in keys], epsilon=dp_epsilon, sensitivity=sensitivity
        )
        values = dict(zip(keys, noisy, strict=True))
        dp_info = {
            "epsilon": stated,
            "mechanism": DP_MECHANISM,
            "sensitivity": sensitivity,
            "scale": sensitivity / dp_epsilon,
        }
    return _publish(query, protected, values, k=k, dp_info=dp_info)


def _cell(value: int | None, *, hidden: bool, k: int) -> dict[str, Any]:
    if hidden or value is None or value < k:
        return {"count": None, "suppressed": True}
    return {"count": value, "suppressed": False}


def _publish(
    query: TrendQuery,
    protected: Protected,
    values: dict[tuple, int],
    *,
    k: int,
    dp_info: dict | None,
) -> dict[str, Any]:
    group_by = list(query.group_by)
    cells = []
    for key in sorted(values):
        row = dict(zip(group_by, key, strict=True))
        row.update(_cell(values[key], hidden=key in protected.suppressed, k=k))
        cells.append(row)
    # Totals are sums of the cells (noisy ones under DP), hidden where suppression says so.
    sums: dict[tuple, int] = {}
    for key, n in values.items():
        if len(group_by) >= 2:
            for d, v in enumerate(key):
                sums[(d, v)] = sums.get((d, v), 0) + n
        sums[GRAND] = sums.get(GRAND, 0) + n
    totals: dict[str, Any] = {
        "all": _cell(sums.get(GRAND, 0), hidden=GRAND in protected.suppressed_totals, k=k)
        if values
        else {"count": 0, "suppressed": False}
    }
    if len(group_by) >= 2:
        for d, name in enumerate(group_by):
            totals[name] = [
                {name: v, **_cell(n, hidden=(d, v) in protected.suppressed_totals, k=k)}
                for (dd, v), n in sorted(sums.items(), key=lambda item: str(item[0][1]))
                if dd == d
            ]
    return {
        "k": k,
        "group_by": group_by,
        "source": query.source,
        "cells": cells,
        "totals": totals,
        "suppressed_cells": sum(1 for c in cells if c["suppressed"]),
        "dp": dp_info,
    }


def domain_size(domain: dict[str, list[str]], group_by: tuple[str, ...]) -> int:
    return math.prod(len(domain[d]) for d in group_by)


def release_threshold(k: int, scale: float) -> int:
    """The smallest noisy count a release shows: k plus three noise scales, so an empty
    cell shows by chance in fewer than 1 draw in 40 (a count under k is never shown)."""
    return k + math.ceil(3 * scale)


def noisy_table(
    query: TrendQuery, *, k: int, epsilon: float, domain: dict[str, list[str]]
) -> dict[str, Any]:
    """The query's table over its whole ``domain`` (the values of each grouped dimension,
    chosen without looking at the data), each cell with discrete Laplace noise of scale
    sensitivity/epsilon (OpenDP). Cells and totals whose noisy count is under the release
    threshold are withheld (a withheld cell may be a zero: the two are not told apart);
    totals are sums of the noisy cells (post-processing: they cost nothing and agree with
    the cells)."""
    import numpy as np

    if k < minimum_k():
        raise ValueError("k below the configured minimum")
    raw = trend_counts(query)
    group_by = list(query.group_by)
    values = [domain[d] for d in group_by]
    shape = tuple(len(v) for v in values)
    positions = [{v: i for i, v in enumerate(vs)} for vs in values]
    counts = np.zeros(shape, dtype=np.int64)
    for key, n in raw.items():
        at = tuple(p.get(v) for p, v in zip(positions, key, strict=True))
        if None not in at:  # outside the published domain (a region of another country)
            counts[at] = n
    sensitivity = dp_sensitivity(query.group_by)
    scale = sensitivity / epsilon
    noisy_list, stated = _noise(counts.ravel().tolist(), epsilon=epsilon, sensitivity=sensitivity)
    noisy = np.array(noisy_list, dtype=np.int64).reshape(shape)
    shown = release_threshold(k, scale)
    cells = [
        {
            **{d: values[j][i] for j, (d, i) in enumerate(zip(group_by, at, strict=True))},
            "count": int(noisy[at]),
            "suppressed": False,
        }
        for at in zip(*np.nonzero(noisy >= shown), strict=True)
    ]

    def total(n: int) -> dict[str, Any]:
        return (
            {"count": int(n), "suppressed": False}
            if n >= shown
            else {
                "count": None,
                "suppressed": True,
            }
        )

    totals: dict[str, Any] = {"all": total(noisy.sum())}
    if len(group_by) >= 2:
        for d, name in enumerate(group_by):
            other = tuple(a for a in range(len(group_by)) if a != d)
            sums = noisy.sum(axis=other)
            totals[name] = [{name: v, **total(n)} for v, n in zip(values[d], sums, strict=True)]
    return {
        "k": k,
        "group_by": group_by,
        "source": query.source,
        "cells": cells,
        "totals": totals,
        "suppressed_cells": int(noisy.size) - len(cells),
        "dp": {
            "epsilon": stated,
            "mechanism": DP_MECHANISM,
            "sensitivity": sensitivity,
            "scale": scale,
            "threshold": shown,
        },
    }
