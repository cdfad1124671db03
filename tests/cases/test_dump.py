"""A stored narrative appears nowhere in the database: not in the SQLite file, not in pg_dump.

Each test also checks that the case's reference *is* in the dump, so a dump that missed
the data could not pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from django.db import connection

NARRATIVE = (
    "Quokka-lantern marker: recruited via a livestream job offer to pack seafood, then "
    "moved to a compound and made to run online scams under threat of beatings."
)
PHRASE = "Quokka-lantern marker"


def _create(api, user, payload) -> str:
    payload["summary"] = NARRATIVE
    payload["notes"] = NARRATIVE + " Internal note."
    response = api.as_user(user).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["summary"] == NARRATIVE
    return response.json()["reference"]


@pytest.mark.django_db
def test_it_keeps_the_narrative_out_of_the_sqlite_file(api, owner_caseworker, payload):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    reference = _create(api, owner_caseworker, payload)
    connection.ensure_connection()
    # serialize() returns the exact bytes a database file would hold, uncommitted test
    # data included (a backup to a file would wait for the test transaction's lock).
    raw = connection.connection.serialize()
    assert reference.encode() in raw
    for needle in (NARRATIVE, PHRASE):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert needle.encode(encoding) not in raw


@pytest.mark.django_db
def test_it_keeps_the_narrative_out_of_every_table(api, owner_caseworker, payload):
    reference = _create(api, owner_caseworker, payload)
    seen_reference = False
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = repr(row)
                seen_reference = seen_reference or reference in text
                assert PHRASE not in text, table
    assert seen_reference


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_narrative_out_of_pg_dump(api, owner_caseworker, payload):
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    reference = _create(api, owner_caseworker, payload)
    db = connection.settings_dict
    env = dict(os.environ, PGPASSWORD=db.get("PASSWORD") or "")
    command = [pg_dump, "--no-owner", "--data-only", "-h", db["HOST"] or "127.0.0.1"]
    if db.get("PORT"):
        command += ["-p", str(db["PORT"])]
    command += ["-U", db["USER"], db["NAME"]]
    dump = subprocess.run(command, capture_output=True, check=True, env=env).stdout  # noqa: S603
    assert reference.encode() in dump
    assert PHRASE.encode() not in dump
    assert NARRATIVE.encode() not in dump
