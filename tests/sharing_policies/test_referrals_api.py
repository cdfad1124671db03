"""/api/v1/referrals/: a share plus pending -> accepted | declined, withdrawn, completed."""

from __future__ import annotations

import pytest

from coord.audit.models import AuditEvent
from sharing_policies.models import CaseShare, Referral
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db

URL = "/api/v1/referrals/"


@pytest.fixture
def referral(api, case, owner_caseworker, grantee_org):
    response = api.as_user(owner_caseworker).post(
        URL,
        {
            "case": case.reference,
            "to_organisation": "grantee-org",
            "reason": "legal",
            "message": "Needs advice on recovering withheld wages.",
            "valid_until": str(days(30)),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def act(api, user, referral, action):
    body = {"reason": "We have no shelter places this month."} if action == "decline" else {}
    return api.as_user(user).post(f"{URL}{referral['id']}/{action}/", body, format="json")


def test_it_refers_a_case_with_a_share(referral, case):
    assert referral["status"] == "pending"
    assert referral["message"] == "Needs advice on recovering withheld wages."
    share = CaseShare.objects.get(public_id=referral["share"])
    assert share.case == case
    assert AuditEvent.objects.filter(action="referral.create", object_id=case.reference).exists()


def test_it_stores_the_message_encrypted(referral):
    stored = Referral.objects.get(public_id=referral["id"])
    assert "withheld" not in stored.message_ct


def test_it_shows_the_referred_case_to_the_receiver(api, referral, case, grantee_caseworker):
    assert (
        api.as_user(grantee_caseworker).get(f"/api/v1/cases/{case.reference}/").status_code == 200
    )


def test_it_lists_incoming_and_outgoing(api, referral, grantee_caseworker, owner_caseworker):
    incoming = api.as_user(grantee_caseworker).get(URL, {"direction": "incoming"}).json()
    outgoing = api.as_user(owner_caseworker).get(URL, {"direction": "outgoing"}).json()
    assert [r["id"] for r in incoming["results"]] == [referral["id"]]
    assert [r["id"] for r in outgoing["results"]] == [referral["id"]]


def test_it_hides_referrals_from_strangers(api, referral, stranger_admin):
    assert api.as_user(stranger_admin).get(URL).json()["count"] == 0
    assert act(api, stranger_admin, referral, "accept").status_code == 404


def test_it_refuses_a_message_with_pii(api, case, owner_caseworker, grantee_org):
    response = api.as_user(owner_caseworker).post(
        URL,
        {
            "case": case.reference,
            "to_organisation": "grantee-org",
            "reason": "legal",
            "message": "Her e-mail is jane@example.org",
            "valid_until": str(days(30)),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "message" in response.json()["fields"]
    assert not CaseShare.objects.exists()


def test_it_refuses_an_unknown_reason(api, case, owner_caseworker, grantee_org):
    response = api.as_user(owner_caseworker).post(
        URL,
        {
            "case": case.reference,
            "to_organisation": "grantee-org",
            "reason": "party",
            "valid_until": str(days(30)),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]


def test_it_refuses_to_refer_a_case_of_another_organisation(
    api, case, stranger_caseworker, grantee_org
):
    response = api.as_user(stranger_caseworker).post(
        URL,
        {
            "case": case.reference,
            "to_organisation": "grantee-org",
            "reason": "legal",
            "valid_until": str(days(30)),
        },
        format="json",
    )
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_it_accepts_then_completes(api, referral, grantee_caseworker, owner_caseworker):
    assert act(api, grantee_caseworker, referral, "accept").json()["status"] == "accepted"
    assert act(api, grantee_caseworker, referral, "complete").json()["status"] == "completed"
    assert AuditEvent.objects.filter(action="referral.complete").exists()


def test_it_declines_and_ends_the_share(api, referral, case, grantee_caseworker):
    assert act(api, grantee_caseworker, referral, "decline").json()["status"] == "declined"
    assert CaseShare.objects.get(public_id=referral["share"]).revoked_at is not None
    assert (
        api.as_user(grantee_caseworker).get(f"/api/v1/cases/{case.reference}/").status_code == 404
    )


def test_a_decline_without_a_reason_is_refused(api, referral, grantee_caseworker):
    response = api.as_user(grantee_caseworker).post(
        f"{URL}{referral['id']}/decline/", {}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    assert Referral.objects.get(public_id=referral["id"]).status == "pending"


def test_a_decline_reason_with_a_phone_number_is_refused(api, referral, grantee_caseworker):
    response = api.as_user(grantee_caseworker).post(
        f"{URL}{referral['id']}/decline/", {"reason": "Call 012 345 678 first."}, format="json"
    )
    assert response.status_code == 400
    assert "012 345 678" not in response.content.decode()


def test_the_sender_reads_the_decline_reason(api, referral, grantee_caseworker, owner_caseworker):
    act(api, grantee_caseworker, referral, "decline")
    rows = api.as_user(owner_caseworker).get(URL + "?direction=outgoing").json()["results"]
    assert rows[0]["decline_reason"] == "We have no shelter places this month."
    assert AuditEvent.objects.filter(action="referral.decrypt").exists()


def test_an_undeclined_referral_has_no_decline_reason(referral):
    assert referral["decline_reason"] is None


def test_it_lets_the_sender_withdraw(api, referral, owner_caseworker):
    assert act(api, owner_caseworker, referral, "withdraw").json()["status"] == "withdrawn"
    assert CaseShare.objects.get(public_id=referral["share"]).revoked_at is not None


def test_it_refuses_the_sender_accepting_its_own_referral(api, referral, owner_caseworker):
    assert act(api, owner_caseworker, referral, "accept").status_code == 403


def test_it_refuses_the_receiver_withdrawing(api, referral, grantee_caseworker):
    assert act(api, grantee_caseworker, referral, "withdraw").status_code == 403


@pytest.mark.parametrize(
    ("steps", "then", "expected"),
    [
        (["accept"], "accept", 409),
        (["decline"], "accept", 409),
        ([], "complete", 409),
        (["accept", "complete"], "decline", 409),
    ],
)
def test_it_refuses_transitions_out_of_order(
    api, referral, grantee_caseworker, steps, then, expected
):
    for step in steps:
        assert act(api, grantee_caseworker, referral, step).status_code == 200
    assert act(api, grantee_caseworker, referral, then).status_code == expected
