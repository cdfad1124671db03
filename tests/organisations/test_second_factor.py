import pytest
from django.core.exceptions import ValidationError
from django_otp.oath import totp

from coord.organisations.services import recovery_codes_regenerate, totp_confirm, totp_enrol
from tests.conftest import TEST_PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


@pytest.fixture
def require_2fa(settings):
    settings.COORD_REQUIRE_2FA = True


@pytest.fixture
def enrolled_admin(owner_admin):
    device = totp_enrol(user=owner_admin)
    totp_confirm(user=owner_admin, device=device, token=code_for(device))
    device.refresh_from_db()
    device.last_t = -1  # let the same time step be used again in the test
    device.save()
    return owner_admin, device


def sign_in(api, username, **extra):
    return api.post(
        TOKEN_URL, {"username": username, "password": TEST_PASSWORD, **extra}, format="json"
    )


def test_it_asks_an_admin_for_a_code(api, require_2fa, enrolled_admin):
    response = sign_in(api, "owner.admin")
    assert response.status_code == 401
    assert response.json()["detail"] == "A second-factor code is required."


def test_it_accepts_an_admin_with_a_valid_code(api, require_2fa, enrolled_admin):
    _, device = enrolled_admin
    assert sign_in(api, "owner.admin", otp=code_for(device)).status_code == 200


def test_it_refuses_a_wrong_code(api, require_2fa, enrolled_admin):
    assert sign_in(api, "owner.admin", otp="000000").status_code == 401


def test_it_locks_out_after_repeated_wrong_codes(api, require_2fa, enrolled_admin):
    _, device = enrolled_admin
    for _ in range(5):
        sign_in(api, "owner.admin", otp="000000")
    assert sign_in(api, "owner.admin", otp=code_for(device)).status_code == 429


def test_it_refuses_an_admin_who_has_not_enrolled(api, require_2fa, owner_admin):
    assert sign_in(api, "owner.admin", otp="123456").status_code == 403


def test_it_accepts_a_recovery_code_once(api, require_2fa, enrolled_admin):
    admin, _ = enrolled_admin
    code = recovery_codes_regenerate(user=admin)[0]
    assert sign_in(api, "owner.admin", otp=code).status_code == 200
    assert sign_in(api, "owner.admin", otp=code).status_code == 401


def test_it_does_not_ask_a_caseworker_for_a_code(api, require_2fa, owner_caseworker):
    assert sign_in(api, "owner.caseworker").status_code == 200


def test_it_asks_a_coordinator_for_a_code(api, require_2fa, network_coordinator):
    assert sign_in(api, "network.coord").status_code in (401, 403)


def test_it_does_not_ask_for_a_code_when_2fa_is_off(api, settings, owner_admin):
    settings.COORD_REQUIRE_2FA = False
    assert sign_in(api, "owner.admin").status_code == 200


def test_it_refuses_to_confirm_enrolment_with_a_wrong_code(owner_admin):
    device = totp_enrol(user=owner_admin)
    with pytest.raises(ValidationError):
        totp_confirm(user=owner_admin, device=device, token="000000")
