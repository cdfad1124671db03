"""The suppression method on its own: primary, secondary, and the attacker's recovery check."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coord.trends.aggregates import _publish
from coord.trends.selectors import TrendQuery
from coord.trends.suppression import GRAND, protect
from tests.trends.attacker import recovered


def publish(cells: dict, group_by: tuple[str, ...], k: int) -> dict:
    protected = protect(cells, ndims=len(group_by), k=k)
    return _publish(TrendQuery(group_by=group_by), protected, dict(cells), k=k, dp_info=None)


def test_it_suppresses_a_cell_under_k_and_keeps_one_at_k():
    table = publish({("a",): 4, ("b",): 5, ("c",): 50}, ("x",), k=5)
    by_key = {c["x"]: c for c in table["cells"]}
    assert by_key["a"] == {"x": "a", "count": None, "suppressed": True}
    assert by_key["c"] == {"x": "c", "count": 50, "suppressed": False}


def test_it_hides_the_next_smallest_cell_when_one_suppressed_cell_sits_beside_a_total():
    table = publish({("a",): 2, ("b",): 7, ("c",): 50}, ("x",), k=5)
    suppressed = {c["x"] for c in table["cells"] if c["suppressed"]}
    assert suppressed == {"a", "b"}
    assert table["totals"]["all"] == {"count": 59, "suppressed": False}


def test_it_suppresses_a_two_by_two_block_around_a_small_cell():
    cells = {("a", "x"): 2, ("a", "y"): 10, ("b", "x"): 10, ("b", "y"): 10}
    protected = protect(cells, ndims=2, k=5)
    assert protected.suppressed == set(cells)


def test_it_hides_a_marginal_total_under_k():
    cells = {("a", "x"): 3, ("b", "x"): 40, ("b", "y"): 40, ("c", "x"): 40, ("c", "y"): 40}
    protected = protect(cells, ndims=2, k=5)
    assert (0, "a") in protected.suppressed_totals
    assert GRAND not in protected.suppressed_totals or protected.suppressed_totals > {(0, "a")}


def test_it_never_publishes_a_cell_or_total_under_k():
    keys = itertools.product("abc", "xyz")
    cells = {(m, r): n for (m, r), n in zip(keys, range(1, 10), strict=True)}
    table = publish(cells, ("m", "r"), k=5)
    shown = [c["count"] for c in table["cells"] if not c["suppressed"]]
    shown += [
        t["count"] for name in ("m", "r") for t in table["totals"][name] if not t["suppressed"]
    ]
    assert all(n >= 5 for n in shown)


def test_the_attacker_recovers_a_lone_suppressed_cell_without_secondary_suppression():
    """The recovery check is able to fail: primary suppression alone leaks by subtraction."""
    cells = {("a",): 2, ("b",): 7, ("c",): 50}
    table = publish(cells, ("x",), k=5)
    table["cells"] = [
        {**c, "count": cells[(c["x"],)], "suppressed": cells[(c["x"],)] < 5} for c in table["cells"]
    ]
    table["cells"] = [{**c, "count": None} if c["suppressed"] else c for c in table["cells"]]
    assert recovered(table) == {("cell", ("a",)): 2}


tables = st.integers(min_value=1, max_value=3).flatmap(
    lambda ndims: st.tuples(
        st.just(ndims),
        st.lists(st.integers(2, 4), min_size=ndims, max_size=ndims),
    )
)


@st.composite
def random_tables(draw):
    ndims, sizes = draw(tables)
    keys = list(itertools.product(*[[f"v{i}" for i in range(s)] for s in sizes]))
    counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40))
    cells = {key: n for key in keys if (n := draw(counts)) > 0}
    k = draw(st.integers(3, 6))
    return ndims, cells, k


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_tables())
def test_it_leaves_no_suppressed_value_recoverable_from_the_published_table(case):
    ndims, cells, k = case
    group_by = tuple(f"d{i}" for i in range(ndims))
    table = publish(cells, group_by, k=k)
    assert recovered(table) == {}
    for c in table["cells"]:
        assert c["suppressed"] or c["count"] >= k
