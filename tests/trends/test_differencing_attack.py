"""Issue 17, part 2: no combination of answers one person can obtain pins a small cell.

The attacker is a caseworker of another organisation. It asks a scripted sequence of 50
overlapping questions (nested and sliding periods, a region and the rest, with and without a
dimension, JSON and CSV), then hands every answer it got to an integer linear programme
(``scipy.optimize.milp``) whose unknowns are the true month x region counts, and bounds each
cell. A cell with a true count under k that the solver pins to an interval narrower than k
is recovered. Under exact per-table suppression (the old design) cells are recovered; under
the default noisy publication with a privacy budget, none is.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from datetime import date

import numpy as np
import pytest
from scipy.optimize import LinearConstraint, milp

from coord.trends.selectors import first_level_regions, months_between

pytestmark = pytest.mark.django_db

K = 5
MONTHS = months_between(date(2025, 1, 1), date(2025, 6, 1))
# (region, month) -> cases; every other cell of the window is empty.
TRUE = {
    **{("KH-12", m): 10 for m in MONTHS},
    ("KH-12", "2025-03"): 2,
    **{("KH-3", m): 6 for m in MONTHS},
    ("KH-3", "2025-05"): 1,
    ("KH-1", "2025-02"): 3,
    **{("KH-17", m): 8 for m in MONTHS[:4]},
}
# Per-constraint noise bound the attacker trusts under the noisy publication: a discrete
# Laplace draw of scale 1 exceeds it with probability about 1e-4.
NOISE_BOUND = math.ceil(math.log(2e4))


def _questions() -> list[tuple[str, dict[str, str]]]:
    """50 overlapping questions: (endpoint, parameters)."""
    windows = [(MONTHS[0], m) for m in MONTHS] + [(m, MONTHS[-1]) for m in MONTHS[1:]]
    asked = [
        ("/api/v1/trends/", {"group_by": g, "from": a, "to": b})
        for g in ("region", "month", "month,region")
        for a, b in windows
    ]
    asked += [
        ("/api/v1/trends/", {"group_by": "month", "region": r, "from": a, "to": b})
        for r in ("KH-12", "KH-3", "KH-1")
        for a, b in [(MONTHS[0], MONTHS[-1]), (MONTHS[0], MONTHS[1]), (MONTHS[2], MONTHS[-1])]
    ]
    asked += [
        ("/api/v1/trends.csv", {"group_by": "region", "from": a, "to": b})
        for a, b in itertools.combinations(MONTHS[1:], 2)
    ][:8]
    assert len(asked) == 50
    return asked


def _answers(api, user) -> list[tuple[dict[str, str], dict]]:
    """Every answer the attacker obtained (refusals give nothing)."""
    got = []
    for url, params in _questions():
        response = api.as_user(user).get(url, params)
        if response.status_code != 200:
            continue
        if url.endswith(".csv"):
            got.append((params, _from_csv(params, response.content.decode())))
        else:
            got.append((params, response.json()))
    return got


def _from_csv(params: dict[str, str], text: str) -> dict:
    rows = list(csv.reader(io.StringIO(text)))[1:]
    dims = params["group_by"].split(",")
    noisy = any(row and row[0].startswith("# noise added") for row in rows)
    cells = []
    for row in rows:
        if row[0].startswith("#") or "(all)" in row[: len(dims)]:
            continue
        value = row[len(dims)]
        hidden = value.startswith("fewer than")
        cells.append(
            {
                **dict(zip(dims, row, strict=False)),
                "count": None if hidden else int(value),
                "suppressed": hidden,
            }
        )
    return {"cells": cells, "totals": {}, "dp": {"noisy": True} if noisy else None}


def _bounds(answers, regions: list[str]) -> dict[tuple[str, str], tuple[float, float]]:
    """The interval the solver can prove for each true cell (region, month)."""
    unknowns = [(r, m) for r in regions for m in MONTHS]
    index = {cell: i for i, cell in enumerate(unknowns)}
    rows, lower, upper = [], [], []

    def constrain(cells, lo, hi):
        row = np.zeros(len(unknowns))
        for cell in cells:
            row[index[cell]] = 1
        rows.append(row)
        lower.append(lo)
        upper.append(hi)

    for params, table in answers:
        window = months_between(
            date.fromisoformat(params["from"] + "-01"), date.fromisoformat(params["to"] + "-01")
        )
        region_set = [params["region"]] if params.get("region") else regions
        dims = params["group_by"].split(",")
        noisy = table.get("dp") is not None
        listed = set()
        for cell in table["cells"]:
            key = tuple(cell[d] for d in dims)
            listed.add(key)
            members = [
                (r, m)
                for r in region_set
                for m in window
                if ("region" not in dims or cell["region"] == r)
                and ("month" not in dims or cell["month"] == m)
            ]
            if cell["suppressed"]:
                constrain(members, 1, np.inf)  # exact design: a listed hidden cell is not empty
            elif noisy:
                constrain(members, cell["count"] - NOISE_BOUND, cell["count"] + NOISE_BOUND)
            else:
                constrain(members, cell["count"], cell["count"])
        domain = [
            tuple(v)
            for v in itertools.product(*({"region": region_set, "month": window}[d] for d in dims))
        ]
        for key in domain:
            if key in listed:
                continue
            members = [
                (r, m)
                for r in region_set
                for m in window
                if all({"region": r, "month": m}[d] == v for d, v in zip(dims, key, strict=True))
            ]
            # Not listed: empty (exact design), or noisy count under k (noisy design).
            shown = table["dp"].get("threshold", K) if noisy else 0
            constrain(members, 0, (shown - 1 + NOISE_BOUND) if noisy else 0)
    result = {}
    a = np.array(rows) if rows else np.zeros((0, len(unknowns)))
    for cell, true in TRUE.items():
        if not 0 < true < K:
            continue
        objective = np.zeros(len(unknowns))
        objective[index[cell]] = 1
        ends = []
        for sign in (1, -1):
            solved = milp(
                sign * objective,
                constraints=[LinearConstraint(a, lower, upper)] if rows else [],
                integrality=np.ones(len(unknowns)),
                bounds=(0, 10_000),
            )
            ends.append(sign * solved.fun if solved.success else None)
        result[cell] = tuple(ends)
    return result


def _pinned(bounds) -> list:
    return [
        (cell, lo, hi)
        for cell, (lo, hi) in bounds.items()
        if lo is not None and hi is not None and hi - lo < K
    ]


@pytest.fixture
def network(settings, owner_org, owner_caseworker):
    from coord.cases.services import case_create

    settings.COORD_TREND_COUNTRIES = ["KH"]
    settings.COORD_TREND_K = K
    for (region, month), n in TRUE.items():
        for _ in range(n):
            case_create(
                actor=owner_caseworker,
                organisation=owner_org,
                data={
                    "reported_month": date.fromisoformat(month + "-01"),
                    "region": region,
                    "consent": "aggregate",
                },
            )
    return first_level_regions(["KH"])


def test_it_recovers_small_cells_from_exact_tables(api, settings, network, stranger_caseworker):
    """The old design: per-table suppression does not survive differencing across queries."""
    settings.COORD_TREND_MODE = "suppression"
    answers = _answers(api, stranger_caseworker)
    assert len(answers) == 50
    pinned = _pinned(_bounds(answers, network))
    assert (("KH-12", "2025-03"), 2, 2) in pinned


def test_it_recovers_no_small_cell_from_the_noisy_publication(
    api, settings, network, stranger_caseworker
):
    settings.COORD_TREND_MODE = "dp"
    settings.COORD_TREND_EPSILON = 1.0
    settings.COORD_TREND_BUDGET = 10.0
    from coord.trends.models import PrivacyBudget

    answers = _answers(api, stranger_caseworker)
    # Ten fresh releases spent the budget; repeats of a released question were free; the
    # budget refused the rest.
    assert PrivacyBudget.objects.get(user=stranger_caseworker).spent == pytest.approx(10.0)
    assert 10 <= len(answers) < 50
    assert _pinned(_bounds(answers, network)) == []
