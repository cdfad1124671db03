"""``manage.py audit_witness --state FILE``: the witness script's checks against this
service's own database; a failed check exits 1 and alerts every admin and coordinator."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coord.audit import signing
from coord.audit.witness import local_fetch, witness_check


class Command(BaseCommand):
    help = (
        "Check that the audit log extends the tree head kept in --state (as "
        "scripts/audit_witness.py does over HTTP), then keep the new one. Exit 0 ok, 1 a "
        "check failed (admins and coordinators are alerted), 2 could not check."
    )

    def add_arguments(self, parser):
        parser.add_argument("--state", required=True, help="the witness state file")
        parser.add_argument(
            "--pubkey",
            help="the pinned public key (PEM or base64, a file); default: the service's own",
        )
        parser.add_argument("--url", default="local", help="the name kept in the state file")

    def handle(self, *args, **options):
        if options["pubkey"]:
            try:
                key = signing.load_public_key(Path(options["pubkey"]).read_text("utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"--pubkey: {exc}") from None
        else:
            key = signing.public_key()
        status, line = witness_check(
            url=options["url"], state=options["state"], key=key, fetch=local_fetch
        )
        if status == 0:
            self.stdout.write(line)
            return
        self.stderr.write(line)
        if status == 1:
            from sharing_policies.services.common import notify_witness_failed

            notify_witness_failed(tree_size=_witnessed_size(options["state"]))
        raise SystemExit(status)


def _witnessed_size(path: str) -> int:
    try:
        return int(json.loads(Path(path).read_text("utf-8"))["sth"]["tree_size"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0
