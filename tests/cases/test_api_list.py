"""GET /api/v1/cases/"""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest

from coord.audit.models import AuditEvent

URL = "/api/v1/cases/"
pytestmark = pytest.mark.django_db


def _refs(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["reference"] for row in response.json()["results"]}


def test_it_lists_only_the_callers_organisation(
    api, owner_caseworker, make_case, stranger_org, stranger_caseworker
):
    mine = make_case()
    make_case(organisation=stranger_org, actor=stranger_caseworker, region="VN-01")
    assert _refs(api.as_user(owner_caseworker).get(URL)) == {mine.reference}


def test_it_shows_an_organisation_nothing_of_others(api, stranger_caseworker, make_case):
    make_case()
    assert _refs(api.as_user(stranger_caseworker).get(URL)) == set()


def test_it_refuses_coordinators_with_403_and_audits(api, network_coordinator, make_case):
    make_case()
    response = api.as_user(network_coordinator).get(URL)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="case.list_denied", outcome="denied").exists()


def test_it_never_returns_narrative_in_list_rows(api, owner_caseworker, case):
    row = api.as_user(owner_caseworker).get(URL).json()["results"][0]
    assert row["reference"] == case.reference
    assert not {"summary", "notes", "summary_ct", "notes_ct", "summary_state"} & set(row)


def test_it_never_decrypts_on_a_list(api, owner_caseworker, make_case):
    for _ in range(3):
        make_case()
    with mock.patch(
        "coord.crypto.services.decrypt_text", side_effect=AssertionError("decrypted")
    ) as decrypt:
        response = api.as_user(owner_caseworker).get(URL)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3
    decrypt.assert_not_called()


def test_it_pins_the_list_query_count(
    api, owner_caseworker, make_case, django_assert_max_num_queries
):
    for month in range(1, 11):
        make_case(reported_month=date(2025, month, 1))
    fresh = type(owner_caseworker).objects.get(pk=owner_caseworker.pk)  # nothing cached
    client = api.as_user(fresh)
    # membership, count, one page (organisation joined): nothing per row.
    with django_assert_max_num_queries(3):
        response = client.get(URL, {"exploitation_type": "forced_labour"})
    assert len(response.json()["results"]) == 10


def test_it_paginates(api, owner_caseworker, make_case):
    for _ in range(3):
        make_case()
    body = api.as_user(owner_caseworker).get(URL, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_it_orders_newest_month_first(api, owner_caseworker, make_case):
    old = make_case(reported_month=date(2024, 1, 1))
    new = make_case(reported_month=date(2026, 1, 1))
    rows = api.as_user(owner_caseworker).get(URL).json()["results"]
    assert [r["reference"] for r in rows] == [new.reference, old.reference]


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"status": "active"}, {"status": "active"}),
        ({"consent": "share"}, {"consent": "share"}),
        ({"region": "KH-1"}, {"region": "KH-1"}),
        ({"region": "kh-1"}, {"region": "KH-1"}),
        ({"exploitation_type": "forced_begging"}, {"exploitation_types": ["forced_begging"]}),
        ({"technology": "livestream"}, {"technologies": ["livestream", "online_game"]}),
        ({"reported_month_from": "2026-02"}, {"reported_month": date(2026, 3, 1)}),
        ({"reported_month_to": "2024-02"}, {"reported_month": date(2024, 1, 1)}),
    ],
)
def test_it_filters(api, owner_caseworker, make_case, params, match):
    make_case()  # forced_labour, online_job_ad, aggregate, KH-12, 2025-03, open
    wanted = make_case(**match)
    assert _refs(api.as_user(owner_caseworker).get(URL, params)) == {wanted.reference}


def test_it_filters_by_a_month_range(api, owner_caseworker, make_case):
    make_case(reported_month=date(2024, 12, 1))
    inside = make_case(reported_month=date(2025, 2, 1))
    make_case(reported_month=date(2025, 4, 1))
    params = {"reported_month_from": "2025-01", "reported_month_to": "2025-03"}
    assert _refs(api.as_user(owner_caseworker).get(URL, params)) == {inside.reference}


def test_it_combines_two_category_filters(api, owner_caseworker, make_case):
    both = make_case(exploitation_types=["servitude"], technologies=["dating_app"])
    make_case(exploitation_types=["servitude"], technologies=["online_job_ad"])
    params = {"exploitation_type": "servitude", "technology": "dating_app"}
    assert _refs(api.as_user(owner_caseworker).get(URL, params)) == {both.reference}


@pytest.mark.parametrize(
    ("params", "field", "hint"),
    [
        ({"status": "lost-xyz"}, "status", "reopened"),
        ({"exploitation_type": "smuggling-xyz"}, "exploitation_type", "forced_labour"),
        ({"technology": "fax-xyz"}, "technology", "messaging_app"),
        ({"consent": "maybe-xyz"}, "consent", "aggregate"),
        ({"reported_month_from": "2025-03-01"}, "reported_month_from", "YYYY-MM"),
        (
            {"reported_month_from": "2025-05", "reported_month_to": "2025-01"},
            "reported_month_to",
            "before",
        ),
    ],
)
def test_it_refuses_bad_filters_with_field_messages(api, owner_caseworker, params, field, hint):
    response = api.as_user(owner_caseworker).get(URL, params)
    assert response.status_code == 400
    assert hint in str(response.json()["fields"][field])
    assert "xyz" not in response.content.decode()
