"""Startup check: the audit triggers are all in force (``manage.py check --database default``,
run before the service starts; docs/operations.md)."""

from __future__ import annotations

from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections


@register(Tags.database)
def audit_triggers_in_force(app_configs=None, databases=None, **kwargs) -> list[Error]:
    """One error per missing, disabled or not ALWAYS audit trigger (only when the database
    checks are asked for: they need a connection)."""
    from django.db.migrations.recorder import MigrationRecorder

    from coord.audit.triggers import TRIGGER_MIGRATION, audit_trigger_problems

    errors = []
    for alias in databases or []:
        connection = connections[alias]
        try:
            applied = MigrationRecorder(connection).applied_migrations()
            if ("audit", TRIGGER_MIGRATION) not in applied:
                continue
            problems = audit_trigger_problems(connection)
        except DatabaseError as exc:
            errors.append(Error(f"cannot check the audit triggers: {exc}", id="audit.E002"))
            continue
        errors += [
            Error(problem, hint="run `manage.py migrate` to put it back", id="audit.E001")
            for problem in problems
        ]
    return errors
