"""GET/PATCH/DELETE /api/v1/cases/<reference>/"""

from __future__ import annotations

from datetime import date

import pytest

from coord.audit.models import AuditEvent
from coord.cases.models import CaseCategory, CaseSummary
from coord.crypto.services import organisation_keys_shred
from tests.cases.conftest import CLEAN_NOTES, CLEAN_SUMMARY
from tests.factories import member

pytestmark = pytest.mark.django_db


def url(reference: str) -> str:
    return f"/api/v1/cases/{reference}/"


# --- read -----------------------------------------------------------------------------


def test_it_shows_owner_members_everything_decrypted(api, owner_admin, case):
    body = api.as_user(owner_admin).get(url(case.reference)).json()
    assert body["summary"] == CLEAN_SUMMARY
    assert body["notes"] == CLEAN_NOTES
    assert body["summary_state"] == body["notes_state"] == "available"
    assert body["exploitation_types"] == ["forced_labour"]
    assert body["reported_month"] == "2025-03"
    assert body["organisation"] == "owner-org"


def test_it_does_not_audit_decryption_by_the_owner(api, owner_caseworker, case):
    api.as_user(owner_caseworker).get(url(case.reference))
    assert not AuditEvent.objects.filter(action="case.decrypt").exists()


def test_it_reports_an_empty_narrative_as_empty(api, owner_caseworker, make_case):
    case = make_case(summary="", notes="")
    body = api.as_user(owner_caseworker).get(url(case.reference)).json()
    assert body["summary"] == ""
    assert body["summary_state"] == "empty"


def test_it_gives_outsiders_404_and_audits_the_attempt(api, stranger_caseworker, case):
    response = api.as_user(stranger_caseworker).get(url(case.reference))
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="case.read_denied")
    assert event.outcome == "denied"
    assert event.object_id == case.reference
    assert event.actor_username == stranger_caseworker.username
    assert CLEAN_SUMMARY not in response.content.decode()


def test_it_gives_the_same_404_and_the_same_event_for_a_missing_and_a_hidden_case(
    api, stranger_caseworker, case
):
    missing = api.as_user(stranger_caseworker).get(url("C-0000000000"))
    forbidden = api.as_user(stranger_caseworker).get(url(case.reference))
    assert missing.status_code == forbidden.status_code == 404
    assert missing.json() == forbidden.json()
    events = AuditEvent.objects.filter(outcome="denied").order_by("seq")
    shape = [(e.action, e.organisation, e.object_type, sorted(e.details)) for e in events]
    assert shape == [("case.read_denied", "stranger-org", "case", ["owner"])] * 2


def test_it_gives_coordinators_404_on_a_case(api, network_coordinator, case):
    assert api.as_user(network_coordinator).get(url(case.reference)).status_code == 404
    assert AuditEvent.objects.filter(action="case.read_denied", outcome="denied").exists()


def test_it_shows_null_summary_once_keys_are_shredded(api, owner_caseworker, owner_org, case):
    organisation_keys_shred(organisation=owner_org)
    response = api.as_user(owner_caseworker).get(url(case.reference))
    assert response.status_code == 200
    body = response.json()
    assert body["summary"] is None
    assert body["summary_state"] == "shredded"
    assert body["notes"] is None
    assert body["exploitation_types"] == ["forced_labour"]


def test_it_still_lists_and_edits_categories_after_shredding(
    api, owner_caseworker, owner_org, case
):
    organisation_keys_shred(organisation=owner_org)
    client = api.as_user(owner_caseworker)
    assert client.get("/api/v1/cases/").json()["count"] == 1
    response = client.patch(url(case.reference), {"age_band": "21-23"}, format="json")
    assert response.status_code == 200
    assert response.json()["age_band"] == "21-23"


def test_it_refuses_new_narrative_after_shredding_with_409(api, owner_caseworker, owner_org, case):
    organisation_keys_shred(organisation=owner_org)
    response = api.as_user(owner_caseworker).patch(
        url(case.reference), {"summary": "New text about the case."}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"]


# --- update ---------------------------------------------------------------------------


def test_it_lets_owner_caseworkers_edit(api, owner_caseworker, case):
    response = api.as_user(owner_caseworker).patch(
        url(case.reference),
        {"age_band": "21-23", "summary": "Returned home; receiving reintegration support."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["summary"] == "Returned home; receiving reintegration support."
    case.refresh_from_db()
    assert case.age_band == "21-23"


def test_it_audits_only_the_names_of_changed_fields(api, owner_caseworker, case):
    api.as_user(owner_caseworker).patch(
        url(case.reference), {"age_band": "21-23", "region": "KH-12"}, format="json"
    )
    event = AuditEvent.objects.get(action="case.update")
    assert event.details == {"fields": ["age_band"]}


def test_it_keeps_other_fields_on_a_partial_update(api, owner_caseworker, case):
    api.as_user(owner_caseworker).patch(url(case.reference), {"gender": "male"}, format="json")
    body = api.as_user(owner_caseworker).get(url(case.reference)).json()
    assert body["summary"] == CLEAN_SUMMARY
    assert body["technologies"] == ["online_job_ad"]


def test_it_gives_outsiders_404_on_edit_and_changes_nothing(api, stranger_admin, case):
    response = api.as_user(stranger_admin).patch(
        url(case.reference), {"age_band": "21-23"}, format="json"
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.age_band == "unknown"
    assert AuditEvent.objects.filter(action="case.update_denied", outcome="denied").exists()


def test_it_refuses_pii_on_update_without_echo_and_keeps_the_old_text(api, owner_caseworker, case):
    before = case.summary_ct
    response = api.as_user(owner_caseworker).patch(
        url(case.reference),
        {"summary": "Reach her at lan.tran@example.com", "age_band": "21-23"},
        format="json",
    )
    assert response.status_code == 400
    assert "lan.tran@example.com" not in response.content.decode()
    case.refresh_from_db()
    assert case.summary_ct == before
    assert case.age_band == "unknown"


def test_it_refuses_a_future_month_on_update(api, owner_caseworker, case):
    response = api.as_user(owner_caseworker).patch(
        url(case.reference), {"reported_month": "2999-01"}, format="json"
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.reported_month == date(2025, 3, 1)


@pytest.mark.parametrize("field", ["reference", "organisation", "created_by"])
def test_it_refuses_server_set_fields_on_update(api, owner_caseworker, case, field):
    response = api.as_user(owner_caseworker).patch(
        url(case.reference), {field: "stranger-org"}, format="json"
    )
    assert response.status_code == 400
    assert CaseSummary.objects.get(pk=case.pk).reference == case.reference


# --- delete ---------------------------------------------------------------------------


def test_it_lets_owner_admins_delete(api, owner_admin, case):
    response = api.as_user(owner_admin).delete(url(case.reference))
    assert response.status_code == 204
    assert not CaseSummary.objects.exists()
    assert not CaseCategory.objects.exists()
    assert AuditEvent.objects.filter(action="case.delete", object_id=case.reference).exists()


def test_it_lets_the_author_delete(api, owner_caseworker, case):
    assert api.as_user(owner_caseworker).delete(url(case.reference)).status_code == 204


def test_it_refuses_deletion_by_another_caseworker_of_the_owner_with_403(api, owner_org, case):
    colleague = member(owner_org, "caseworker", "owner.colleague")
    response = api.as_user(colleague).delete(url(case.reference))
    assert response.status_code == 403
    assert CaseSummary.objects.filter(pk=case.pk).exists()
    assert AuditEvent.objects.filter(action="case.delete_denied", outcome="denied").exists()


def test_it_gives_outsiders_404_on_delete(api, stranger_admin, case):
    assert api.as_user(stranger_admin).delete(url(case.reference)).status_code == 404
    assert CaseSummary.objects.filter(pk=case.pk).exists()


AUDIT_EVENTS = "/api/v1/audit/events/"


def test_it_hides_the_owner_of_a_refused_case_from_the_callers_admin(
    api, stranger_caseworker, stranger_admin, network_coordinator, case
):
    """The admin sees that its member was refused, not whether the case exists or who holds
    it; a coordinator sees the owner."""
    api.as_user(stranger_caseworker).get(f"/api/v1/cases/{case.reference}/")
    admin_rows = (
        api.as_user(stranger_admin)
        .get("/api/v1/audit/events/", {"action": "case.read_denied"})
        .json()
    )
    assert [(r["organisation"], r["details"]) for r in admin_rows["results"]] == [
        ("stranger-org", {})
    ]
    coord_rows = (
        api.as_user(network_coordinator)
        .get("/api/v1/audit/events/", {"action": "case.read_denied"})
        .json()
    )
    assert coord_rows["results"][0]["details"] == {"owner": "owner-org"}
