"""PostgreSQL refuses TRUNCATE on every audit table (a statement-level trigger: TRUNCATE fires no
row trigger), the Merkle nodes and signed tree heads get the append-only row triggers, and
every PostgreSQL audit trigger becomes ENABLE ALWAYS so session_replication_role = replica
does not skip it (coord/audit/triggers.py, docs/audit.md)."""

from django.db import migrations


def install(apps, schema_editor):
    from coord.audit.triggers import install_append_only_triggers

    install_append_only_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    from coord.audit.triggers import (
        APPEND_ONLY_TABLES,
        drop_append_only_triggers,
        install_append_only_triggers,
    )

    drop_append_only_triggers(schema_editor.connection)
    install_append_only_triggers(schema_editor.connection, APPEND_ONLY_TABLES, truncate=False)


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_merkle_tree")]
    operations = [migrations.RunPython(install, drop)]
