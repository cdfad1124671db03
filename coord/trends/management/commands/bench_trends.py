"""Time the trends aggregate (one grouped query plus suppression) on synthetic cases.

    manage.py bench_trends --cases 1000000 --group-by month,region,exploitation_type

Fills the database up to ``--cases`` synthetic cases first (``coord.trends.synthetic``),
so point ``DATABASE_URL`` at a scratch database, never at real data.
"""

from __future__ import annotations

import statistics
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from coord.cases.models import CaseSummary
from coord.organisations.models import Organisation
from coord.trends.aggregates import minimum_k, trend_table
from coord.trends.selectors import DIMENSIONS, TrendQuery, trend_counts
from coord.trends.synthetic import generate_cases


class Command(BaseCommand):
    help = "Fill a scratch database with synthetic cases and time a grouped, suppressed trend."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000)
        parser.add_argument("--group-by", default="month,region,exploitation_type")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--batch", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **opts):
        group_by = tuple(opts["group_by"].split(","))
        if any(d not in DIMENSIONS for d in group_by):
            raise CommandError(f"group_by must be among {', '.join(DIMENSIONS)}")
        orgs = list(Organisation.objects.values_list("pk", flat=True)[:10])
        if not orgs:
            org = Organisation.objects.create(
                slug="bench-org", name="Bench org", country="KH", kind="ngo"
            )
            orgs = [org.pk]
        have = CaseSummary.objects.count()
        if have < opts["cases"]:
            missing = opts["cases"] - have
            self.stdout.write(f"inserting {missing} synthetic cases ...")
            started = time.perf_counter()

            def progress(done: int, total: int) -> None:
                sys.stderr.write(f"\r  {done}/{total}")
                sys.stderr.flush()

            generate_cases(
                n=missing,
                organisation_ids=orgs,
                seed=opts["seed"] + have,
                batch_size=opts["batch"],
                progress=progress,
            )
            sys.stderr.write("\n")
            self.stdout.write(f"  inserted in {time.perf_counter() - started:.1f} s")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE cases_casesummary")
                    cursor.execute("VACUUM ANALYZE cases_casecategory")
        total = CaseSummary.objects.count()
        query = TrendQuery(group_by=group_by)
        k = minimum_k()
        trend_table(query, k=k)  # warm-up
        query_times, full_times = [], []
        for _ in range(opts["repeat"]):
            started = time.perf_counter()
            raw = trend_counts(query)
            query_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            table = trend_table(query, k=k)
            full_times.append(time.perf_counter() - started)
        self.stdout.write(
            f"{connection.vendor}: {total} cases, group_by={','.join(group_by)}: "
            f"{len(raw)} cells, {table['suppressed_cells']} suppressed (k={k})\n"
            f"  grouped query: median {statistics.median(query_times) * 1000:.0f} ms\n"
            f"  query + suppression + response: median "
            f"{statistics.median(full_times) * 1000:.0f} ms "
            f"(min {min(full_times) * 1000:.0f}, max {max(full_times) * 1000:.0f})"
        )
