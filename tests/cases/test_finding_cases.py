"""Finding cases (issue 19): search by reference, filters for every coarse field, sorting,
cursor pages, and filter errors in plain words."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from coord.cases.filters import MONTH_ORDER_MESSAGE, SEARCH_MESSAGE
from coord.cases.models import CaseSummary
from coord.cases.services import case_transition

URL = "/api/v1/cases/"
pytestmark = pytest.mark.django_db


def _refs(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["reference"] for row in response.json()["results"]]


def test_it_finds_a_case_by_its_whole_reference(api, owner_caseworker, make_case):
    wanted, _other = make_case(), make_case()
    assert _refs(api.as_user(owner_caseworker).get(URL, {"search": wanted.reference})) == [
        wanted.reference
    ]


def test_it_finds_cases_by_the_beginning_of_a_reference_in_any_case(
    api, owner_caseworker, make_case
):
    cases = [make_case() for _ in range(3)]
    prefix = cases[0].reference[2:5].lower()
    expected = {c.reference for c in cases if c.reference[2:5] == prefix.upper()}
    assert set(_refs(api.as_user(owner_caseworker).get(URL, {"search": prefix}))) == expected


def test_it_refuses_a_search_that_cannot_be_a_reference_in_plain_words(api, owner_caseworker):
    response = api.as_user(owner_caseworker).get(URL, {"search": "Jane Doe"})
    assert response.status_code == 400
    assert response.json()["fields"]["search"][0]["message"] == str(SEARCH_MESSAGE)


@pytest.mark.parametrize(
    ("param", "value", "field"),
    [
        ("age_band", "18-20", "age_band"),
        ("gender", "female", "gender"),
        ("industry", "C", "industry"),
    ],
)
def test_it_filters_by_each_coarse_field(api, owner_caseworker, make_case, param, value, field):
    wanted = make_case(**{field: value})
    make_case()
    assert _refs(api.as_user(owner_caseworker).get(URL, {param: value})) == [wanted.reference]


def test_it_filters_by_citizenship(api, owner_caseworker, make_case):
    wanted = make_case(citizenship=["KH"])
    make_case(citizenship=["TH"])
    assert _refs(api.as_user(owner_caseworker).get(URL, {"citizenship": "kh"})) == [
        wanted.reference
    ]


def test_it_sorts_by_month_either_way(api, owner_caseworker, make_case):
    old, new = (
        make_case(reported_month=date(2024, 1, 1)),
        make_case(reported_month=date(2025, 1, 1)),
    )
    client = api.as_user(owner_caseworker)
    assert _refs(client.get(URL)) == [new.reference, old.reference]
    assert _refs(client.get(URL, {"ordering": "reported_month"})) == [old.reference, new.reference]


def test_it_sorts_by_last_activity(api, owner_caseworker, make_case):
    first, second = make_case(), make_case()
    CaseSummary.objects.filter(pk=first.pk).update(updated_at=second.updated_at.replace(year=2030))
    client = api.as_user(owner_caseworker)
    assert _refs(client.get(URL, {"ordering": "-updated_at"})) == [
        first.reference,
        second.reference,
    ]


def test_it_sorts_by_status(api, owner_caseworker, make_case):
    closed = case_transition(
        actor=owner_caseworker, case=make_case(), action="close", closure_reason="goals_met"
    )
    active = make_case(status="active")
    client = api.as_user(owner_caseworker)
    assert _refs(client.get(URL, {"ordering": "status"})) == [active.reference, closed.reference]
    assert _refs(client.get(URL, {"ordering": "-status"})) == [closed.reference, active.reference]


def test_it_refuses_an_unknown_ordering_with_a_code(api, owner_caseworker):
    response = api.as_user(owner_caseworker).get(URL, {"ordering": "summary"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_ordering"


def test_it_refuses_a_cursor_it_did_not_make(api, owner_caseworker, case):
    response = api.as_user(owner_caseworker).get(URL, {"cursor": "garbage"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_it_never_puts_an_integer_key_in_a_cursor(api, owner_caseworker, make_case):
    import base64
    import json

    cases = [make_case() for _ in range(3)]
    token = api.as_user(owner_caseworker).get(URL, {"page_size": 1}).json()["next_cursor"]
    _direction, values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    assert values[-1] in {c.reference for c in cases}
    assert not any(isinstance(v, int) for v in values)


def test_it_says_a_month_range_is_backwards_in_plain_words(api, owner_caseworker):
    response = api.as_user(owner_caseworker).get(
        URL, {"reported_month_from": "2025-05", "reported_month_to": "2025-01"}
    )
    message = response.json()["fields"]["reported_month_to"][0]["message"]
    assert "reported_month" not in message
    assert message == str(MONTH_ORDER_MESSAGE)


@pytest.mark.parametrize("language", ["km", "th", "vi", "my"])
def test_filter_errors_are_translated(language):
    with translation.override("en"):
        english = [str(MONTH_ORDER_MESSAGE), str(SEARCH_MESSAGE)]
    with translation.override(language):
        assert [str(MONTH_ORDER_MESSAGE), str(SEARCH_MESSAGE)] != english
        assert str(MONTH_ORDER_MESSAGE) != english[0]


def test_the_web_list_folds_its_filters_away(client, owner_caseworker, case):
    client.force_login(owner_caseworker)
    html = client.get(reverse("web:case-list")).content.decode()
    assert '<details class="filter-fold">' in html  # closed: nothing in use
    html = client.get(reverse("web:case-list"), {"gender": "female"}).content.decode()
    assert '<details class="filter-fold" open>' in html


def test_the_web_list_pages_by_cursor(client, owner_caseworker, make_case):
    for month in range(1, 30):
        make_case(reported_month=date(2023 + month // 12, 1 + month % 12, 1))
    client.force_login(owner_caseworker)
    first = client.get(reverse("web:case-list"))
    nxt = first.context["pages"].next
    second = client.get(reverse("web:case-list"), {"cursor": nxt})
    seen = {c.reference for c in first.context["rows"]} | {
        c.reference for c in second.context["rows"]
    }
    assert len(seen) == 29


def test_the_web_list_shows_a_backwards_month_range_in_plain_words(client, owner_caseworker):
    client.force_login(owner_caseworker)
    html = client.get(
        reverse("web:case-list"), {"reported_month_from": "2025-05", "reported_month_to": "2025-01"}
    ).content.decode()
    assert str(MONTH_ORDER_MESSAGE) in html
    assert "reported_month_to is" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_sorting_by_last_activity_reads_an_index_range_on_postgresql(
    api, owner_caseworker, make_case, stranger_org, stranger_admin
):
    """The owner's page sorted by last activity walks ``case_org_activity`` in order: no
    Sort node in the plan. On so small a table a sort is cheap, so sorting, sequential and
    bitmap scans are discouraged: the Sort stays only if no index gives the order."""
    for n in range(40):
        make_case(reported_month=date(2024 + n % 2, 1 + n % 12, 1))
        make_case(organisation=stranger_org, actor=stranger_admin, region="VN-01")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_casesummary")
    with CaptureQueriesContext(connection) as queries:
        _refs(api.as_user(owner_caseworker).get(URL, {"ordering": "-updated_at", "count": "false"}))
    page_sql = next(
        q["sql"]
        for q in queries.captured_queries
        if "cases_casesummary" in q["sql"] and "LIMIT" in q["sql"] and "ORDER BY" in q["sql"]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + page_sql)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else plan

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    kinds = [(n["Node Type"], n.get("Index Name")) for n in nodes(plan["Plan"])]
    assert not [kind for kind, _ in kinds if "Sort" in kind], kinds
    assert any(index == "case_org_activity" for _, index in kinds), kinds
