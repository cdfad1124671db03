"""coord.lib.keyset: cursor pages over any ordered queryset, and the capped count."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coord.lib.errors import Invalid
from coord.lib.keyset import Cursor, capped_count, keyset_page, page_size_from
from coord.organisations.models import Organisation
from tests.factories import OrganisationFactory


@pytest.fixture
def seven(db):
    OrganisationFactory.create_batch(7)
    return Organisation.objects.order_by("-country", "slug")


def _walk(queryset, size: int, *, backwards_from: str | None = None) -> list:
    """Every row, page by page, following ``next`` (or ``previous`` from a cursor)."""
    rows, token = [], backwards_from
    while True:
        page = keyset_page(queryset, cursor_token=token, size=size)
        rows = (page.rows + rows) if backwards_from else (rows + page.rows)
        token = page.previous if backwards_from else page.next
        if token is None:
            return rows


@given(size=st.integers(min_value=1, max_value=9))
@settings(
    max_examples=9, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_it_visits_every_row_once_in_order_whatever_the_page_size(seven, size):
    assert _walk(seven, size) == list(seven)


def test_it_walks_back_with_previous_to_the_first_page(seven):
    first = keyset_page(seven, cursor_token=None, size=3)
    second = keyset_page(seven, cursor_token=first.next, size=3)
    back = keyset_page(seven, cursor_token=second.previous, size=3)
    assert (back.rows, back.previous, first.previous) == (first.rows, None, None)


def test_it_reads_one_query_per_page(seven, django_assert_num_queries):
    with django_assert_num_queries(1):
        keyset_page(seven, cursor_token=None, size=3)


def test_it_refuses_a_cursor_that_is_not_ours(seven):
    with pytest.raises(Invalid) as refused:
        keyset_page(seven, cursor_token="bm90IGEgY3Vyc29y", size=3)
    assert refused.value.code == "invalid_cursor"


def test_it_refuses_a_cursor_made_for_another_ordering(seven):
    token = Cursor(("x",)).encode()
    with pytest.raises(Invalid):
        keyset_page(seven, cursor_token=token, size=3)


def test_it_caps_the_count_and_says_so(seven):
    assert capped_count(seven, cap=5) == (5, True)
    assert capped_count(seven, cap=7) == (7, False)


@pytest.mark.parametrize("value", ["0", "201", "ten", "-1"])
def test_it_refuses_a_page_size_out_of_range(value):
    with pytest.raises(Invalid):
        page_size_from(value, maximum=200)
