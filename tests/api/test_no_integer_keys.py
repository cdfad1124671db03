"""No database key leaves the API (issue 24): no integer under an id-like key anywhere,
audit events name their actor by username, and an event's hash still recomputes from what
the API gives (``"actor_id": null``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from coord.audit.chain import CHAINED_FIELDS, GENESIS_HASH, event_hash
from coord.audit.models import AuditEvent
from coord.audit.services import audit_append

pytestmark = pytest.mark.django_db


def _integer_ids(value: Any, path: str = "") -> list[str]:
    """Paths of integers under keys that name an object (``id``, ``*_id``, ``actor``...)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            named = key == "id" or key.endswith("_id") or key in {"actor", "user", "object"}
            if named and isinstance(item, int) and not isinstance(item, bool):
                found.append(f"{path}.{key}")
            found += _integer_ids(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _integer_ids(item, f"{path}[{index}]")
    return found


def test_audit_events_expose_no_account_number(api, network_coordinator, owner_caseworker):
    api.as_user(owner_caseworker).get("/api/v1/cases/")
    audit_append(action="case.read", actor=owner_caseworker, object_type="case", object_id="C-1")
    events = api.as_user(network_coordinator).get("/api/v1/audit/events/").json()["results"]
    assert events
    assert all("actor_id" not in event for event in events)
    assert _integer_ids(events) == []
    mine = next(e for e in events if e["actor_username"] == "owner.caseworker")
    assert mine["actor_withheld"] is False


def test_an_events_hash_recomputes_from_the_api_answer(api, network_coordinator, owner_admin):
    audit_append(action="case.read", actor=owner_admin, object_type="case", object_id="C-1")
    events = api.as_user(network_coordinator).get("/api/v1/audit/events/").json()["results"]
    for event in events:
        values = {name: event.get(name) for name in CHAINED_FIELDS if name != "actor_id"}
        values["actor_id"] = None
        values["at"] = datetime.fromisoformat(event["at"])
        assert event_hash(event["prev_hash"], values) == event["hash"], event["seq"]
    oldest = min(events, key=lambda e: e["seq"])
    assert oldest["seq"] > 1 or oldest["prev_hash"] == GENESIS_HASH


def test_an_event_that_holds_an_account_number_says_it_is_withheld(
    api, network_coordinator, owner_admin
):
    """Events written before this change keep their number in the hashed record."""
    audit_append(action="case.read", actor=owner_admin, object_type="case", object_id="C-1")
    assert AuditEvent.objects.filter(actor_id__isnull=False).count() == 0
    events = api.as_user(network_coordinator).get("/api/v1/audit/events/").json()["results"]
    assert {e["actor_withheld"] for e in events} == {False}


def test_a_member_event_names_the_member_by_username(api, owner_admin, owner_caseworker):
    url = "/api/v1/organisations/owner-org/members/owner.caseworker/"
    assert api.as_user(owner_admin).delete(url).status_code == 204
    event = AuditEvent.objects.get(action="member.remove")
    assert event.object_id == "owner.caseworker"


def test_no_read_answers_an_integer_id(
    api, owner_admin, network_coordinator, make_request, make_share, case
):
    """Every list and detail an admin and the coordinator read, walked for integer ids."""
    make_request()
    share = make_share(case)
    admin = api.as_user(owner_admin)
    answers = [
        admin.get(url).json()
        for url in (
            "/api/v1/me/",
            "/api/v1/cases/",
            f"/api/v1/cases/{case.reference}/",
            f"/api/v1/cases/{case.reference}/shares/",
            f"/api/v1/cases/{case.reference}/shares/{share.public_id}/",
            f"/api/v1/cases/{case.reference}/access-log/",
            "/api/v1/access-requests/",
            "/api/v1/grants/",
            "/api/v1/referrals/",
            "/api/v1/notifications/",
            "/api/v1/organisations/",
            "/api/v1/organisations/owner-org/members/",
            "/api/v1/audit/events/",
        )
    ]
    answers.append(api.as_user(network_coordinator).get("/api/v1/audit/events/").json())
    assert _integer_ids(answers) == []
