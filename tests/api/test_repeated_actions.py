"""Every state change repeated answers the same way (docs/api.md "Repeated state changes"):
a 409 with the operation's own code, the object unchanged and no second success audited;
a delete of something gone is 404; marking a notification read again is 200."""

from __future__ import annotations

import pytest

from coord.audit.models import AuditEvent
from sharing_policies import services
from sharing_policies.models import Notification
from tests.api.contract import check, check_error
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(case, owner_caseworker, grantee_org):
    return services.referral_create(
        actor=owner_caseworker,
        case=case,
        to_organisation=grantee_org,
        reason="shelter",
        valid_until=days(10),
    )


def _request_action(action, actor):
    def setup(f):
        return f"/api/v1/access-requests/{f('make_request')().public_id}/{action}/", actor

    return setup


def _referral_action(action, actor, before=()):
    def setup(f):
        referral = f("referral")
        for step in before:
            services.referral_transition(
                actor=f("grantee_caseworker"), referral=referral, action=step
            )
        return f"/api/v1/referrals/{referral.public_id}/{action}/", actor

    return setup


def _grant_revoke(f):
    return f"/api/v1/grants/{f('make_grant')().public_id}/revoke/", "owner_admin"


ACTIONS = {
    "approve": (_request_action("approve", "owner_admin"), "request_not_pending"),
    "deny": (_request_action("deny", "owner_admin"), "request_not_pending"),
    "withdraw a request": (_request_action("withdraw", "grantee_admin"), "request_not_pending"),
    "revoke a grant": (_grant_revoke, "grant_already_revoked"),
    "accept": (_referral_action("accept", "grantee_caseworker"), "referral_not_pending"),
    "decline": (_referral_action("decline", "grantee_caseworker"), "referral_not_pending"),
    "complete": (
        _referral_action("complete", "grantee_caseworker", before=["accept"]),
        "referral_closed",
    ),
    "withdraw a referral": (
        _referral_action("withdraw", "owner_caseworker"),
        "referral_closed",
    ),
}


# A decline needs its reason (issue 18), the same both times.
BODIES = {"decline": {"reason": "We have no place for another case this month."}}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_a_repeated_action_answers_409_with_its_own_code(api, request, name):
    setup, code = ACTIONS[name]
    path, actor = setup(request.getfixturevalue)
    client = api.as_user(request.getfixturevalue(actor))
    body = BODIES.get(name, {})
    first = client.post(path, body, format="json")
    assert first.status_code in (200, 201), first.json()
    events = AuditEvent.objects.filter(outcome="allowed").count()
    again = client.post(path, body, format="json")
    assert again.status_code == 409
    assert check_error(again)["code"] == code
    assert AuditEvent.objects.filter(outcome="allowed").count() == events


def test_a_repeated_share_revocation_answers_409(api, case, make_share, owner_admin):
    share = make_share(case)
    path = f"/api/v1/cases/{case.reference}/shares/{share.public_id}/"
    client = api.as_user(owner_admin)
    assert client.delete(path).status_code == 204
    again = client.delete(path)
    assert again.status_code == 409
    assert check(again, "DELETE", "/api/v1/cases/{reference}/shares/{share_id}/")["code"] == (
        "share_already_revoked"
    )


def test_completing_a_pending_referral_is_not_possible_yet(api, referral, grantee_caseworker):
    response = api.as_user(grantee_caseworker).post(
        f"/api/v1/referrals/{referral.public_id}/complete/", {}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "referral_not_accepted")


@pytest.mark.parametrize("closed_by", ["decline", "withdraw"])
def test_completing_a_closed_referral_says_it_is_closed(
    api, referral, grantee_caseworker, owner_caseworker, closed_by
):
    actor = grantee_caseworker if closed_by == "decline" else owner_caseworker
    services.referral_transition(actor=actor, referral=referral, action=closed_by)
    response = api.as_user(grantee_caseworker).post(
        f"/api/v1/referrals/{referral.public_id}/complete/", {}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "referral_closed")


def test_a_repeated_delete_of_a_case_answers_404(api, case, owner_admin):
    client = api.as_user(owner_admin)
    assert client.delete(f"/api/v1/cases/{case.reference}/").status_code == 204
    assert client.delete(f"/api/v1/cases/{case.reference}/").status_code == 404


def test_a_repeated_member_removal_answers_404(api, owner_admin, owner_caseworker):
    path = "/api/v1/organisations/owner-org/members/owner.caseworker/"
    client = api.as_user(owner_admin)
    assert client.delete(path).status_code == 204
    assert client.delete(path).status_code == 404


def test_marking_a_notification_read_again_changes_nothing(api, make_request, owner_admin):
    make_request()
    notification = Notification.objects.filter(recipient_user=owner_admin).first()
    path = f"/api/v1/notifications/{notification.public_id}/read/"
    client = api.as_user(owner_admin)
    first = client.post(path, {}, format="json")
    again = client.post(path, {}, format="json")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["read_at"] == first.json()["read_at"]
