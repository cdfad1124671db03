"""``details`` becomes canonical JSON text on PostgreSQL too (it was jsonb), so the verifier
hashes it as read. SQLite already stores JSON as text: only Django's state changes there (an
AlterField would rebuild the table). Rows written before keep jsonb's own text form; the
verifier re-encodes those (docs/audit.md)."""

import coord.audit.models
from django.db import migrations


def to_text(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE "audit_auditevent" ALTER COLUMN "details" TYPE text '
            'USING "details"::text'
        )


def to_jsonb(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE "audit_auditevent" ALTER COLUMN "details" TYPE jsonb '
            'USING "details"::jsonb'
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_details_canonical_encoder")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="details",
                    field=coord.audit.models.CanonicalJSONField(blank=True, default=dict),
                )
            ],
            database_operations=[migrations.RunPython(to_text, to_jsonb)],
        )
    ]
