"""Passwords over the API: change your own (POST /api/v1/me/password/), an admin's
one-time reset code for a member, the second-factor reset, and the 403
``password_change_required`` an account meets until it has chosen its own password."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from coord.audit.models import AuditEvent
from coord.organisations.models import Membership, PasswordState
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

CHANGE = "/api/v1/me/password/"
RESET = "/api/v1/organisations/{slug}/members/{username}/reset/"
SECOND_FACTOR = "/api/v1/organisations/{slug}/members/{username}/second-factor/reset/"
NEW_PASSWORD = "a-brand-new-passphrase"


def _token_client(username: str, password: str = TEST_PASSWORD) -> tuple[APIClient, str]:
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client, token


def _reset_code(api, admin, username: str = "owner.caseworker") -> str:
    response = api.as_user(admin).post(RESET.format(slug="owner-org", username=username))
    assert response.status_code == 200, response.content
    return response.json()["code"]


# Change your own password


def test_it_changes_the_password_with_the_current_one(owner_caseworker):
    client, _ = _token_client("owner.caseworker")
    response = client.post(
        CHANGE, {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 204
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.check_password(NEW_PASSWORD)


def test_it_refuses_a_wrong_current_password(owner_caseworker):
    client, _ = _token_client("owner.caseworker")
    response = client.post(
        CHANGE, {"current_password": "not-it-at-all", "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert "current_password" in response.json()["fields"]
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.check_password(TEST_PASSWORD)


def test_it_applies_djangos_password_validators(owner_caseworker):
    client, _ = _token_client("owner.caseworker")
    response = client.post(
        CHANGE, {"current_password": TEST_PASSWORD, "new_password": "12345678"}, format="json"
    )
    assert response.status_code == 400
    assert "new_password" in response.json()["fields"]


def test_it_revokes_the_other_tokens_and_keeps_the_current_one(owner_caseworker):
    other, _ = _token_client("owner.caseworker")
    current, _ = _token_client("owner.caseworker")
    current.post(
        CHANGE, {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )
    assert other.get("/api/v1/me/").status_code == 401
    assert current.get("/api/v1/me/").status_code == 200
    assert AuthToken.objects.filter(user=owner_caseworker).count() == 1


def test_it_audits_the_change(owner_caseworker):
    client, _ = _token_client("owner.caseworker")
    client.post(
        CHANGE, {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )
    event = AuditEvent.objects.get(action="auth.password_change")
    assert (event.actor_username, event.organisation) == ("owner.caseworker", "owner-org")


def test_it_throttles_password_changes_like_sign_in(monkeypatch, owner_caseworker):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "2/min"})
    client, _ = _token_client("owner.caseworker")
    body = {"current_password": "wrong-one-here", "new_password": NEW_PASSWORD}
    codes = [client.post(CHANGE, body, format="json").status_code for _ in range(3)]
    assert codes == [400, 400, 429]


# Password change required


def test_a_member_added_by_an_admin_must_change_the_first_password(api, owner_admin):
    api.as_user(owner_admin).post(
        "/api/v1/organisations/owner-org/members/",
        {"username": "new.worker", "password": TEST_PASSWORD, "role": "caseworker"},
        format="json",
    )
    client, _ = _token_client("new.worker")
    response = client.get("/api/v1/cases/")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"


def test_the_change_endpoint_stays_open_when_a_change_is_required(api, owner_admin):
    api.as_user(owner_admin).post(
        "/api/v1/organisations/owner-org/members/",
        {"username": "new.worker", "password": TEST_PASSWORD, "role": "caseworker"},
        format="json",
    )
    client, _ = _token_client("new.worker")
    response = client.post(
        CHANGE, {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 204
    assert client.get("/api/v1/cases/").status_code == 200


def test_a_change_must_pick_a_different_password(owner_caseworker):
    client, _ = _token_client("owner.caseworker")
    response = client.post(
        CHANGE, {"current_password": TEST_PASSWORD, "new_password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 400


# One-time reset codes


def test_an_admin_issues_a_one_time_code_that_signs_in(api, owner_admin, owner_caseworker):
    code = _reset_code(api, owner_admin)
    client, _ = _token_client("owner.caseworker", code)
    assert client.get("/api/v1/cases/").json()["code"] == "password_change_required"


def test_the_reset_stops_the_old_password_and_tokens_at_once(api, owner_admin, owner_caseworker):
    old, _ = _token_client("owner.caseworker")
    _reset_code(api, owner_admin)
    assert old.get("/api/v1/me/").status_code == 401
    owner_caseworker.refresh_from_db()
    assert not owner_caseworker.check_password(TEST_PASSWORD)


def test_the_code_is_never_stored_as_given(api, owner_admin, owner_caseworker):
    code = _reset_code(api, owner_admin)
    owner_caseworker.refresh_from_db()
    assert code not in owner_caseworker.password
    event = AuditEvent.objects.get(action="member.password_reset")
    assert code not in str(event.details)


def test_the_code_signs_in_only_once(api, owner_admin, owner_caseworker):
    code = _reset_code(api, owner_admin)
    _token_client("owner.caseworker", code)
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "owner.caseworker", "password": code}, format="json"
    )
    assert response.status_code == 401


def test_the_code_expires_after_24_hours(api, owner_admin, owner_caseworker):
    code = _reset_code(api, owner_admin)
    Membership.objects.filter(user=owner_caseworker).update(
        reset_expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "owner.caseworker", "password": code}, format="json"
    )
    assert response.status_code == 401


def test_the_code_expires_24_hours_after_it_was_issued(api, owner_admin, owner_caseworker):
    before = timezone.now()
    _reset_code(api, owner_admin)
    expires = Membership.objects.get(user=owner_caseworker).reset_expires_at
    assert timedelta(hours=24) <= expires - before < timedelta(hours=24, minutes=1)


def test_changing_the_password_after_a_code_ends_the_requirement(
    api, owner_admin, owner_caseworker
):
    code = _reset_code(api, owner_admin)
    client, _ = _token_client("owner.caseworker", code)
    client.post(CHANGE, {"current_password": code, "new_password": NEW_PASSWORD}, format="json")
    membership = Membership.objects.get(user=owner_caseworker)
    assert membership.password_state == PasswordState.OK


def test_the_reset_is_audited_without_the_code(api, owner_admin, owner_caseworker):
    _reset_code(api, owner_admin)
    event = AuditEvent.objects.get(action="member.password_reset")
    assert (event.actor_username, event.organisation, event.object_id) == (
        "owner.admin",
        "owner-org",
        "owner.caseworker",
    )


def test_an_admin_of_another_organisation_gets_404_for_a_reset(
    api, stranger_admin, owner_caseworker
):
    response = api.as_user(stranger_admin).post(
        RESET.format(slug="owner-org", username="owner.caseworker")
    )
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="member.reset_denied", outcome="denied").exists()


def test_a_caseworker_cannot_reset_a_colleague(api, owner_caseworker, owner_org):
    from coord.organisations.models import Role
    from tests.factories import member

    member(owner_org, Role.CASEWORKER, "colleague")
    response = api.as_user(owner_caseworker).post(
        RESET.format(slug="owner-org", username="colleague")
    )
    assert response.status_code == 403
    assert Membership.objects.get(user__username="colleague").password_state == "ok"


def test_an_admin_cannot_reset_their_own_password(api, owner_admin):
    response = api.as_user(owner_admin).post(RESET.format(slug="owner-org", username="owner.admin"))
    assert response.status_code == 403


def test_an_admin_gets_404_for_someone_outside_the_organisation(
    api, owner_admin, stranger_caseworker
):
    response = api.as_user(owner_admin).post(
        RESET.format(slug="owner-org", username="stranger.caseworker")
    )
    assert response.status_code == 404


def test_a_coordinator_resets_an_organisation_admin(api, network_coordinator, owner_admin):
    response = api.as_user(network_coordinator).post(
        RESET.format(slug="owner-org", username="owner.admin")
    )
    assert response.status_code == 200
    assert Membership.objects.get(user=owner_admin).password_state == "reset_issued"


def test_a_coordinator_gets_404_for_a_caseworker(api, network_coordinator, owner_caseworker):
    response = api.as_user(network_coordinator).post(
        RESET.format(slug="owner-org", username="owner.caseworker")
    )
    assert response.status_code == 404


# Second factor


def _enrol(user) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    StaticDevice.objects.create(user=user, name="recovery", confirmed=True)


def test_an_admin_resets_a_members_second_factor(api, owner_admin, owner_caseworker):
    from django_otp import user_has_device

    _enrol(owner_caseworker)
    response = api.as_user(owner_admin).post(
        SECOND_FACTOR.format(slug="owner-org", username="owner.caseworker")
    )
    assert response.status_code == 204
    assert not user_has_device(owner_caseworker, confirmed=None)
    assert AuditEvent.objects.filter(action="member.second_factor_reset").exists()


def test_an_admin_of_another_organisation_gets_404_for_a_second_factor_reset(
    api, stranger_admin, owner_caseworker
):
    from django_otp import user_has_device

    _enrol(owner_caseworker)
    response = api.as_user(stranger_admin).post(
        SECOND_FACTOR.format(slug="owner-org", username="owner.caseworker")
    )
    assert response.status_code == 404
    assert user_has_device(owner_caseworker, confirmed=True)
