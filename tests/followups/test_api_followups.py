"""Follow-ups over the API: the owner writes them, the PII guard refuses identifiers
without echoing them, notes are encrypted, partners read them only under narrative access
and never the ``note`` kind, and everyone else gets the 404 of a missing case."""

from __future__ import annotations

import pytest

from coord.audit.models import AuditEvent
from coord.followups.models import FollowUp
from sharing_policies.models import SharingGrant
from tests.followups.conftest import NOTE, PHONE, days

pytestmark = pytest.mark.django_db


def _url(case) -> str:
    return f"/api/v1/cases/{case.reference}/follow-ups/"


def _body(**overrides) -> dict:
    return {"kind": "visit", "due_date": days(5).isoformat(), "note": NOTE, **overrides}


def test_it_creates_a_follow_up_for_the_owner(api, case, owner_caseworker):
    response = api.as_user(owner_caseworker).post(_url(case), _body(), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["kind"], data["status"], data["note"]) == ("visit", "planned", NOTE)
    assert data["note_state"] == "available"
    assert FollowUp.objects.get().public_id.hex == data["id"].replace("-", "")


def test_it_stores_the_note_only_as_ciphertext(api, case, owner_caseworker):
    api.as_user(owner_caseworker).post(_url(case), _body(), format="json")
    stored = FollowUp.objects.get().note_ct
    assert stored
    assert NOTE not in stored
    assert "settled" not in stored


def test_it_audits_the_creation_without_the_note(api, case, owner_caseworker):
    api.as_user(owner_caseworker).post(_url(case), _body(), format="json")
    event = AuditEvent.objects.get(action="followup.create")
    assert event.object_id == case.reference
    assert event.details["kind"] == "visit"
    assert "settled" not in str(event.details)


def test_it_refuses_a_phone_number_in_the_note_without_echoing_it(api, case, owner_caseworker):
    note = f"Her brother answers on {PHONE} in the evening."
    response = api.as_user(owner_caseworker).post(_url(case), _body(note=note), format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["note"][0]["code"] == "pii_detected"
    assert PHONE not in response.content.decode()
    assert "345" not in response.content.decode()
    assert not FollowUp.objects.exists()


def test_the_service_refuses_pii_even_without_the_serializer(case, make_followup):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        make_followup(note=f"call {PHONE}")
    assert PHONE not in str(caught.value)
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    "field, value", [("kind", "lunch"), ("status", "maybe"), ("due_date", "next week")]
)
def test_it_refuses_a_value_outside_the_list(api, case, owner_caseworker, field, value):
    response = api.as_user(owner_caseworker).post(
        _url(case), _body(**{field: value}), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not FollowUp.objects.exists()


def test_it_lists_every_kind_to_the_owner(api, case, owner_caseworker, make_followup):
    make_followup(kind="visit")
    make_followup(kind="note")
    response = api.as_user(owner_caseworker).get(_url(case))
    assert response.status_code == 200
    assert sorted(r["kind"] for r in response.json()["results"]) == ["note", "visit"]


def test_it_marks_a_planned_follow_up_past_its_date_overdue(
    api, case, owner_caseworker, make_followup
):
    make_followup(due=days(-1))
    make_followup(due=days(-1), status="done")
    rows = api.as_user(owner_caseworker).get(_url(case)).json()["results"]
    assert sorted(r["overdue"] for r in rows) == [False, True]


def test_it_lists_with_a_fixed_number_of_queries(
    api, case, owner_caseworker, make_followup, django_assert_max_num_queries
):
    for _ in range(3):
        make_followup()
    client = api.as_user(owner_caseworker)
    client.get(_url(case))  # warm the key cache
    with django_assert_max_num_queries(8) as few:
        client.get(_url(case))
    for _ in range(10):
        make_followup()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(_url(case)).json()["results"]) == 13


def test_it_changes_a_follow_up_by_its_public_id(api, case, owner_caseworker, make_followup):
    followup = make_followup()
    response = api.as_user(owner_caseworker).patch(
        f"{_url(case)}{followup.public_id}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    event = AuditEvent.objects.get(action="followup.update")
    assert event.details["fields"] == ["status"]


def test_it_refuses_an_integer_id(api, case, owner_caseworker, make_followup):
    followup = make_followup()
    response = api.as_user(owner_caseworker).patch(
        f"{_url(case)}{followup.pk}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 404


def test_it_refuses_a_follow_up_of_another_case(
    api, case, owner_caseworker, owner_org, make_followup
):
    from coord.cases.services import case_create

    other = case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": days(-40).replace(day=1), "region": "KH-12"},
    )
    followup = make_followup(on=other)
    response = api.as_user(owner_caseworker).patch(
        f"{_url(case)}{followup.public_id}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 404


def test_it_refuses_pii_on_change_too(api, case, owner_caseworker, make_followup):
    followup = make_followup()
    response = api.as_user(owner_caseworker).patch(
        f"{_url(case)}{followup.public_id}/", {"note": f"ring {PHONE}"}, format="json"
    )
    assert response.status_code == 400
    assert PHONE not in response.content.decode()


# --- other organisations ------------------------------------------------------------


def test_it_hides_follow_ups_from_a_stranger_and_audits_it(
    api, case, stranger_caseworker, make_followup
):
    make_followup()
    response = api.as_user(stranger_caseworker).get(_url(case))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert AuditEvent.objects.filter(action="case.read_denied", outcome="denied").exists()


def test_a_stranger_gets_the_same_answer_as_for_a_missing_case(api, case, stranger_caseworker):
    seen = api.as_user(stranger_caseworker).get(_url(case))
    missing = api.get("/api/v1/cases/C-0000000000/follow-ups/")
    assert (seen.status_code, seen.json()) == (missing.status_code, missing.json())


def test_a_stranger_cannot_add_one(api, case, stranger_caseworker):
    response = api.as_user(stranger_caseworker).post(_url(case), _body(), format="json")
    assert response.status_code == 404
    assert not FollowUp.objects.exists()


def test_a_coordinator_is_refused_at_the_door(api, case, network_coordinator):
    assert api.as_user(network_coordinator).get(_url(case)).status_code == 403


def test_a_summaries_grant_does_not_show_follow_ups(
    api, case, grantee_caseworker, make_grant, make_followup
):
    make_followup()
    make_grant(scope="summaries")
    assert (
        api.as_user(grantee_caseworker).get(f"/api/v1/cases/{case.reference}/").status_code == 200
    )
    response = api.as_user(grantee_caseworker).get(_url(case))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="followup.read_denied").exists()


def test_a_narratives_grant_shows_follow_ups_but_not_notes(
    api, case, grantee_caseworker, make_grant, make_followup
):
    make_followup(kind="visit")
    make_followup(kind="note", note="Internal: discuss at the team meeting.")
    make_grant(scope="narratives")
    response = api.as_user(grantee_caseworker).get(_url(case))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["kind"] for r in rows] == ["visit"]
    assert rows[0]["note"] == NOTE
    assert rows[0]["created_by"] is None


def test_a_partner_read_of_notes_is_audited(
    api, case, grantee_caseworker, make_grant, make_followup
):
    followup = make_followup()
    make_grant(scope="narratives")
    api.as_user(grantee_caseworker).get(_url(case))
    event = AuditEvent.objects.get(action="followup.decrypt")
    assert event.organisation == "owner-org"
    assert event.actor_organisation == "grantee-org"
    assert event.details["follow_ups"] == [str(followup.public_id)]


def test_an_owner_read_is_not_audited_as_a_decryption(api, case, owner_caseworker, make_followup):
    make_followup()
    api.as_user(owner_caseworker).get(_url(case))
    assert not AuditEvent.objects.filter(action="followup.decrypt").exists()


def test_a_revoked_grant_stops_showing_follow_ups(
    api, case, grantee_caseworker, make_grant, make_followup
):
    from django.utils import timezone

    make_followup()
    grant = make_grant(scope="narratives")
    SharingGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    assert api.as_user(grantee_caseworker).get(_url(case)).status_code == 404


def test_a_share_with_the_narrative_shows_follow_ups(
    api, case, grantee_caseworker, make_share, make_followup
):
    make_followup()
    make_share(case, include_narrative=True)
    response = api.as_user(grantee_caseworker).get(_url(case))
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_a_share_without_the_narrative_does_not(
    api, case, grantee_caseworker, make_share, make_followup
):
    make_followup()
    make_share(case, include_narrative=False)
    assert api.as_user(grantee_caseworker).get(_url(case)).status_code == 404


def test_a_partner_cannot_add_or_change_follow_ups(
    api, case, grantee_caseworker, make_grant, make_followup
):
    followup = make_followup()
    make_grant(scope="narratives")
    client = api.as_user(grantee_caseworker)
    assert client.post(_url(case), _body(), format="json").status_code == 403
    patched = client.patch(f"{_url(case)}{followup.public_id}/", {"status": "done"}, format="json")
    assert patched.status_code == 403
    followup.refresh_from_db()
    assert followup.status == "planned"


@pytest.mark.parametrize(
    "field, value",
    [("organisation", "stranger-org"), ("created_by", 1), ("id", "x"), ("note_ct", "v1.x")],
)
def test_it_refuses_a_server_set_field(api, case, owner_caseworker, field, value):
    response = api.as_user(owner_caseworker).post(
        _url(case), _body(**{field: value}), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not FollowUp.objects.exists()
