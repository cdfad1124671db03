"""Sign-in and sign-out pages: they work, they are audited with channel "web", and a
failed sign-in never records what was typed for an unknown account."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coord.audit.models import AuditEvent
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, username, password):
    return client.post(reverse("web:login"), {"username": username, "password": password})


def test_it_shows_the_sign_in_page(client):
    response = client.get(reverse("web:login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'<html lang="en"' in response.content


def test_it_sends_strangers_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/")


def test_it_signs_in_and_audits_it(client, owner_caseworker):
    response = _sign_in(client, "owner.caseworker", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor_username == "owner.caseworker"
    assert event.details == {"channel": "web"}
    assert client.get("/").status_code == 200


def test_it_refuses_a_wrong_password_and_audits_it(client, owner_caseworker):
    response = _sign_in(client, "owner.caseworker", "wrong-password-1")
    assert response.status_code == 200
    assert "Wrong username or password." in response.content.decode()
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.outcome == "denied"
    assert event.actor_username == "owner.caseworker"
    assert event.details == {"channel": "web"}
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_it_never_records_an_unknown_username(client, db):
    _sign_in(client, "my-password-typed-here", "x")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor_username == ""
    assert "my-password-typed-here" not in str(event.details)


def test_it_does_not_audit_an_api_failure_twice(api, owner_caseworker):
    api.post(
        "/api/v1/auth/token/",
        {"username": "owner.caseworker", "password": "nope-nope-nope"},
        format="json",
    )
    channels = [
        e.details.get("channel") for e in AuditEvent.objects.filter(action="auth.login_failed")
    ]
    assert channels == ["api"]


def test_it_signs_out_on_post_and_audits_it(web, owner_caseworker):
    web.as_user(owner_caseworker)
    response = web.post(reverse("web:logout"))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.logout")
    assert event.actor_username == "owner.caseworker"
    assert event.details == {"channel": "web"}
    assert web.get("/").status_code == 302


def test_it_does_not_sign_out_on_get(web, owner_caseworker):
    web.as_user(owner_caseworker)
    assert web.get(reverse("web:logout")).status_code == 405
    assert web.get("/").status_code == 200


def test_it_shows_a_lockout_page_after_repeated_failures(client, owner_caseworker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "owner.caseworker", "wrong-password-1")
    response = _sign_in(client, "owner.caseworker", TEST_PASSWORD)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "Too many failed sign-ins" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.locked_out").exists()
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_it_requires_csrf_on_sign_in(owner_caseworker):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("web:login"), {"username": "owner.caseworker", "password": TEST_PASSWORD}
    )
    assert response.status_code == 403
