"""ARCHITECTURE: every decryption for a reader outside the owning organisation is audited.
An access request's purpose belongs to the requesting organisation and a referral's
message to the sending one; the other side's reads leave ``<type>.decrypt`` events, one
append per page, and never the text itself."""

from __future__ import annotations

import pytest

from coord.audit.models import AuditEvent
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db

PURPOSE = "Plan legal aid for returnees from factory work."
MESSAGE = "Needs advice on recovering withheld wages."


@pytest.fixture
def asked(api, owner_org, grantee_admin):
    response = api.as_user(grantee_admin).post(
        "/api/v1/access-requests/",
        {
            "to_organisation": "owner-org",
            "scope": "summaries",
            "purpose": PURPOSE,
            "valid_until": str(days(60)),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.fixture
def referred(api, case, owner_caseworker, grantee_org):
    response = api.as_user(owner_caseworker).post(
        "/api/v1/referrals/",
        {
            "case": case.reference,
            "to_organisation": "grantee-org",
            "reason": "legal",
            "message": MESSAGE,
            "valid_until": str(days(30)),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def _decrypts(action: str):
    return AuditEvent.objects.filter(action=action)


def test_it_audits_the_purpose_read_by_the_receiving_admin(api, asked, owner_admin):
    listed = api.as_user(owner_admin).get("/api/v1/access-requests/").json()
    assert listed["results"][0]["purpose"] == PURPOSE
    event = _decrypts("access_request.decrypt").get()
    assert event.object_id == asked["id"]
    assert event.organisation == "grantee-org"  # the owner of the text
    assert event.actor_organisation == "owner-org"
    assert PURPOSE not in str(event.details)


def test_it_does_not_audit_the_requesters_own_purpose(api, asked, grantee_admin):
    api.as_user(grantee_admin).get("/api/v1/access-requests/")
    assert not _decrypts("access_request.decrypt").exists()


def test_it_audits_the_purpose_shown_on_the_sharing_page(client, asked, owner_admin):
    client.force_login(owner_admin)
    page = client.get("/sharing/")
    assert page.status_code == 200
    assert PURPOSE in page.content.decode()
    assert _decrypts("access_request.decrypt").count() == 1


def test_it_audits_the_message_read_by_the_receiving_organisation(
    api, referred, grantee_caseworker
):
    listed = api.as_user(grantee_caseworker).get("/api/v1/referrals/").json()
    assert listed["results"][0]["message"] == MESSAGE
    event = _decrypts("referral.decrypt").get()
    assert event.object_id == referred["id"]
    assert event.organisation == "owner-org"
    assert MESSAGE not in str(event.details)


def test_it_does_not_audit_the_senders_own_message(api, referred, owner_caseworker):
    api.as_user(owner_caseworker).get("/api/v1/referrals/")
    assert not _decrypts("referral.decrypt").exists()


def test_it_audits_a_page_of_messages_in_one_append(
    api, make_case, owner_caseworker, grantee_org, grantee_caseworker
):
    for _ in range(3):
        case = make_case()
        api.as_user(owner_caseworker).post(
            "/api/v1/referrals/",
            {
                "case": case.reference,
                "to_organisation": "grantee-org",
                "reason": "legal",
                "message": MESSAGE,
                "valid_until": str(days(30)),
            },
            format="json",
        )
    api.as_user(grantee_caseworker).get("/api/v1/referrals/")
    events = _decrypts("referral.decrypt")
    assert events.count() == 3
    assert len({e.request_id for e in events}) == 1
