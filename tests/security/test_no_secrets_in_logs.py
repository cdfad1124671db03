"""No secret, key or token in the logs: sign-ins (API and web, right and wrong password,
right and wrong second-factor code, TOTP enrolment) and authenticated API calls run with
every logger at DEBUG, and none of the password, API token, master key, audit signing key,
TOTP secret or recovery code appears in what was logged."""

from __future__ import annotations

import base64
import logging

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from coord.organisations import services
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_2fa(settings):
    settings.COORD_REQUIRE_2FA = True


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _secrets_of(device: TOTPDevice) -> list[str]:
    return [device.key, base64.b32encode(device.bin_key).decode().rstrip("=")]


def test_it_logs_no_password_token_key_or_totp_secret(
    caplog, owner_caseworker, owner_admin, owner_org
):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "django.security", "axes", "coord", "knox"):
        caplog.set_level(logging.DEBUG, logger=name)
    device = services.totp_enrol(user=owner_admin)
    codes = services.totp_confirm(user=owner_admin, device=device, token=_code(device))
    # django-otp refuses a code twice; let the sign-in below use this time step's code again.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    api = APIClient()
    token_url = "/api/v1/auth/token/"

    ok = api.post(
        token_url, {"username": "owner.caseworker", "password": TEST_PASSWORD}, format="json"
    )
    assert ok.status_code == 200
    token = ok.json()["token"]
    wrong = api.post(
        token_url, {"username": "owner.caseworker", "password": "Wrong-pass-1"}, format="json"
    )
    assert wrong.status_code == 401
    admin_ok = api.post(
        token_url,
        {"username": "owner.admin", "password": TEST_PASSWORD, "otp": _code(device)},
        format="json",
    )
    assert admin_ok.status_code == 200
    admin_token = admin_ok.json()["token"]
    recovery = api.post(
        token_url,
        {"username": "owner.admin", "password": TEST_PASSWORD, "otp": codes[0]},
        format="json",
    )
    assert recovery.status_code == 200
    # a wrong code last: django-otp then throttles the devices for a moment
    bad_otp = api.post(
        token_url,
        {"username": "owner.admin", "password": TEST_PASSWORD, "otp": "000000"},
        format="json",
    )
    assert bad_otp.status_code == 401

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 200
    assert api.get("/api/v1/cases/?page=bad").status_code in (200, 400, 404)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}x")
    assert api.get("/api/v1/me/").status_code == 401

    web = Client()
    web.post("/login/", {"username": "owner.caseworker", "password": "Wrong-pass-1"})
    web.post("/login/", {"username": "owner.admin", "password": TEST_PASSWORD})
    web.post("/login/2fa/", {"otp": "123456"})

    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert caplog.records, "nothing was logged: the test would prove nothing"
    forbidden = {
        "password": TEST_PASSWORD,
        "wrong password": "Wrong-pass-1",
        "API token": token,
        "admin API token": admin_token,
        "API token prefix+": token[:15] + "x",
        "master key": settings.COORD_MASTER_KEY,
        "audit signing key": settings.COORD_AUDIT_SIGNING_KEY,
        "secret key": settings.SECRET_KEY,
        **{f"TOTP secret {i}": s for i, s in enumerate(_secrets_of(device))},
        **{f"recovery code {i}": c for i, c in enumerate(codes)},
    }
    leaked = [label for label, value in forbidden.items() if value and value in logged]
    assert not leaked, f"found in the logs: {leaked}"


def test_it_logs_nothing_secret_about_a_refused_token(caplog, owner_caseworker):
    """A wrong token is logged (401) without the token itself."""
    caplog.set_level(logging.DEBUG)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token " + "f" * 64)
    assert api.get("/api/v1/me/").status_code == 401
    assert "Unauthorized" in caplog.text
    assert "f" * 64 not in caplog.text
