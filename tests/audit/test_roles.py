"""The service's database role (coord/audit/roles.py) can append to the audit log and read it,
and cannot alter it even with the triggers gone: PostgreSQL refuses by privilege."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from coord.audit.roles import grant_app_role
from coord.audit.services import audit_append
from coord.audit.triggers import drop_append_only_triggers, install_append_only_triggers

pytestmark = pytest.mark.postgres

ROLE = "coord_test_app"


@pytest.fixture
def as_app_role(db):
    """Create the role (superuser connection), grant it, drop the triggers so only the
    privileges stand in the way, then act as the role."""
    audit_append(action="case.read")
    with connection.cursor() as cursor:
        cursor.execute(
            "DO $$ BEGIN CREATE ROLE coord_test_app NOLOGIN NOSUPERUSER NOCREATEROLE; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    grant_app_role(connection, ROLE)
    drop_append_only_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {ROLE}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    install_append_only_triggers(connection)


def refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as exc:
        assert "permission denied" in str(exc) or "must be" in str(exc), exc
        return True
    return False


def test_it_lets_the_service_role_append_and_sequence(as_app_role):
    audit_append(action="case.update")  # outbox INSERT, then the sequencer (INSERT + head)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        assert cursor.fetchone() == (2,)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET outcome = 'denied'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
        "UPDATE audit_auditoutbox SET action = 'x'",
        "DELETE FROM audit_merklenode",
        "DELETE FROM audit_signedtreehead",
        "TRUNCATE audit_auditcheckpoint",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "CREATE TRIGGER t BEFORE INSERT ON audit_auditevent "
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
        "DROP TABLE audit_auditevent",
        "SET session_replication_role = replica",
    ],
)
def test_it_refuses_the_service_role_any_change_to_the_log(as_app_role, sql):
    assert refused(sql)
