"""Web sign-in with a second factor (COORD_REQUIRE_2FA): admins and coordinators enter a
TOTP code after the password; without a device they enrol first; wrong codes are audited
and counted; caseworkers sign in with the password alone."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from coord.audit.models import AuditEvent
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_2fa(settings):
    settings.COORD_REQUIRE_2FA = True


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _password(client, username):
    return client.post(reverse("web:login"), {"username": username, "password": TEST_PASSWORD})


def test_it_asks_an_admin_for_a_code_before_signing_in(client, owner_admin):
    TOTPDevice.objects.create(user=owner_admin, name="app", confirmed=True)
    response = _password(client, "owner.admin")
    assert response["Location"] == reverse("web:login-2fa")
    assert client.get("/").status_code == 302  # not signed in yet
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_it_signs_in_with_the_right_code(client, owner_admin):
    device = TOTPDevice.objects.create(user=owner_admin, name="app", confirmed=True)
    _password(client, "owner.admin")
    response = client.post(reverse("web:login-2fa"), {"otp": _code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor_username="owner.admin").exists()


def test_it_refuses_a_wrong_code_and_audits_it(client, owner_admin):
    device = TOTPDevice.objects.create(user=owner_admin, name="app", confirmed=True)
    _password(client, "owner.admin")
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("web:login-2fa"), {"otp": wrong})
    assert response.status_code == 200
    assert "otp" in response.context["form"].errors
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor_username == "owner.admin"
    assert event.details == {"channel": "web"}


def test_it_forgets_the_password_step_after_five_wrong_codes(client, owner_admin):
    TOTPDevice.objects.create(user=owner_admin, name="app", confirmed=True)
    _password(client, "owner.admin")
    for _ in range(5):
        client.post(reverse("web:login-2fa"), {"otp": "000000x"})
    assert client.get(reverse("web:login-2fa"))["Location"] == reverse("web:login")


def test_it_refuses_the_code_page_without_the_password_step(client, owner_admin):
    assert client.get(reverse("web:login-2fa"))["Location"] == reverse("web:login")


def test_it_enrols_an_admin_without_a_device(client, owner_admin):
    response = _password(client, "owner.admin")
    assert response["Location"] == reverse("web:login-2fa-setup")
    page = client.get(response["Location"])
    assert page.context["qr"].startswith("data:image/svg+xml;base64,")
    device = TOTPDevice.objects.get(user=owner_admin, confirmed=False)
    done = client.post(reverse("web:login-2fa-setup"), {"otp": _code(device)})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert TOTPDevice.objects.get(user=owner_admin).confirmed
    assert client.get("/").status_code == 200


def test_it_signs_in_a_caseworker_with_the_password_alone(client, owner_caseworker):
    response = _password(client, "owner.caseworker")
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_it_asks_a_coordinator_for_a_code(client, network_coordinator):
    TOTPDevice.objects.create(user=network_coordinator, name="app", confirmed=True)
    assert _password(client, "network.coord")["Location"] == reverse("web:login-2fa")
