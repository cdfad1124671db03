import pytest
from knox.models import AuthToken

from coord.audit.models import AuditEvent
from coord.organisations.models import Membership, Role

URL = "/api/v1/organisations/{slug}/members/"


def test_it_lists_members_for_the_organisations_admin(api, owner_admin, owner_caseworker):
    response = api.as_user(owner_admin).get(URL.format(slug="owner-org"))
    assert response.status_code == 200
    names = {m["username"] for m in response.json()["results"]}
    assert names == {"owner.admin", "owner.caseworker"}


def test_it_gives_404_to_another_organisations_admin(api, owner_org, stranger_admin):
    response = api.as_user(stranger_admin).get(URL.format(slug="owner-org"))
    assert response.status_code == 404


def test_it_audits_another_organisations_admin_as_denied(api, owner_org, stranger_admin):
    api.as_user(stranger_admin).get(URL.format(slug="owner-org"))
    event = AuditEvent.objects.get(action="member.access_denied")
    assert (event.outcome, event.organisation, event.actor_username) == (
        "denied",
        "owner-org",
        "stranger.admin",
    )


def test_it_gives_403_to_the_organisations_caseworker(api, owner_caseworker):
    response = api.as_user(owner_caseworker).get(URL.format(slug="owner-org"))
    assert response.status_code == 403


def test_it_gives_404_to_a_coordinator(api, owner_org, network_coordinator):
    response = api.as_user(network_coordinator).get(URL.format(slug="owner-org"))
    assert response.status_code == 404


def test_it_gives_404_for_an_unknown_organisation(api, owner_admin):
    assert api.as_user(owner_admin).get(URL.format(slug="nope")).status_code == 404


def test_it_requires_sign_in(api, owner_org):
    assert api.get(URL.format(slug="owner-org")).status_code == 401


def test_it_lets_an_admin_add_a_member(api, owner_admin, owner_org):
    response = api.as_user(owner_admin).post(
        URL.format(slug="owner-org"),
        {"username": "new.caseworker", "password": "a-long-enough-pass", "role": "caseworker"},
        format="json",
    )
    assert response.status_code == 201
    membership = Membership.objects.get(user__username="new.caseworker")
    assert (membership.organisation, membership.role) == (owner_org, Role.CASEWORKER)


def test_it_audits_a_new_member_without_the_password(api, owner_admin):
    api.as_user(owner_admin).post(
        URL.format(slug="owner-org"),
        {"username": "new.caseworker", "password": "a-long-enough-pass", "role": "caseworker"},
        format="json",
    )
    event = AuditEvent.objects.get(action="member.create")
    assert "a-long-enough-pass" not in str(event.details)


def test_it_refuses_a_weak_password_with_a_field_error(api, owner_admin):
    response = api.as_user(owner_admin).post(
        URL.format(slug="owner-org"),
        {"username": "new.caseworker", "password": "123", "role": "caseworker"},
        format="json",
    )
    assert response.status_code == 400
    assert "password" in response.json()["fields"]
    assert not Membership.objects.filter(user__username="new.caseworker").exists()


def test_it_refuses_making_a_member_a_coordinator(api, owner_admin):
    response = api.as_user(owner_admin).post(
        URL.format(slug="owner-org"),
        {"username": "sneaky", "password": "a-long-enough-pass", "role": "coordinator"},
        format="json",
    )
    assert response.status_code == 400
    assert "role" in response.json()["fields"]


def test_it_lets_an_admin_change_a_role(api, owner_admin, owner_caseworker):
    response = api.as_user(owner_admin).patch(
        URL.format(slug="owner-org") + "owner.caseworker/", {"role": "admin"}, format="json"
    )
    assert response.status_code == 200
    assert Membership.objects.get(user=owner_caseworker).role == Role.ADMIN


def test_it_gives_404_when_another_admin_patches_a_member(api, owner_caseworker, stranger_admin):
    response = api.as_user(stranger_admin).patch(
        URL.format(slug="owner-org") + "owner.caseworker/", {"role": "admin"}, format="json"
    )
    assert response.status_code == 404
    assert Membership.objects.get(user=owner_caseworker).role == Role.CASEWORKER


def test_it_revokes_tokens_when_a_member_is_deactivated(api, owner_admin, owner_caseworker):
    AuthToken.objects.create(owner_caseworker)
    api.as_user(owner_admin).patch(
        URL.format(slug="owner-org") + "owner.caseworker/", {"active": False}, format="json"
    )
    assert not AuthToken.objects.filter(user=owner_caseworker).exists()


def test_it_removes_a_member_and_keeps_the_account_deactivated(api, owner_admin, owner_caseworker):
    response = api.as_user(owner_admin).delete(URL.format(slug="owner-org") + "owner.caseworker/")
    assert response.status_code == 204
    owner_caseworker.refresh_from_db()
    assert not owner_caseworker.is_active
    assert not Membership.objects.filter(user=owner_caseworker).exists()


def test_it_stops_an_admin_removing_themselves(api, owner_admin):
    response = api.as_user(owner_admin).delete(URL.format(slug="owner-org") + "owner.admin/")
    assert response.status_code == 403


@pytest.mark.parametrize("body", [{"role": "admin", "colour": "red"}, {"role": "boss"}])
def test_it_refuses_unknown_fields_and_values(api, owner_admin, owner_caseworker, body):
    response = api.as_user(owner_admin).patch(
        URL.format(slug="owner-org") + "owner.caseworker/", body, format="json"
    )
    assert response.status_code == 400


def test_it_audits_an_admins_attempt_on_their_own_membership_and_says_why(api, owner_admin):
    response = api.as_user(owner_admin).patch(
        URL.format(slug="owner-org") + "owner.admin/", {"role": "caseworker"}, format="json"
    )
    assert response.status_code == 403
    assert "their own role" in response.json()["detail"]
    event = AuditEvent.objects.get(action="member.change_denied")
    assert (event.outcome, event.object_id) == ("denied", owner_admin.username)
