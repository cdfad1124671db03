"""The backup and restore drill of docs/operations.md, run as a test (issue 23; slow, CI's
PostgreSQL stage only): populate a database, ``pg_dump -Fc`` it and copy the key files,
restore into a new database, then ``verify_audit`` and ``verify_encrypted`` pass. Restored
without its master key, the service still starts, says the data keys cannot be unwrapped,
serves no encrypted text and answers no request with a 500."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
import requests

from tests.production.service import (
    CASE,
    USERS,
    PrivateRedis,
    Service,
    drop,
    production_env,
    psql,
    token,
    with_database,
)

pytestmark = pytest.mark.slow

HTTPS = {"X-Forwarded-Proto": "https", "Connection": "close"}
POPULATE = """
from datetime import date
from coord.audit.services import audit_sequence
from coord.cases.services import case_create
from coord.crypto.services import organisation_key_rotate
from coord.organisations.models import Organisation
from django.contrib.auth import get_user_model
org = Organisation.objects.get(slug="smoke-org")
actor = get_user_model().objects.get(username="smoke.caseworker")
def case():
    case_create(actor=actor, organisation=org, data={
        "reported_month": date(2025, 3, 1), "region": "KH-12",
        "summary": "Recruited through an online job advert for factory work.",
        "notes": "Follow up on the legal aid referral next month."})
for _ in range(5):
    case()
organisation_key_rotate(organisation=org, actor=actor)  # two key versions in the backup
for _ in range(2):
    case()
audit_sequence()
"""


@pytest.fixture(scope="module")
def drill(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("drill")
    shared = os.environ["DATABASE_URL"]
    base = urlsplit(shared).path.lstrip("/")
    source = Service(workdir, with_database(shared, f"{base}_src"), f"{base}_src", "")
    restored = Service(workdir, with_database(shared, f"{base}_rst"), f"{base}_rst", "")
    redis_server = PrivateRedis(workdir)
    redis_server.start()
    source.env = production_env(workdir, source.database_url, redis_server.url)
    try:
        drop(source)
        psql(shared, f'CREATE DATABASE "{source.database_name}"')
        source.manage("migrate", "--noinput")
        source.manage("shell", "-c", USERS)
        source.manage("shell", "-c", POPULATE)
        yield workdir, shared, source, restored, redis_server
    finally:
        restored.stop()
        redis_server.kill()
        drop(source)
        drop(restored)


def _backup_and_restore(workdir, shared, source, restored) -> None:
    """The drill's steps: dump, keep the key files apart, restore into a new database."""
    dump = workdir / "coord.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), source.database_url], check=True)
    kept = workdir / "key-backup"
    kept.mkdir(exist_ok=True)
    for name in ("secret_key", "master_key", "audit_signing_key"):
        shutil.copy2(workdir / "secrets" / name, kept / name)
    drop(restored)
    psql(shared, f'CREATE DATABASE "{restored.database_name}"')
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored.database_url, str(dump)],
        check=True,
    )


def test_a_restore_with_the_key_files_verifies_and_decrypts_everything(drill):
    workdir, shared, source, restored, _redis = drill
    _backup_and_restore(workdir, shared, source, restored)
    restored.env = {**source.env, "DATABASE_URL": restored.database_url}
    for name, variable in (
        ("secret_key", "SECRET_KEY_FILE"),
        ("master_key", "COORD_MASTER_KEY_FILE"),
        ("audit_signing_key", "COORD_AUDIT_SIGNING_KEY_FILE"),
    ):
        restored.env[variable] = str(workdir / "key-backup" / name)

    audit = restored.manage("verify_audit", "--quiet", check=False)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    decrypted = restored.manage("verify_encrypted", check=False)
    assert decrypted.returncode == 0, decrypted.stderr
    assert decrypted.stdout.strip() == "decrypted 14, failed 0, shredded 0"


def test_a_restore_without_the_master_key_starts_says_why_and_serves_no_text(drill):
    workdir, shared, source, restored, _redis = drill
    _backup_and_restore(workdir, shared, source, restored)
    other = workdir / "other-master-key"
    other.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode() + "\n")
    other.chmod(0o600)
    restored.env = {
        **source.env,
        "DATABASE_URL": restored.database_url,
        "COORD_MASTER_KEY_FILE": str(other),
        "COORD_REQUIRE_2FA": "false",
    }

    check = restored.manage("check", "--database", "default", check=False)
    assert check.returncode == 0  # a warning: the service may start
    assert "coord.W010" in check.stderr
    assert "cannot be unwrapped with the configured master key" in check.stderr
    assert restored.manage("verify_encrypted", check=False).returncode == 1

    restored.start(workers=2)
    health = requests.get(f"{restored.base}/healthz", timeout=30)
    assert health.status_code == 503
    assert health.json()["data_keys"] == "cannot_unwrap"

    auth = {**HTTPS, "Authorization": f"Token {token(restored.base, 'smoke.caseworker')}"}
    listed = requests.get(f"{restored.base}/api/v1/cases/", headers=auth, timeout=30)
    assert listed.status_code == 200
    reference = listed.json()["results"][0]["reference"]
    detail = requests.get(f"{restored.base}/api/v1/cases/{reference}/", headers=auth, timeout=30)
    assert detail.status_code == 200
    assert "factory work" not in detail.text
    created = requests.post(f"{restored.base}/api/v1/cases/", json=CASE, headers=auth, timeout=30)
    assert created.status_code == 503
    assert created.json()["code"] == "keys_unavailable"
    statuses = [
        line.rsplit(" ", 1)[-1].strip() for line in restored.access_log.read_text().splitlines()
    ]
    assert "500" not in statuses
