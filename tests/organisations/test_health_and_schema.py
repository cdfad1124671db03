import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coord.organisations.models import Membership, Organisation


def test_it_reports_health_without_auth(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_it_serves_a_valid_openapi_schema(api, owner_caseworker):
    from drf_spectacular.validation import validate_schema

    response = api.as_user(owner_caseworker).get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert "/api/v1/me/" in schema["paths"]


def test_it_seeds_the_demo_network_idempotently(db, capsys, settings, tmp_path):
    settings.COORD_DATA_DIR = tmp_path
    call_command("seed_demo")
    call_command("seed_demo")
    assert Organisation.objects.count() == 4
    assert Membership.objects.count() == 9
    assert "network.coordinator" in capsys.readouterr().out


def test_it_refuses_to_seed_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_it_prints_demo_totp_secrets_when_2fa_is_required(db, capsys, settings, tmp_path):
    settings.COORD_DATA_DIR = tmp_path
    settings.COORD_REQUIRE_2FA = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    admin_line = next(line for line in out.splitlines() if "mekong.admin" in line)
    caseworker_line = next(line for line in out.splitlines() if "mekong.caseworker" in line)
    assert "TOTP secret" in admin_line
    assert "TOTP secret" not in caseworker_line
