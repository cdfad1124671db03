"""``manage.py audit_public_key``: print the checkpoint public key to hand to an auditor."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from coord.audit import signing


class Command(BaseCommand):
    help = "Print the Ed25519 public key that verifies audit checkpoints (JSON, or --pem)."

    def add_arguments(self, parser):
        parser.add_argument("--pem", action="store_true", help="Print only the PEM block.")

    def handle(self, *args, **options):
        if options["pem"]:
            self.stdout.write(signing.public_key_pem().rstrip("\n"))
            return
        self.stdout.write(
            json.dumps(
                {
                    "algorithm": signing.ALGORITHM,
                    "key_id": signing.key_id(),
                    "public_key": signing.public_key_b64(),
                }
            )
        )
