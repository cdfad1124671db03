"""GET /api/v1/audit/events/: who sees which events, filters and cursor pagination."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coord.audit.models import AuditEvent
from coord.audit.services import audit_append

URL = "/api/v1/audit/events/"


@pytest.fixture
def trail(owner_admin, owner_caseworker, grantee_caseworker, stranger_caseworker):
    """Events of every kind an owner admin might or might not see."""
    audit_append(
        action="case.create",
        actor=owner_caseworker,
        organisation="owner-org",
        object_type="case",
        object_id="C-OWN1",
    )
    audit_append(
        action="case.read",
        actor=grantee_caseworker,
        organisation="owner-org",
        object_type="case",
        object_id="C-OWN1",
        details={"grant": "G-1"},
    )
    audit_append(
        action="case.read_denied",
        actor=stranger_caseworker,
        organisation="owner-org",
        object_type="case",
        object_id="C-OWN1",
        outcome="denied",
    )
    audit_append(
        action="case.read",
        actor=owner_caseworker,
        organisation="grantee-org",
        object_type="case",
        object_id="C-GRA1",
    )
    audit_append(
        action="case.create",
        actor=stranger_caseworker,
        organisation="stranger-org",
        object_type="case",
        object_id="C-STR1",
    )
    audit_append(action="auth.login", actor=grantee_caseworker)


def seqs(response):
    return [event["seq"] for event in response.json()["results"]]


def test_it_shows_a_coordinator_every_event_newest_first(api, network_coordinator, trail):
    response = api.as_user(network_coordinator).get(URL)
    assert response.status_code == 200
    assert seqs(response) == [6, 5, 4, 3, 2, 1]
    first = response.json()["results"][0]
    assert set(first) >= {"seq", "at", "actor_username", "action", "outcome", "hash", "prev_hash"}


def test_it_shows_an_admin_events_about_their_org_or_by_their_members(api, owner_admin, trail):
    response = api.as_user(owner_admin).get(URL)
    assert response.status_code == 200
    # 1-3 concern owner-org's data, 4 was made by an owner-org member on another org's case.
    assert seqs(response) == [4, 3, 2, 1]


def test_it_hides_other_organisations_events_from_an_admin(api, stranger_admin, trail):
    response = api.as_user(stranger_admin).get(URL)
    # Only events about stranger-org data or by stranger-org members (3 and 5).
    assert seqs(response) == [5, 3]


def test_it_refuses_caseworkers_and_audits_the_attempt(api, owner_caseworker, trail):
    response = api.as_user(owner_caseworker).get(URL)
    assert response.status_code == 403
    last = AuditEvent.objects.order_by("-seq").first()
    assert (last.action, last.outcome, last.actor_username) == (
        "audit.read_denied",
        "denied",
        "owner.caseworker",
    )


def test_it_refuses_anonymous_callers(api, trail):
    assert api.get(URL).status_code in {401, 403}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "case.read"}, [4, 2]),
        ({"actor": "stranger.caseworker"}, [5, 3]),
        ({"organisation": "grantee-org"}, [6, 4, 2]),
        ({"object_type": "case", "object_id": "C-OWN1"}, [3, 2, 1]),
        ({"outcome": "denied"}, [3]),
        ({"action": "case.read", "outcome": "denied"}, []),
    ],
)
def test_it_filters_events(api, network_coordinator, trail, query, expected):
    response = api.as_user(network_coordinator).get(URL, query)
    assert response.status_code == 200
    assert seqs(response) == expected


def test_it_filters_by_time_range(api, network_coordinator, trail):
    third = AuditEvent.objects.get(seq=3)
    response = api.as_user(network_coordinator).get(
        URL, {"since": third.at.isoformat(), "until": (third.at + timedelta(days=1)).isoformat()}
    )
    assert seqs(response) == [6, 5, 4, 3]
    response = api.as_user(network_coordinator).get(URL, {"until": third.at.isoformat()})
    assert seqs(response) == [2, 1]


def test_it_keeps_filters_inside_what_an_admin_may_see(api, owner_admin, trail):
    response = api.as_user(owner_admin).get(URL, {"organisation": "stranger-org"})
    assert seqs(response) == [3]  # stranger's attempt on owner data; not stranger's own case


@pytest.mark.parametrize(
    "query",
    [
        {"outcome": "maybe"},
        {"since": "yesterday"},
        {"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
        {"acton": "case.read"},
        {"organisation": "not a slug!"},
    ],
)
def test_it_answers_bad_filters_with_a_field_level_400(api, network_coordinator, trail, query):
    response = api.as_user(network_coordinator).get(URL, query)
    assert response.status_code == 400
    assert set(response.json()["fields"]) <= set(query) | {"until"}


def test_it_pages_with_a_cursor_that_survives_new_events(api, network_coordinator, trail):
    client = api.as_user(network_coordinator)
    first = client.get(URL, {"page_size": 4}).json()
    assert [e["seq"] for e in first["results"]] == [6, 5, 4, 3]
    audit_append(action="case.read")  # a new event must not shift the next page
    second = client.get(first["next"]).json()
    assert [e["seq"] for e in second["results"]] == [2, 1]
    assert second["next"] is None


def test_it_lists_a_page_in_a_fixed_number_of_queries(
    api, network_coordinator, trail, django_assert_max_num_queries
):
    client = api.as_user(network_coordinator)
    client.get(URL)  # warm the membership lookup path
    with django_assert_max_num_queries(3):
        assert client.get(URL, {"page_size": 2}).status_code == 200


def test_it_serves_the_time_as_iso_8601(api, network_coordinator, trail):
    event = api.as_user(network_coordinator).get(URL).json()["results"][0]
    parsed = timezone.datetime.fromisoformat(event["at"].replace("Z", "+00:00"))
    assert parsed.tzinfo is not None
