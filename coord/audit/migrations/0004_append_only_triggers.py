"""The database refuses UPDATE and DELETE on the audit tables (SQLite and PostgreSQL)."""

from django.db import migrations


def install(apps, schema_editor):
    from coord.audit.triggers import install_append_only_triggers

    install_append_only_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    from coord.audit.triggers import drop_append_only_triggers

    drop_append_only_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_auditcheckpoint")]
    operations = [migrations.RunPython(install, drop)]
