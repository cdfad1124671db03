"""Destroy an organisation's data keys (crypto-shredding)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from coord.crypto.services import organisation_keys_shred

from ._common import organisation_or_error


class Command(BaseCommand):
    help = (
        "Destroy every data key of an organisation. Its encrypted fields become "
        "unreadable for good, backups included. Cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="SLUG", required=True)
        parser.add_argument(
            "--confirm", metavar="SLUG", required=True, help="repeat the slug to confirm"
        )

    def handle(self, *args, org, confirm, **options):
        if org != confirm:
            raise CommandError("--confirm must repeat the organisation slug exactly.")
        organisation = organisation_or_error(org)
        count = organisation_keys_shred(organisation=organisation)
        self.stdout.write(f"{organisation.slug}: {count} key version(s) shredded")
