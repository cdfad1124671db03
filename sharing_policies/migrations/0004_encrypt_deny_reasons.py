"""Move every deny reason stored in clear into ``deny_reason_ct``, encrypted under the
denying organisation (issue 15), and blank the clear column.

Idempotent and resumable: it only touches rows that still have a clear reason and no
ciphertext, and each row's ciphertext and blanked clear text are written in one UPDATE, so
a re-run (or a run after a crash) finds nothing done twice. A reason the PII guard refuses
is dropped, not encrypted: it should never have been stored. A reason of an organisation
whose keys were shredded is dropped too: that organisation's texts are meant to be
unreadable, and it gets no new key implicitly.

It uses the live crypto service (the key hierarchy and associated data must be exactly the
ones the application decrypts with), so it needs the master key, like the application.
"""

from django.db import migrations

TABLE = "sharing_policies_accessrequest"


def encrypt_clear_reasons(apps, schema_editor):
    from coord.crypto import services as crypto
    from coord.crypto.exceptions import KeyShredded
    from coord.pii.guard import scan

    AccessRequest = apps.get_model("sharing_policies", "AccessRequest")
    pending = AccessRequest.objects.exclude(deny_reason="").filter(deny_reason_ct="")
    for row in pending.only("pk", "public_id", "to_organisation_id", "deny_reason").iterator():
        token = ""
        if not scan(row.deny_reason):
            try:
                token = crypto.encrypt_text(
                    organisation=row.to_organisation_id,
                    table=TABLE,
                    field="deny_reason",
                    row_id=str(row.public_id),
                    plaintext=row.deny_reason,
                )
            except KeyShredded:
                token = ""
        AccessRequest.objects.filter(pk=row.pk, deny_reason_ct="").update(
            deny_reason_ct=token, deny_reason=""
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sharing_policies", "0003_accessrequest_deny_reason_ct"),
        ("crypto", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(encrypt_clear_reasons, migrations.RunPython.noop, elidable=False),
    ]
