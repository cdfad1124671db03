"""After a restore: does every stored ciphertext decrypt with the keys this service has?"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from coord.crypto.exceptions import DecryptionFailed, KeyShredded
from coord.crypto.registry import encrypted_fields
from coord.crypto.services import decrypt_text


class Command(BaseCommand):
    help = (
        "Decrypt every registered encrypted field of every row (nothing is printed but "
        "counts). Exits 1 if any value cannot be decrypted; values of shredded organisations "
        "are counted apart. Part of the restore drill (docs/operations.md)."
    )

    def handle(self, *args, **options):
        decrypted = failed = shredded = 0
        for entry in encrypted_fields():
            rows = (
                entry.model.objects.exclude(**{entry.field: ""})
                .values_list(entry.field, entry.row_id_attr, entry.organisation_column)
                .iterator(chunk_size=2000)
            )
            for token, row_id, org_id in rows:
                try:
                    decrypt_text(
                        organisation=org_id,
                        table=entry.table,
                        field=entry.logical_field,
                        row_id=str(row_id),
                        token=token,
                    )
                    decrypted += 1
                except KeyShredded:
                    shredded += 1
                except DecryptionFailed:
                    failed += 1
        summary = f"decrypted {decrypted}, failed {failed}, shredded {shredded}"
        if failed:
            raise CommandError(
                f"{summary}: these values cannot be decrypted with the configured master key."
            )
        self.stdout.write(summary)
