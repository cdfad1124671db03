"""Re-encrypt every registered field that is not under its organisation's active key."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from coord.crypto.exceptions import CryptoError
from coord.crypto.services import reencrypt_run

from ._common import ProgressBar, organisation_or_error


class Command(BaseCommand):
    help = (
        "Rewrite ciphertexts made with retired key versions, in batches (one transaction "
        "each). Safe to kill and to run again: it resumes where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="SLUG", help="only this organisation")
        parser.add_argument("--batch", type=int, default=500, metavar="N", help="rows per batch")

    def handle(self, *args, org=None, batch=500, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        organisation = organisation_or_error(org)
        bar = ProgressBar("reencrypt", self.stderr._out)
        try:
            result = reencrypt_run(organisation=organisation, batch_size=batch, on_progress=bar)
        except CryptoError as exc:
            raise CommandError(f"Stopped: {exc}. Run again to finish.") from None
        finally:
            bar.close()
        self.stdout.write(
            f"re-encrypted {result['done'] - result['failed']} of {result['total']} values"
            f" ({result['failed']} could not be decrypted and were left as they are)"
        )
