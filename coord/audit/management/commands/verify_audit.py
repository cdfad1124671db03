"""``manage.py verify_audit``: walk the chain and the checkpoints, print JSON, exit 0 or 1."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coord.audit.selectors import audit_verify
from coord.audit.signing import load_public_key, trusted_public_keys
from coord.audit.sth import STHError, sth_parse, sth_verify


class Command(BaseCommand):
    help = (
        "Verify the audit log (chain, Merkle tree, signed tree heads, checkpoints, outbox, "
        "triggers) and that it extends every witnessed tree head. Prints "
        '{"ok": true, "events": N, "checkpoints": M} or '
        '{"ok": false, "first_bad_event": seq, "reason": "..."} and exits 0 or 1. '
        "Progress goes to stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--public-key",
            action="append",
            help="Check checkpoints against this Ed25519 public key (base64 or PEM, or @file) "
            "instead of the server's own: what an outside auditor should do. Repeat it for "
            "keys retired by a rotation.",
        )
        parser.add_argument(
            "--witness",
            nargs="+",
            default=[],
            metavar="FILE",
            help="Tree heads a witness kept: each FILE is a tree head exactly as GET "
            "/api/v1/audit/sth/ returns it, or a witness state file. Fails (exit 1) unless "
            "the database extends every one of them.",
        )
        parser.add_argument("--batch-size", type=int, default=20_000)
        parser.add_argument("--quiet", action="store_true", help="No progress on stderr.")

    def handle(self, *args, **options):
        keys = None
        if options["public_key"]:
            keys = []
            for text in options["public_key"]:
                if text.startswith("@"):
                    text = Path(text[1:]).read_text(encoding="utf-8")
                try:
                    keys.append(load_public_key(text))
                except ValueError as exc:
                    raise CommandError(f"--public-key: {exc}") from None
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")

        started = time.perf_counter()
        last_report = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if options["quiet"] or (now - last_report[0] < 1.0 and done < total):
                return
            last_report[0] = now
            rate = done / max(now - started, 1e-9)
            self.stderr.write(f"verified {done}/{total} events ({rate:,.0f}/s)")

        witnessed = [self._witnessed(path, keys) for path in options["witness"]]
        result = audit_verify(
            public_keys=keys,
            batch_size=options["batch_size"],
            progress=progress,
            witnessed=witnessed,
        )
        if not options["quiet"]:
            elapsed = time.perf_counter() - started
            self.stderr.write(f"done in {elapsed:.2f}s")
        self.stdout.write(json.dumps(result))
        if not result["ok"]:
            raise SystemExit(1)

    @staticmethod
    def _witnessed(path: str, keys) -> dict:
        """The tree head in ``path`` (an STH, or a witness state file's ``sth``), checked
        against the trusted keys: a witness file that does not verify cannot vouch."""
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"--witness {path}: cannot read it ({exc})") from None
        if isinstance(doc, dict) and "sth" in doc and "tree_size" not in doc:
            doc = doc["sth"]
        trusted = trusted_public_keys(keys)
        try:
            key_id = sth_parse(doc)["key_id"]
            if key_id not in trusted:
                raise STHError(f"it is signed by key {key_id}, which is not trusted")
            return sth_verify(doc, trusted[key_id])
        except STHError as exc:
            raise CommandError(f"--witness {path}: {exc}") from None
