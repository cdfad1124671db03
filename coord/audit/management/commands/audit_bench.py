"""``manage.py audit_bench``: fill an EMPTY trail with a valid synthetic chain, time verify."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from coord.audit.bench import bulk_extend_chain
from coord.audit.models import AuditEvent
from coord.audit.selectors import audit_verify
from coord.audit.services import audit_checkpoint_create


class Command(BaseCommand):
    help = (
        "Benchmark chain verification on a scratch database: refuses a trail that holds events "
        "(it would add synthetic ones to a real trail)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument(
            "--reuse", action="store_true", help="Time the chain already there (a previous run's)."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["reuse"]:
            options["events"] = AuditEvent.objects.count()
        elif AuditEvent.objects.exists():
            raise CommandError("the audit trail is not empty: run this on a scratch database")
        else:
            bulk_extend_chain(options["events"])
            audit_checkpoint_create()
        insert_s = time.perf_counter() - started
        runs, cpu = [], []
        for _ in range(options["repeat"]):
            t0, c0 = time.perf_counter(), time.process_time()
            result = audit_verify()
            runs.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            if not result["ok"]:
                raise CommandError(f"synthetic chain did not verify: {result}")
        best = min(runs)
        self.stdout.write(
            json.dumps(
                {
                    "events": options["events"],
                    "insert_seconds": round(insert_s, 2),
                    "verify_seconds": [round(r, 3) for r in runs],
                    "events_per_second": round(options["events"] / best),
                    # This process's CPU only (excludes a PostgreSQL server's own work):
                    # a figure that a busy machine distorts less than wall time.
                    "events_per_cpu_second": round(options["events"] / min(cpu)),
                }
            )
        )
