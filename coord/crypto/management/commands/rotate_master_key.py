"""Rewrap every organisation data key under a new master key."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coord.crypto.providers import LocalMasterKeyProvider, decode_master_key, get_provider
from coord.crypto.services import master_key_rotate
from coord.lib.env import secret_body


class Command(BaseCommand):
    help = (
        "Rewrap all data keys under a new master key (from --new-key-file, a base64 "
        "32-byte key), or under the configured provider when no file is given. "
        "Idempotent. See docs/encryption.md for the operator procedure."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key-file", type=Path, metavar="PATH")

    def handle(self, *args, new_key_file=None, **options):
        if new_key_file is None:
            provider = get_provider()
        else:
            try:
                raw = decode_master_key(secret_body(new_key_file.read_text()))
            except OSError:
                raise CommandError("Cannot read the new key file.") from None
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            provider = LocalMasterKeyProvider(raw, previous=[])
        result = master_key_rotate(new_provider=provider)
        self.stdout.write(
            f"rewrapped {result['rewrapped']} data key(s) under {provider.key_id}"
            f" ({result['skipped']} already done)"
        )
