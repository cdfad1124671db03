"""Start a new data-key version for one organisation, or for every organisation."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from coord.crypto.services import organisation_key_rotate
from coord.organisations.models import Organisation

from ._common import organisation_or_error


class Command(BaseCommand):
    help = "Make a new active data-key version; old versions are retired but still decrypt."

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="SLUG", help="only this organisation")

    def handle(self, *args, org=None, **options):
        only = organisation_or_error(org)
        orgs = [only] if only else list(Organisation.objects.order_by("slug"))
        for organisation in orgs:
            row = organisation_key_rotate(organisation=organisation)
            self.stdout.write(f"{organisation.slug}: key version {row.version} is active")
        self.stdout.write("Run `manage.py reencrypt` to move old ciphertexts to the new keys.")
