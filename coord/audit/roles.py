"""The service's PostgreSQL role may add to the audit log and read it, never change it.

Migrations run as the owner role (it owns the tables, so it could drop a trigger); the web,
worker and beat processes connect as an application role that ``grant_app_role`` gives:

* every non-audit table: SELECT, INSERT, UPDATE, DELETE (and its sequences);
* the audit tables: SELECT, INSERT only (no UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES);
* ``audit_chainhead``: also UPDATE: it is the sequencer's bookkeeping row (last seq, floor),
  not part of the log; nothing ``verify_audit`` trusts depends on it.

The role is created NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS and owns nothing, so it
can neither ``ALTER TABLE … DISABLE TRIGGER`` nor ``SET session_replication_role`` (superuser
only). docs/operations.md, docker-compose.yml.
"""

from __future__ import annotations

from coord.audit.triggers import NO_TRUNCATE_TABLES

SEQUENCER_STATE = "audit_chainhead"


def grant_app_role(connection, role: str) -> list[str]:
    """Grant ``role`` what the service needs (idempotent: run after every ``migrate``);
    returns the statements it ran."""
    quote = connection.ops.quote_name
    who = quote(role)
    tables = connection.introspection.table_names()
    audit = [t for t in tables if t in NO_TRUNCATE_TABLES]
    other = [t for t in tables if t not in NO_TRUNCATE_TABLES]
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}",
    ]
    statements += [f"GRANT SELECT, INSERT, UPDATE, DELETE ON {quote(t)} TO {who}" for t in other]
    for table in audit:
        statements += [
            f"REVOKE ALL ON {quote(table)} FROM {who}",
            f"GRANT SELECT, INSERT ON {quote(table)} TO {who}",
        ]
        if table == SEQUENCER_STATE:
            statements.append(f"GRANT UPDATE ON {quote(table)} TO {who}")
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    return statements
