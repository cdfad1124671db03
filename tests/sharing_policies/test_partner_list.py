"""A partner's case list (issue 22): merged from each grant's and the shares' own ordered,
limited scans, paged by cursor, counted up to a cap; sorting and filtering only by what
every grant shows."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coord.cases.filters import ORDERINGS
from sharing_policies.access import cases as policy

URL = "/api/v1/cases/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def network(make_case, make_grant, make_share, owner_org, stranger_org, stranger_admin):
    """Eight cases of the owner in two regions, two grants (one per region, one of them
    overlapping by month), a share of a case no grant admits, and cases never visible."""
    cases = []
    for month in range(1, 9):
        cases.append(
            make_case(reported_month=date(2025, month, 1), region="KH-12" if month % 2 else "KH-3")
        )
    make_grant(filter={"regions": ["KH-12"]})
    make_grant(filter={"reported_from": "2025-04", "reported_to": "2025-08"})
    private = make_case(consent="none", reported_month=date(2025, 2, 1))
    make_case(organisation=stranger_org, actor=stranger_admin, region="TH-10")
    share_target = make_case(reported_month=date(2024, 12, 1), region="KH-3")
    make_share(share_target)
    visible = [c for c in cases if c.region == "KH-12" or c.reported_month >= date(2025, 4, 1)]
    return {"visible": [*visible, share_target], "hidden": [private]}


def _walk(client, **params) -> list[str]:
    refs, cursor = [], None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = client.get(URL, query).json()
        refs += [row["reference"] for row in body["results"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return refs


@given(size=st.integers(min_value=1, max_value=6), ordering=st.sampled_from(sorted(ORDERINGS)))
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_it_pages_through_every_shared_case_once_in_the_asked_order(
    api, network, grantee_caseworker, size, ordering
):
    client = api.as_user(grantee_caseworker)
    refs = _walk(client, scope="shared", page_size=size, ordering=ordering)
    oracle = policy.visible_cases(grantee_caseworker, scope="shared").order_by(*ORDERINGS[ordering])
    assert refs == [c.reference for c in oracle]
    assert sorted(refs) == sorted(c.reference for c in network["visible"])


def test_it_walks_back_with_the_previous_cursor(api, network, grantee_caseworker):
    client = api.as_user(grantee_caseworker)
    first = client.get(URL, {"scope": "shared", "page_size": 3}).json()
    second = client.get(URL, {"scope": "shared", "page_size": 3, "cursor": first["next_cursor"]})
    back = client.get(
        URL, {"scope": "shared", "page_size": 3, "cursor": second.json()["previous_cursor"]}
    ).json()
    assert [r["reference"] for r in back["results"]] == [r["reference"] for r in first["results"]]
    assert back["previous_cursor"] is None


def test_it_gives_the_next_page_as_a_link_and_as_a_cursor(api, network, grantee_caseworker):
    body = api.as_user(grantee_caseworker).get(URL, {"scope": "shared", "page_size": 2}).json()
    assert f"cursor={body['next_cursor']}" in body["next"]


def test_it_counts_the_shared_cases_up_to_the_cap(api, network, grantee_caseworker, settings):
    client = api.as_user(grantee_caseworker)
    body = client.get(URL, {"scope": "shared"}).json()
    assert (body["count"], body["count_capped"]) == (len(network["visible"]), False)
    settings.COORD_LIST_COUNT_CAP = 3
    body = client.get(URL, {"scope": "shared"}).json()
    assert (body["count"], body["count_capped"]) == (3, True)


def test_it_leaves_the_count_out_when_asked(api, network, grantee_caseworker):
    body = api.as_user(grantee_caseworker).get(URL, {"scope": "shared", "count": "false"}).json()
    assert body["count"] is None


def test_it_pins_the_query_count_of_a_shared_page_whatever_the_grants(
    api, network, grantee_caseworker, make_grant, django_assert_max_num_queries
):
    fresh = type(grantee_caseworker).objects.get(pk=grantee_caseworker.pk)
    client = api.as_user(fresh)
    # membership, live grants, the merged page, the capped count, the audit event's
    # insert (+ its request bookkeeping): nothing per grant, nothing per row.
    with django_assert_max_num_queries(7) as first:
        client.get(URL, {"scope": "shared"})
    make_grant(filter={"regions": ["KH-3"]})
    make_grant(filter={"reported_from": "2025-01"})
    fresh = type(grantee_caseworker).objects.get(pk=grantee_caseworker.pk)
    with django_assert_max_num_queries(len(first.captured_queries)):
        api.as_user(fresh).get(URL, {"scope": "shared"})


def test_it_refuses_sorting_by_a_field_a_grant_hides(api, case, make_grant, grantee_caseworker):
    make_grant(fields=["reported_month", "region"])
    response = api.as_user(grantee_caseworker).get(URL, {"scope": "shared", "ordering": "status"})
    assert response.status_code == 400
    assert response.json()["code"] == "field_hidden"
    assert "ordering" in response.json()["fields"]


def test_it_allows_sorting_by_a_field_every_grant_shows(api, case, make_grant, grantee_caseworker):
    make_grant(fields=["reported_month", "status"])
    response = api.as_user(grantee_caseworker).get(URL, {"scope": "shared", "ordering": "status"})
    assert response.status_code == 200
    assert [r["reference"] for r in response.json()["results"]] == [case.reference]


def test_it_refuses_a_filter_on_a_hidden_field_with_a_code(
    api, case, make_grant, grantee_caseworker
):
    make_grant(fields=["reported_month", "region"])
    response = api.as_user(grantee_caseworker).get(URL, {"scope": "shared", "gender": "female"})
    assert response.status_code == 400
    assert response.json()["code"] == "field_hidden"


def test_it_sorts_by_last_activity_when_a_grant_hides_the_month(
    api, make_case, make_grant, grantee_caseworker
):
    older = make_case(reported_month=date(2025, 6, 1))
    newer = make_case(reported_month=date(2025, 1, 1))
    make_grant(fields=["region"])
    body = api.as_user(grantee_caseworker).get(URL, {"scope": "shared"}).json()
    assert [r["reference"] for r in body["results"]] == [newer.reference, older.reference]


def test_it_sorts_shared_cases_by_a_search_on_the_reference(api, network, grantee_caseworker):
    target = network["visible"][0].reference
    body = api.as_user(grantee_caseworker).get(URL, {"scope": "shared", "search": target}).json()
    assert [r["reference"] for r in body["results"]] == [target]


def test_it_never_finds_a_hidden_case_by_its_reference(api, network, grantee_caseworker):
    hidden = network["hidden"][0].reference
    body = api.as_user(grantee_caseworker).get(URL, {"scope": "shared", "search": hidden}).json()
    assert body["results"] == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_no_plan_reads_every_visible_row_on_postgresql(network, grantee_caseworker, make_case):
    """EXPLAIN ANALYZE of the page query: with 200 visible cases and pages of 5, no node of
    the plan produces more rows than the grants' limited parts together (3 x 6)."""
    for n in range(200):
        make_case(reported_month=date(2020 + n % 5, 1 + n % 12, 1), region="KH-12")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_casesummary")
    with CaptureQueriesContext(connection) as queries:
        policy.case_list_page(
            grantee_caseworker,
            scope="shared",
            narrow=lambda qs: qs,
            keys=ORDERINGS["-reported_month"],
            cursor=None,
            size=5,
            count=False,
        )
    page_sql = next(q["sql"] for q in queries.captured_queries if "LIMIT 6" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + page_sql)
        plan = cursor.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else plan

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    widest = max(n["Actual Rows"] * n.get("Actual Loops", 1) for n in nodes(plan["Plan"]))
    assert widest <= 3 * 6, plan
