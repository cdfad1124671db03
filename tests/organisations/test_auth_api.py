from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken

from coord.audit.models import AuditEvent
from tests.conftest import TEST_PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


def sign_in(api, username, password=TEST_PASSWORD):
    return api.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_it_issues_a_token_that_expires_in_eight_hours(api, owner_caseworker):
    response = sign_in(api, "owner.caseworker")
    assert response.status_code == 200
    token = AuthToken.objects.get(user=owner_caseworker)
    assert timedelta(hours=7, minutes=59) < token.expiry - timezone.now() <= timedelta(hours=8)
    assert response.json()["token"]


def test_it_reports_role_and_organisation_through_me(api, owner_caseworker):
    token = sign_in(api, "owner.caseworker").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json() == {
        "username": "owner.caseworker",
        "organisation": "owner-org",
        "role": "caseworker",
    }


def test_it_reports_a_coordinator_with_no_organisation(api, network_coordinator):
    assert api.as_user(network_coordinator).get("/api/v1/me/").json()["organisation"] is None


def test_it_refuses_a_wrong_password_with_401(api, owner_caseworker):
    assert sign_in(api, "owner.caseworker", "wrong").status_code == 401


def test_it_audits_a_failed_sign_in_without_the_password(api, owner_caseworker):
    sign_in(api, "owner.caseworker", "wrong-secret")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.outcome == "denied"
    assert "wrong-secret" not in str(event.__dict__)


def test_it_audits_a_sign_in(api, owner_caseworker):
    sign_in(api, "owner.caseworker")
    assert AuditEvent.objects.filter(
        action="auth.login", actor_username=owner_caseworker.username
    ).exists()


def test_it_refuses_an_expired_token(api, owner_caseworker):
    token = sign_in(api, "owner.caseworker").json()["token"]
    AuthToken.objects.filter(user=owner_caseworker).update(expiry=timezone.now())
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 401


def test_it_revokes_the_token_on_logout(api, owner_caseworker):
    token = sign_in(api, "owner.caseworker").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401


def test_it_revokes_every_token_on_logout_everywhere(api, owner_caseworker):
    sign_in(api, "owner.caseworker")
    token = sign_in(api, "owner.caseworker").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    api.post("/api/v1/auth/logout/?all=true")
    assert not AuthToken.objects.filter(user=owner_caseworker).exists()


def test_it_locks_out_after_five_failures(api, owner_caseworker):
    for _ in range(5):
        sign_in(api, "owner.caseworker", "wrong")
    response = sign_in(api, "owner.caseworker")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.json()["detail"]
    assert response["Retry-After"]


def test_it_audits_a_locked_out_attempt(api, owner_caseworker):
    for _ in range(6):
        sign_in(api, "owner.caseworker", "wrong")
    assert AuditEvent.objects.filter(action="auth.locked_out", outcome="denied").exists()


def test_it_does_not_lock_out_after_four_failures(api, owner_caseworker):
    for _ in range(4):
        sign_in(api, "owner.caseworker", "wrong")
    assert sign_in(api, "owner.caseworker").status_code == 200


@pytest.mark.parametrize("body", [{"username": "x"}, {"username": "x", "password": "y", "z": 1}])
def test_it_refuses_incomplete_or_unknown_fields(api, db, body):
    assert api.post(TOKEN_URL, body, format="json").status_code == 400
