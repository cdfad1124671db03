"""``details`` is written with the canonical encoder. The column does not change, so this only
updates Django's state (a plain AlterField would rebuild the table on SQLite)."""

import coord.audit.chain
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_append_only_triggers")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="details",
                    field=models.JSONField(
                        blank=True, default=dict, encoder=coord.audit.chain.CanonicalJSONEncoder
                    ),
                )
            ]
        )
    ]
