"""The database triggers that make the audit tables append-only.

* Row triggers refuse UPDATE and DELETE on the append-only tables (SQLite and PostgreSQL):
  the events and checkpoints (migration 0004), the Merkle nodes and signed tree heads (0008).
* On PostgreSQL a statement-level ``BEFORE TRUNCATE`` trigger refuses TRUNCATE on every audit
  table, the chain head included (0008): TRUNCATE fires no row trigger.
* PostgreSQL triggers are ``ENABLE ALWAYS``, so ``SET session_replication_role = replica``
  does not skip them.

Installed by the migrations and re-installed after every ``migrate``/``flush`` (post_migrate)
whenever one is missing or not enabled, so a dropped or disabled trigger comes back on the next
deployment; ``audit_trigger_problems`` names what is wrong for startup and ``verify_audit``.
``drop_append_only_triggers`` exists for the test suite's flush (tests/conftest.py, see
docs/audit.md); nothing in the product calls it.
"""

from __future__ import annotations

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_auditcheckpoint")
TREE_TABLES = ("audit_merklenode", "audit_signedtreehead")
OUTBOX_TABLES = ("audit_auditoutbox",)  # migration 0009: requests insert here, never change
ROW_TRIGGER_TABLES = APPEND_ONLY_TABLES + TREE_TABLES + OUTBOX_TABLES
NO_TRUNCATE_TABLES = (*APPEND_ONLY_TABLES, "audit_chainhead", *TREE_TABLES, *OUTBOX_TABLES)
PG_FUNCTION = "audit_refuse_change"
TRIGGER_MIGRATION = "0004_append_only_triggers"
TRUNCATE_MIGRATION = "0008_no_truncate_triggers"


def _sqlite_names(table: str) -> tuple[str, str]:
    return f"{table}_no_update", f"{table}_no_delete"


def _pg_name(table: str) -> str:
    return f"{table}_append_only"


def _pg_truncate_name(table: str) -> str:
    return f"{table}_no_truncate"


def _sqlite_install(table: str) -> list[str]:
    no_update, no_delete = _sqlite_names(table)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: {op} on {table} refused'); END"
        for name, op in ((no_update, "UPDATE"), (no_delete, "DELETE"))
    ]


# No percent sign anywhere: psycopg would read it as a placeholder. TG_OP is 'TRUNCATE' for
# the statement-level trigger, so one function serves both.
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
        f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {name}",
    ]


def _pg_truncate_install(table: str) -> list[str]:
    name = _pg_truncate_name(table)
    return [
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
        f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {name}",
    ]


def _existing(connection, tables) -> list[str]:
    present = set(connection.introspection.table_names())
    return [table for table in tables if table in present]


def expected_triggers(connection, tables=None, *, truncate: bool = True) -> dict[str, str]:
    """Trigger name -> table, for the audit tables that exist (all of them, or ``tables``)."""
    wanted = _existing(connection, NO_TRUNCATE_TABLES if tables is None else tables)
    if connection.vendor == "sqlite":
        return {
            name: table
            for table in wanted
            if table in ROW_TRIGGER_TABLES
            for name in _sqlite_names(table)
        }
    expected = {_pg_name(t): t for t in wanted if t in ROW_TRIGGER_TABLES}
    if truncate:
        expected |= {_pg_truncate_name(t): t for t in wanted}
    return expected


def install_append_only_triggers(connection, tables=None, *, truncate: bool = True) -> None:
    """Create the triggers (idempotent) on SQLite or PostgreSQL.

    ``tables=None``: every audit trigger whose table exists; migration 0004 passes nothing
    too, which on a new database is just the events and checkpoints.
    """
    tables = _existing(connection, NO_TRUNCATE_TABLES if tables is None else tables)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in tables:
                if table in ROW_TRIGGER_TABLES:
                    for sql in _sqlite_install(table):
                        cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION_SQL)
            for table in tables:
                statements = _pg_truncate_install(table) if truncate else []
                if table in ROW_TRIGGER_TABLES:
                    statements = _pg_install(table) + statements
                for sql in statements:
                    cursor.execute(sql)
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            raise NotImplementedError(f"no append-only trigger for {connection.vendor}")


def drop_append_only_triggers(connection, tables=None, *, truncate: bool = True) -> None:
    """Drop the triggers (every audit trigger by default): the test flush and tamper tests."""
    names = expected_triggers(connection, tables, truncate=truncate)
    with connection.cursor() as cursor:
        for name, table in names.items():
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def audit_trigger_problems(connection) -> list[str]:
    """What is wrong with the audit triggers, one sentence each; empty when all is well.

    A trigger is wrong when it is missing, or on PostgreSQL when ``pg_trigger.tgenabled`` is
    not ``A`` (always): ``D`` is disabled (``ALTER TABLE … DISABLE TRIGGER``), ``O`` is
    skipped under ``session_replication_role = replica``, ``R`` fires only there.
    """
    expected = expected_triggers(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            found = {row[0]: "A" for row in cursor.fetchall()}
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, t.tgenabled FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relname = ANY(%s) "
                "AND c.relnamespace = to_regnamespace(current_schema())::oid",
                [sorted(set(expected.values()))],
            )
            found = dict(cursor.fetchall())
        else:  # pragma: no cover
            return [f"no audit triggers on {connection.vendor}"]
    problems = []
    for name, table in sorted(expected.items()):
        state = found.get(name)
        if state is None:
            problems.append(f"trigger {name} on {table} is missing")
        elif state == "D":
            problems.append(f"trigger {name} on {table} is disabled")
        elif state != "A":
            problems.append(
                f"trigger {name} on {table} is not ENABLE ALWAYS (tgenabled {state!r}): "
                "session_replication_role skips it"
            )
    return problems


def append_only_triggers_present(connection) -> bool:
    """True when every audit trigger is there and enabled (post_migrate and the tests)."""
    return not audit_trigger_problems(connection)


def reinstall_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: put back (and re-enable) the triggers once migration 0004 is in.

    ``flush`` (the test suite's, after a transactional test) emits post_migrate too, so
    this also restores triggers the test fixture lifted for the flush.
    """
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    applied = MigrationRecorder(connection).applied_migrations()
    if ("audit", TRIGGER_MIGRATION) in applied and not append_only_triggers_present(connection):
        install_append_only_triggers(connection)
