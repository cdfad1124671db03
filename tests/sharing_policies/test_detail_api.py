"""GET one access request, share or referral: for the parties only (404 for anyone else,
as for an id that does not exist)."""

from __future__ import annotations

import uuid

import pytest

from coord.audit.models import AuditEvent
from sharing_policies import services
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db
NOT_FOUND = {"code": "not_found", "detail": "Not found."}


def _get(api, user, url):
    return api.as_user(user).get(url)


@pytest.mark.parametrize("reader", ["grantee_admin", "owner_admin"])
def test_it_shows_an_access_request_to_both_organisations_admins(
    api, make_request, reader, request
):
    access_request = make_request(purpose="Cross-border case coordination.")
    response = _get(
        api, request.getfixturevalue(reader), f"/api/v1/access-requests/{access_request.public_id}/"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["purpose"]) == (
        str(access_request.public_id),
        "Cross-border case coordination.",
    )


def test_it_hides_an_access_request_from_a_third_organisation(api, make_request, stranger_admin):
    access_request = make_request()
    response = _get(api, stranger_admin, f"/api/v1/access-requests/{access_request.public_id}/")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert AuditEvent.objects.filter(action="access_request.read_denied").exists()


def test_it_answers_an_unknown_access_request_as_a_hidden_one(api, grantee_admin):
    response = _get(api, grantee_admin, f"/api/v1/access-requests/{uuid.uuid4()}/")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_it_keeps_access_requests_from_caseworkers(api, make_request, grantee_caseworker):
    access_request = make_request()
    response = _get(api, grantee_caseworker, f"/api/v1/access-requests/{access_request.public_id}/")
    assert response.status_code == 403


def test_it_shows_a_share_to_the_owning_organisation(api, case, make_share, owner_caseworker):
    share = make_share(case)
    response = _get(
        api, owner_caseworker, f"/api/v1/cases/{case.reference}/shares/{share.public_id}/"
    )
    assert response.status_code == 200
    assert response.json()["id"] == str(share.public_id)


def test_it_hides_a_share_from_a_third_organisation(api, case, make_share, stranger_admin):
    share = make_share(case)
    url = f"/api/v1/cases/{case.reference}/shares/{share.public_id}/"
    response = _get(api, stranger_admin, url)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_it_refuses_the_partner_the_shares_of_a_case_it_reads(api, case, make_share, grantee_admin):
    """The partner knows the case (it reads it through the share), so as for the list of
    shares: 403, not 404."""
    share = make_share(case)
    url = f"/api/v1/cases/{case.reference}/shares/{share.public_id}/"
    assert _get(api, grantee_admin, url).status_code == 403


def test_it_hides_a_share_named_under_another_case(api, make_case, make_share, owner_admin):
    case, other = make_case(), make_case()
    share = make_share(case)
    response = _get(api, owner_admin, f"/api/v1/cases/{other.reference}/shares/{share.public_id}/")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


@pytest.fixture
def referral(case, owner_caseworker, grantee_org):
    return services.referral_create(
        actor=owner_caseworker,
        case=case,
        to_organisation=grantee_org,
        reason="shelter",
        message="Needs a shelter place this week.",
        valid_until=days(10),
    )


@pytest.mark.parametrize("reader", ["owner_caseworker", "grantee_caseworker"])
def test_it_shows_a_referral_to_both_organisations(api, referral, reader, request):
    response = _get(
        api, request.getfixturevalue(reader), f"/api/v1/referrals/{referral.public_id}/"
    )
    assert response.status_code == 200
    assert response.json()["message"] == "Needs a shelter place this week."


def test_it_hides_a_referral_from_a_third_organisation(api, referral, stranger_caseworker):
    response = _get(api, stranger_caseworker, f"/api/v1/referrals/{referral.public_id}/")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_the_receivers_read_of_a_referral_is_audited(api, referral, grantee_caseworker):
    assert (
        _get(api, grantee_caseworker, f"/api/v1/referrals/{referral.public_id}/").status_code == 200
    )
    assert AuditEvent.objects.filter(
        action="referral.decrypt", actor_username="grantee.caseworker"
    ).exists()
