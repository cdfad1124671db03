from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sharing_policies", "0004_encrypt_deny_reasons"),
    ]

    operations = [
        migrations.RemoveField(model_name="accessrequest", name="deny_reason"),
    ]
