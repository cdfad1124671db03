from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sharing_policies", "0002_share_case_org_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessrequest",
            name="deny_reason_ct",
            field=models.TextField(blank=True, default=""),
        ),
    ]
