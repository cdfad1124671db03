"""The database triggers that make the audit tables append-only (UPDATE and DELETE refused).

Installed by migration 0004 and re-installed after every ``migrate``/``flush`` (post_migrate),
so a dropped trigger comes back on the next deployment. ``drop_append_only_triggers`` exists
for the test suite's flush on SQLite (see docs/audit.md); nothing in the product calls it.
"""

from __future__ import annotations

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_auditcheckpoint")
PG_FUNCTION = "audit_refuse_change"


def _sqlite_names(table: str) -> tuple[str, str]:
    return f"{table}_no_update", f"{table}_no_delete"


def _pg_name(table: str) -> str:
    return f"{table}_append_only"


def _sqlite_install(table: str) -> list[str]:
    no_update, no_delete = _sqlite_names(table)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: {op} on {table} refused'); END"
        for name, op in ((no_update, "UPDATE"), (no_delete, "DELETE"))
    ]


# No percent sign anywhere: psycopg would read it as a placeholder.
PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = 'restrict_violation',
        MESSAGE = 'audit trail is append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME || ' refused';
END
$body$
"""


def _pg_install(table: str) -> list[str]:
    name = _pg_name(table)
    return [
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
    ]


def install_append_only_triggers(connection, tables=APPEND_ONLY_TABLES) -> None:
    """Create the triggers (idempotent) on SQLite or PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in tables:
                for sql in _sqlite_install(table):
                    cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION_SQL)
            for table in tables:
                for sql in _pg_install(table):
                    cursor.execute(sql)
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            raise NotImplementedError(f"no append-only trigger for {connection.vendor}")


def drop_append_only_triggers(connection, tables=APPEND_ONLY_TABLES) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "sqlite":
                for name in _sqlite_names(table):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {_pg_name(table)} ON {table}")


def append_only_triggers_present(connection) -> bool:
    """True when every table has its triggers (used by post_migrate and the tests)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            wanted = {n for t in APPEND_ONLY_TABLES for n in _sqlite_names(t)}
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            wanted = {_pg_name(t) for t in APPEND_ONLY_TABLES}
        else:  # pragma: no cover
            return False
        return wanted <= {row[0] for row in cursor.fetchall()}


def reinstall_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: put the triggers back once their migration is applied.

    ``flush`` (the test suite's, after a transactional test) emits post_migrate too, so
    this also restores triggers the SQLite test fixture lifted for the flush.
    """
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    applied = MigrationRecorder(connection).applied_migrations()
    if ("audit", TRIGGER_MIGRATION) in applied and not append_only_triggers_present(connection):
        install_append_only_triggers(connection)


TRIGGER_MIGRATION = "0004_append_only_triggers"
