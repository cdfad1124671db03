"""/api/v1/grants/: listing by direction, revoking, and end dates checked at query time."""

from __future__ import annotations

import pytest

from coord.audit.models import AuditEvent
from sharing_policies.access import cases as policy
from sharing_policies.models import Notification, SharingGrant
from tests.factories import readable_fields
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db

URL = "/api/v1/grants/"


def ids(response) -> list[str]:
    return [row["id"] for row in response.json()["results"]]


def test_it_lists_given_and_received_grants(api, make_grant, owner_admin, grantee_caseworker):
    grant = make_grant()
    assert ids(api.as_user(owner_admin).get(URL, {"direction": "given"})) == [str(grant.public_id)]
    assert ids(api.as_user(owner_admin).get(URL, {"direction": "received"})) == []
    received = api.as_user(grantee_caseworker).get(URL, {"direction": "received"})
    assert ids(received) == [str(grant.public_id)]


def test_it_hides_grants_from_other_organisations(api, make_grant, stranger_admin):
    make_grant()
    assert ids(api.as_user(stranger_admin).get(URL)) == []


def test_it_refuses_coordinators_the_grant_list(api, network_coordinator):
    assert api.as_user(network_coordinator).get(URL).status_code == 403


def test_it_refuses_an_unknown_direction(api, owner_admin):
    assert api.as_user(owner_admin).get(URL, {"direction": "up"}).status_code == 400


def test_it_reports_an_expired_grant_as_expired_before_the_task_runs(api, make_grant, owner_admin):
    make_grant(until=days(-1))
    assert api.as_user(owner_admin).get(URL).json()["results"][0]["state"] == "expired"


def test_it_revokes_and_audits(api, make_grant, owner_admin):
    grant = make_grant()
    response = api.as_user(owner_admin).post(f"{URL}{grant.public_id}/revoke/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "revoked"
    assert AuditEvent.objects.filter(action="grant.revoke", object_id=str(grant.public_id)).exists()
    assert Notification.objects.filter(kind="grant_revoked").exists()


def test_it_stops_a_revoked_grant_on_the_next_request(
    api, case, make_grant, owner_admin, grantee_caseworker
):
    grant = make_grant()
    assert (
        api.as_user(grantee_caseworker).get(f"/api/v1/cases/{case.reference}/").status_code == 200
    )
    api.as_user(owner_admin).post(f"{URL}{grant.public_id}/revoke/", {}, format="json")
    assert (
        api.as_user(grantee_caseworker).get(f"/api/v1/cases/{case.reference}/").status_code == 404
    )


def test_it_refuses_to_revoke_twice(api, make_grant, owner_admin):
    grant = make_grant()
    api.as_user(owner_admin).post(f"{URL}{grant.public_id}/revoke/", {}, format="json")
    again = api.as_user(owner_admin).post(f"{URL}{grant.public_id}/revoke/", {}, format="json")
    assert again.status_code == 409


def test_it_lets_only_the_granting_admin_revoke(
    api, make_grant, owner_caseworker, grantee_admin, stranger_admin, network_coordinator
):
    grant = make_grant()
    url = f"{URL}{grant.public_id}/revoke/"
    assert api.as_user(owner_caseworker).post(url, {}, format="json").status_code == 403
    assert api.as_user(grantee_admin).post(url, {}, format="json").status_code == 403
    assert api.as_user(stranger_admin).post(url, {}, format="json").status_code == 404
    assert api.as_user(network_coordinator).post(url, {}, format="json").status_code == 404
    assert SharingGrant.objects.get(pk=grant.pk).revoked_at is None
    assert AuditEvent.objects.filter(action="grant.revoke_denied", outcome="denied").count() == 4


def test_it_denies_with_an_expired_grant_before_the_beat_task_runs(
    case, make_grant, grantee_caseworker
):
    grant = make_grant(until=days(-1))
    assert not SharingGrant.objects.get(pk=grant.pk).expired  # the task has not run
    assert not policy.visible_cases(grantee_caseworker, scope="shared").exists()
    assert readable_fields(grantee_caseworker, case) == set()


def test_it_still_shows_a_grant_on_its_last_day(case, make_grant, grantee_caseworker):
    make_grant(until=days(0))
    assert policy.visible_cases(grantee_caseworker, scope="shared").exists()
