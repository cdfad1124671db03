"""Production refuses every insecure setting, each with a message naming the variable."""

import base64
import runpy
import secrets
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coord.lib.env import DEV_KEY_HEADER

SETTINGS = str(Path(__file__).resolve().parents[2] / "coord" / "settings.py")


def key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


@pytest.fixture
def production_env(monkeypatch, tmp_path):
    for name in [
        "DEBUG",
        "COORD_MASTER_KEY_FILE",
        "COORD_AUDIT_SIGNING_KEY_FILE",
        "SECRET_KEY_FILE",
        "DATABASE_URL",
    ]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COORD_ENV", "production")
    monkeypatch.setenv("COORD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(40))
    monkeypatch.setenv("COORD_MASTER_KEY", key())
    monkeypatch.setenv("COORD_AUDIT_SIGNING_KEY", key())
    monkeypatch.setenv("ALLOWED_HOSTS", "coord.example.org")
    return monkeypatch


def load():
    return runpy.run_path(SETTINGS)


def refusal(monkeypatch_env) -> str:
    with pytest.raises(ImproperlyConfigured) as info:
        load()
    return str(info.value)


def test_it_loads_a_complete_production_configuration(production_env):
    values = load()
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True


def test_it_refuses_debug_in_production(production_env):
    production_env.setenv("DEBUG", "true")
    assert "DEBUG" in refusal(production_env)


def test_it_refuses_a_missing_secret_key(production_env):
    production_env.delenv("SECRET_KEY")
    assert "SECRET_KEY" in refusal(production_env)


def test_it_refuses_the_dev_secret_key(production_env):
    production_env.setenv("SECRET_KEY", "dev-insecure-secret-key-do-not-use-in-production")
    assert "SECRET_KEY" in refusal(production_env)


def test_it_refuses_a_missing_master_key(production_env):
    production_env.delenv("COORD_MASTER_KEY")
    assert "COORD_MASTER_KEY" in refusal(production_env)


def test_it_refuses_the_dev_master_key(production_env, tmp_path):
    dev_key = tmp_path / "dev-master.key"
    dev_key.write_text(f"{DEV_KEY_HEADER}\n{key()}\n")
    dev_key.chmod(0o600)
    production_env.delenv("COORD_MASTER_KEY")
    production_env.setenv("COORD_MASTER_KEY_FILE", str(dev_key))
    assert "COORD_MASTER_KEY is the generated dev key" in refusal(production_env)


def test_it_refuses_a_master_key_file_readable_by_others(production_env, tmp_path):
    path = tmp_path / "master.key"
    path.write_text(key())
    path.chmod(0o644)
    production_env.delenv("COORD_MASTER_KEY")
    production_env.setenv("COORD_MASTER_KEY_FILE", str(path))
    assert "COORD_MASTER_KEY_FILE" in refusal(production_env)


def test_it_accepts_a_private_master_key_file(production_env, tmp_path):
    path = tmp_path / "master.key"
    path.write_text(key())
    path.chmod(0o600)
    production_env.delenv("COORD_MASTER_KEY")
    production_env.setenv("COORD_MASTER_KEY_FILE", str(path))
    assert load()["COORD_MASTER_KEY"]


def test_it_refuses_a_master_key_of_the_wrong_length(production_env):
    production_env.setenv("COORD_MASTER_KEY", "c2hvcnQ=")
    assert "32 random bytes" in refusal(production_env)


def test_it_refuses_a_missing_audit_signing_key(production_env):
    production_env.delenv("COORD_AUDIT_SIGNING_KEY")
    assert "COORD_AUDIT_SIGNING_KEY" in refusal(production_env)


def test_it_refuses_production_without_allowed_hosts(production_env):
    production_env.delenv("ALLOWED_HOSTS")
    assert "ALLOWED_HOSTS" in refusal(production_env)


def test_it_generates_private_dev_keys_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("COORD_ENV", "dev")
    monkeypatch.setenv("COORD_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COORD_MASTER_KEY", raising=False)
    monkeypatch.delenv("COORD_MASTER_KEY_FILE", raising=False)
    load()
    assert (tmp_path / "dev-master.key").stat().st_mode & 0o777 == 0o600
