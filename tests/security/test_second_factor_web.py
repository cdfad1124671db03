"""The web second factor as an attacker would probe it (COORD_REQUIRE_2FA on): the password
alone opens no page and no API call, Django's admin form is no way around it, and wrong
codes count towards the django-axes lockout, which is audited."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from coord.audit.models import AuditEvent, Outcome
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_2fa(settings):
    settings.COORD_REQUIRE_2FA = True


@pytest.fixture
def staff_admin(owner_admin):
    owner_admin.is_staff = owner_admin.is_superuser = True
    owner_admin.save(update_fields=["is_staff", "is_superuser"])
    TOTPDevice.objects.create(user=owner_admin, name="app", confirmed=True)
    return owner_admin


def _password(client, username: str = "owner.admin"):
    return client.post("/login/", {"username": username, "password": TEST_PASSWORD})


def test_it_opens_nothing_after_the_password_alone(client, staff_admin):
    assert _password(client)["Location"] == "/login/2fa/"
    assert client.get("/")["Location"].startswith("/login/")
    assert client.get("/cases/")["Location"].startswith("/login/")
    assert client.get("/api/v1/me/").status_code in (401, 403)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_it_sends_the_admin_sign_in_to_the_web_sign_in(client, staff_admin):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/"


def test_it_refuses_a_password_only_sign_in_through_the_admin_form(client, staff_admin):
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "owner.admin", "password": TEST_PASSWORD, "next": "/admin/"},
    )
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_it_lets_a_caseworker_without_second_factor_in(client, owner_caseworker):
    """The allow side: roles without a second factor sign in with the password."""
    assert _password(client, "owner.caseworker")["Location"] == "/"
    assert client.get("/api/v1/me/").status_code == 200


def test_it_locks_the_account_out_after_wrong_codes_and_audits_it(client, staff_admin):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        _password(client)
        client.post("/login/2fa/", {"otp": "000000"})
    denied = AuditEvent.objects.filter(
        action="auth.login_failed", actor_username="owner.admin", outcome=Outcome.DENIED
    )
    assert denied.count() >= django_settings.AXES_FAILURE_LIMIT
    locked = _password(client)  # the right password no longer helps
    assert locked.status_code == 429
    assert locked["Retry-After"]
    assert AuditEvent.objects.filter(action="auth.locked_out", outcome=Outcome.DENIED).exists()


def _totp(device: TOTPDevice) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_it_replaces_the_recovery_codes_after_a_current_code(client, owner_admin):
    from coord.organisations import services

    device = services.totp_enrol(user=owner_admin)
    old = services.totp_confirm(user=owner_admin, device=device, token=_totp(device))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the same step's code again
    client.force_login(owner_admin)
    assert client.get("/account/recovery-codes/").status_code == 200
    response = client.post("/account/recovery-codes/", {"otp": _totp(device)})
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert not services.second_factor_verify(user=owner_admin, token=old[0])
    assert AuditEvent.objects.filter(action="auth.recovery_codes").count() == 2


def test_it_refuses_new_recovery_codes_for_a_wrong_code_and_audits_it(client, staff_admin):
    client.force_login(staff_admin)
    response = client.post("/account/recovery-codes/", {"otp": "000000"})
    assert response.status_code == 200
    assert "otp" in response.context["form"].errors
    assert not AuditEvent.objects.filter(action="auth.recovery_codes").exists()
    assert AuditEvent.objects.filter(
        action="auth.login_failed", actor_username="owner.admin", outcome=Outcome.DENIED
    ).exists()


def test_it_refuses_recovery_codes_to_a_caseworker(client, owner_caseworker):
    client.force_login(owner_caseworker)
    assert client.get("/account/recovery-codes/").status_code == 403
