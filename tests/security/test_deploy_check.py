"""``manage.py check --deploy`` is clean with production settings: every Django security
warning (HSTS, secure cookies, SSL redirect, DEBUG, SECRET_KEY, ...) and every schema
warning counts as a failure."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _key_file(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode() + "\n")
    path.chmod(0o600)
    return path


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COORD_", "DATABASE_URL", "CELERY_", "SECRET_KEY", "DEBUG"))
    }
    env.update(
        COORD_ENV="production",
        COORD_DATA_DIR=str(tmp_path),
        COORD_MASTER_KEY_FILE=str(_key_file(tmp_path, "master.key")),
        COORD_AUDIT_SIGNING_KEY_FILE=str(_key_file(tmp_path, "signing.key")),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="coord.example.org",
        DJANGO_SETTINGS_MODULE="coord.settings",
    )
    return env


def _check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_check_with_production_settings(production_env):
    result = _check(production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_fails_the_deploy_check_without_hsts(production_env):
    """The check can fail: switching HSTS off is reported."""
    production_env["SECURE_HSTS_SECONDS"] = "0"
    result = _check(production_env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_it_refuses_a_key_file_readable_by_others_in_production(production_env, tmp_path):
    Path(production_env["COORD_MASTER_KEY_FILE"]).chmod(0o644)
    result = _check(production_env)
    assert result.returncode != 0
    assert "chmod 600" in result.stderr
