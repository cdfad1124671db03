"""Measure the storage of multi-valued categories on a synthetic case load (PostgreSQL).

Loads N synthetic cases (default 1,000,000) into four throw-away ``bench-cases-*``
organisations with SQL, builds the CaseCategory index rows, and times the queries the
product runs: the trends GROUP BY (month, region, one category), a count of one value and
the filtered list, each against the child table and against the JSON lists on the case
(with a GIN index) for comparison. Results: docs/data-model.md. Never in production;
run it against its own database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coord_cases_bench \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py bench_cases --cases 1000000
"""

from __future__ import annotations

import statistics
import time

import pycountry

# DRF's views first: its system check would otherwise import coord.lib.api half-done (the
# two modules import each other), the same workaround as coord/bench's command.
import rest_framework.views  # noqa: F401
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from coord.cases.choices import (
    ControlMethod,
    ExploitationType,
    RecruitmentMethod,
    Service,
    Technology,
)
from coord.organisations.models import Organisation

BENCH_ORGS = [("bench-cases-kh", "KH"), ("bench-cases-th", "TH"), ("bench-cases-vn", "VN"),
              ("bench-cases-my", "MY")]  # fmt: skip
CONSENTED = "('aggregate', 'share')"


def _array(values) -> str:
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]::text[]"


def _pick(values, low: int, high: int) -> str:
    """SQL for a sorted jsonb list of ``low..high`` random values.

    The series bound mentions ``g`` so PostgreSQL re-runs it per row instead of reusing
    the first row's materialised function result.
    """
    arr = _array(values)
    return (
        f"(SELECT coalesce(jsonb_agg(DISTINCT v ORDER BY v), '[]'::jsonb) FROM ("  # noqa: S608
        f"SELECT ({arr})[1 + floor(random() * {len(values)})::int] AS v "
        f"FROM generate_series(1, {low} + floor(random() * {high - low + 1})::int + 0 * g) "
        f"WHERE g IS NOT NULL) s)"
    )


class Command(BaseCommand):
    help = "Benchmark case category storage on synthetic data (never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--keep", action="store_true", help="keep the synthetic rows")
        parser.add_argument(
            "--reuse", action="store_true", help="measure rows kept by an earlier --keep run"
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("bench_cases refuses to run in production.")
        self.repeat = options["repeat"]
        sqlite = connection.vendor == "sqlite"
        if options["reuse"]:
            orgs = self.reuse()
        else:
            orgs = (self.load_sqlite if sqlite else self.load)(options["cases"])
        try:
            (self.measure_sqlite if sqlite else self.measure)()
        finally:
            if not options["keep"]:
                self.clean(orgs)

    # -- loading -------------------------------------------------------------------------

    def load(self, count: int) -> list[int]:
        from coord.cases.models import CaseCategory

        orgs = []
        for slug, country in BENCH_ORGS:
            org, _ = Organisation.objects.get_or_create(
                slug=slug, defaults={"name": slug, "country": country, "kind": "ngo"}
            )
            orgs.append(org.pk)
        self.clean(orgs)
        regions = sorted(
            s.code
            for _, country in BENCH_ORGS
            for s in pycountry.subdivisions.get(country_code=country)
            if s.parent_code is None
        )
        countries = ["KH", "TH", "VN", "MY", "MM", "LA", "ID", "CN", "PH"]
        org_array = "ARRAY[" + ",".join(str(pk) for pk in orgs) + "]"
        insert_cases = f"""
            INSERT INTO cases_casesummary (
                reference, organisation_id, created_at, updated_at, reported_month, region,
                age_band, gender, industry, status, consent, citizenship, exploitation_types,
                recruitment_methods, control_methods, technologies, services_provided,
                summary_ct, notes_ct)
            SELECT 'B-' || lpad(to_hex(g), 10, '0'), ({org_array})[1 + g %% 4], now(), now(),
                (date '2024-01-01' + floor(random() * 35)::int * interval '1 month')::date,
                ({_array(regions)})[1 + floor(random() * {len(regions)})::int],
                'unknown', (ARRAY['female','male'])[1 + floor(random() * 2)::int], 'C',
                'active',
                (ARRAY['none','aggregate','aggregate','share'])[1 + floor(random() * 4)::int],
                {_pick(countries, 1, 1)}, {_pick(ExploitationType.values, 1, 2)},
                {_pick(RecruitmentMethod.values, 1, 2)}, {_pick(ControlMethod.values, 1, 3)},
                {_pick(Technology.values, 0, 3)}, {_pick(Service.values, 1, 2)},
                'v1.1.' || md5(g::text), ''
            FROM generate_series(1, %s) g
        """  # noqa: S608 - only our own constants are interpolated
        insert_categories = f"""
            INSERT INTO cases_casecategory (case_id, organisation_id, dimension, value,
                                            reported_month, region, consent)
            SELECT c.id, c.organisation_id, d.dim, e.v, c.reported_month, c.region, c.consent
            FROM cases_casesummary c
            CROSS JOIN LATERAL (VALUES
                ('citizenship', c.citizenship), ('exploitation_type', c.exploitation_types),
                ('recruitment_method', c.recruitment_methods),
                ('control_method', c.control_methods), ('technology', c.technologies),
                ('service', c.services_provided)) d(dim, arr)
            CROSS JOIN LATERAL jsonb_array_elements_text(d.arr) e(v)
            WHERE c.organisation_id = ANY({org_array})
        """  # noqa: S608
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.42)")
            # Bulk load: skip the per-row FK triggers (every id comes from existing rows);
            # needs a superuser, as on the dev and CI databases.
            cursor.execute("SET LOCAL session_replication_role = replica")
            started = time.perf_counter()
            cursor.execute(insert_cases, [count])
            cases_s = time.perf_counter() - started
            # Bulk-load style: drop the two secondary indexes, insert, rebuild them.
            indexes = CaseCategory._meta.indexes
            with connection.schema_editor() as editor:
                for index in indexes:
                    editor.remove_index(CaseCategory, index)
            started = time.perf_counter()
            cursor.execute(insert_categories)
            rows = cursor.rowcount
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            cats_s = time.perf_counter() - started
            started = time.perf_counter()
            with connection.schema_editor() as editor:
                for index in indexes:
                    editor.add_index(CaseCategory, index)
            index_s = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE cases_casesummary")
            cursor.execute("VACUUM ANALYZE cases_casecategory")
        self.stdout.write(
            f"loaded {count:,} cases in {cases_s:.1f}s and {rows:,} category rows "
            f"({rows / count:.1f} per case) in {cats_s:.1f}s, their two indexes in {index_s:.1f}s"
        )
        return orgs

    def reuse(self) -> list[int]:
        from coord.cases.models import CaseCategory, CaseSummary

        orgs = list(
            Organisation.objects.filter(slug__in=[slug for slug, _ in BENCH_ORGS]).values_list(
                "pk", flat=True
            )
        )
        cases = CaseSummary.objects.filter(organisation_id__in=orgs).count()
        rows = CaseCategory.objects.filter(organisation_id__in=orgs).count()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE cases_casesummary")
                cursor.execute("VACUUM ANALYZE cases_casecategory")
        self.stdout.write(f"reusing {cases:,} cases and {rows:,} category rows")
        return orgs

    def clean(self, orgs: list[int]) -> None:
        from coord.cases.models import CaseCategory, CaseSummary

        with transaction.atomic():
            CaseCategory.objects.filter(organisation_id__in=orgs)._raw_delete(connection.alias)
            CaseSummary.objects.filter(organisation_id__in=orgs)._raw_delete(connection.alias)

    # -- measuring -----------------------------------------------------------------------

    def time_query(self, label: str, sql: str, params=None) -> None:
        timings = []
        with connection.cursor() as cursor:
            for _ in range(self.repeat):
                started = time.perf_counter()
                cursor.execute(sql, params or [])
                rows = cursor.fetchall()
                timings.append((time.perf_counter() - started) * 1000)
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params or [])
                plan = " / ".join(str(line[-1]) for line in cursor.fetchall())
            else:
                cursor.execute("EXPLAIN " + sql, params or [])
                plan = " / ".join(
                    line[0].strip()
                    for line in cursor.fetchall()
                    if "Scan" in line[0] or "Aggregate" in line[0]
                )
        self.stdout.write(
            f"{label:<58} median {statistics.median(timings):8.1f} ms  "
            f"(min {min(timings):.1f}, {len(rows):,} rows)\n      plan: {plan[:220]}"
        )

    def measure(self) -> None:
        months = "reported_month BETWEEN '2024-01-01' AND '2026-12-01'"
        year = "reported_month BETWEEN '2025-01-01' AND '2025-12-01'"
        self.time_query(
            "A trends: child table, month x region x technology",
            f"""SELECT reported_month, region, value, count(*) FROM cases_casecategory
                WHERE dimension = 'technology' AND consent IN {CONSENTED} AND {months}
                GROUP BY 1, 2, 3""",  # noqa: S608
        )
        self.time_query(
            "A trends, one year",
            f"""SELECT reported_month, region, value, count(*) FROM cases_casecategory
                WHERE dimension = 'technology' AND consent IN {CONSENTED} AND {year}
                GROUP BY 1, 2, 3""",  # noqa: S608
        )
        self.time_query(
            "B trends: JSON list on the case, unnested",
            f"""SELECT c.reported_month, c.region, t.v, count(*) FROM cases_casesummary c
                CROSS JOIN LATERAL jsonb_array_elements_text(c.technologies) t(v)
                WHERE c.consent IN {CONSENTED} AND c.{months} GROUP BY 1, 2, 3""",  # noqa: S608
        )
        self.time_query(
            "A count one value in one year: child table",
            f"""SELECT count(*) FROM cases_casecategory
                WHERE dimension = 'technology' AND value = 'livestream' AND {year}""",  # noqa: S608
        )
        self.time_query(
            "B count one value in one year: JSON, no index",
            f"""SELECT count(*) FROM cases_casesummary
                WHERE technologies @> '["livestream"]' AND {year}""",  # noqa: S608
        )
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(
                "CREATE INDEX bench_case_tech_gin ON cases_casesummary "
                "USING gin (technologies jsonb_path_ops)"
            )
            cursor.execute("ANALYZE cases_casesummary")
            gin_s = time.perf_counter() - started
        try:
            self.stdout.write(f"(built GIN index on technologies in {gin_s:.1f}s)")
            self.time_query(
                "B count one value in one year: JSON + GIN index",
                f"""SELECT count(*) FROM cases_casesummary
                    WHERE technologies @> '["livestream"]' AND {year}""",  # noqa: S608
            )
            self.time_query(
                "B trends with GIN present (GIN cannot help a GROUP BY)",
                f"""SELECT c.reported_month, c.region, t.v, count(*) FROM cases_casesummary c
                    CROSS JOIN LATERAL jsonb_array_elements_text(c.technologies) t(v)
                    WHERE c.consent IN {CONSENTED} AND c.{months}
                    GROUP BY 1, 2, 3""",  # noqa: S608
            )
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_relation_size('bench_case_tech_gin')")
                gin_size = cursor.fetchone()[0]
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX IF EXISTS bench_case_tech_gin")
        org = Organisation.objects.get(slug=BENCH_ORGS[0][0]).pk
        self.time_query(
            "List page: one org, exploitation_type filter, 50 rows",
            f"""SELECT c.id FROM cases_casesummary c WHERE c.organisation_id = {org}
                AND EXISTS (SELECT 1 FROM cases_casecategory k WHERE k.case_id = c.id
                            AND k.organisation_id = c.organisation_id
                            AND k.dimension = 'exploitation_type' AND k.value = 'servitude')
                ORDER BY c.reported_month DESC, c.id DESC LIMIT 50""",  # noqa: S608
        )
        self.time_query(
            "List count: one org, exploitation_type filter",
            f"""SELECT count(*) FROM cases_casesummary c WHERE c.organisation_id = {org}
                AND EXISTS (SELECT 1 FROM cases_casecategory k WHERE k.case_id = c.id
                            AND k.organisation_id = c.organisation_id
                            AND k.dimension = 'exploitation_type' AND k.value = 'servitude')""",  # noqa: S608
        )
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT relname, pg_size_pretty(pg_table_size(oid)),
                          pg_size_pretty(pg_indexes_size(oid))
                   FROM pg_class WHERE relname IN ('cases_casesummary', 'cases_casecategory')"""
            )
            for name, table, indexes in cursor.fetchall():
                self.stdout.write(f"size {name}: table {table}, indexes {indexes}")
        self.stdout.write(f"size of a GIN index on one JSON list: {gin_size / 2**20:.0f} MB")

    # -- SQLite (embedded mode) ----------------------------------------------------------

    def load_sqlite(self, count: int) -> list[int]:
        """The same synthetic load, generated in Python (SQLite has no generate_series)."""
        import json
        import random
        from datetime import date

        rng = random.Random(42)  # noqa: S311 - synthetic data
        orgs = []
        for slug, country in BENCH_ORGS:
            org, _ = Organisation.objects.get_or_create(
                slug=slug, defaults={"name": slug, "country": country, "kind": "ngo"}
            )
            orgs.append(org.pk)
        self.clean(orgs)
        regions = sorted(
            s.code
            for _, country in BENCH_ORGS
            for s in pycountry.subdivisions.get(country_code=country)
            if s.parent_code is None
        )
        months = [date(2024 + i // 12, i % 12 + 1, 1).isoformat() for i in range(35)]
        countries = ["KH", "TH", "VN", "MY", "MM", "LA", "ID", "CN", "PH"]
        dims = [
            ("citizenship", countries, 1, 1),
            ("exploitation_type", ExploitationType.values, 1, 2),
            ("recruitment_method", RecruitmentMethod.values, 1, 2),
            ("control_method", ControlMethod.values, 1, 3),
            ("technology", Technology.values, 0, 3),
            ("service", Service.values, 1, 2),
        ]
        started = time.perf_counter()
        rows = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM cases_casesummary")
            next_id = cursor.fetchone()[0] + 1
            for chunk in range(0, count, 10_000):
                cases, cats = [], []
                for g in range(chunk, min(count, chunk + 10_000)):
                    pk = next_id + g
                    lists = [
                        sorted({rng.choice(v) for _ in range(rng.randint(lo, hi))})
                        for _, v, lo, hi in dims
                    ]
                    month, region = rng.choice(months), rng.choice(regions)
                    consent = rng.choice(["none", "aggregate", "aggregate", "share"])
                    org = orgs[g % 4]
                    cases.append(
                        (pk, f"B-{g:010x}", org, month, region, consent,
                         *[json.dumps(x) for x in lists])
                    )  # fmt: skip
                    for (dim, *_), values in zip(dims, lists, strict=True):
                        cats.extend((pk, org, dim, v, month, region, consent) for v in values)
                cursor.executemany(
                    """INSERT INTO cases_casesummary (id, reference, organisation_id, created_at,
                        updated_at, reported_month, region, consent, citizenship,
                        exploitation_types, recruitment_methods, control_methods, technologies,
                        services_provided, age_band, gender, industry, status, summary_ct,
                        notes_ct)
                       VALUES (%s, %s, %s, datetime('now'), datetime('now'), %s, %s, %s, %s, %s,
                        %s, %s, %s, %s, 'unknown', 'male', 'C', 'active', 'v1.1.x', '')""",
                    cases,
                )
                cursor.executemany(
                    """INSERT INTO cases_casecategory (case_id, organisation_id, dimension, value,
                        reported_month, region, consent) VALUES (%s, %s, %s, %s, %s, %s, %s)""",
                    cats,
                )
                rows += len(cats)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"loaded {count:,} cases and {rows:,} category rows ({rows / count:.1f} per case) "
            f"in {time.perf_counter() - started:.1f}s"
        )
        return orgs

    def measure_sqlite(self) -> None:
        months = "reported_month BETWEEN '2024-01-01' AND '2026-12-01'"
        year = "reported_month BETWEEN '2025-01-01' AND '2025-12-01'"
        self.time_query(
            "A trends: child table, month x region x technology",
            f"""SELECT reported_month, region, value, count(*) FROM cases_casecategory
                WHERE dimension = 'technology' AND consent IN {CONSENTED} AND {months}
                GROUP BY 1, 2, 3""",  # noqa: S608
        )
        self.time_query(
            "B trends: JSON list on the case, json_each",
            f"""SELECT c.reported_month, c.region, t.value, count(*) FROM cases_casesummary c,
                json_each(c.technologies) t
                WHERE c.consent IN {CONSENTED} AND c.{months} GROUP BY 1, 2, 3""",  # noqa: S608
        )
        self.time_query(
            "A count one value in one year: child table",
            f"""SELECT count(*) FROM cases_casecategory
                WHERE dimension = 'technology' AND value = 'livestream' AND {year}""",  # noqa: S608
        )
        self.time_query(
            "B count one value in one year: JSON (no index possible)",
            f"""SELECT count(*) FROM cases_casesummary c WHERE {year} AND EXISTS
                (SELECT 1 FROM json_each(c.technologies) t WHERE t.value = 'livestream')""",  # noqa: S608
        )
        org = Organisation.objects.get(slug=BENCH_ORGS[0][0]).pk
        self.time_query(
            "List page: one org, exploitation_type filter, 50 rows",
            f"""SELECT c.id FROM cases_casesummary c WHERE c.organisation_id = {org}
                AND EXISTS (SELECT 1 FROM cases_casecategory k WHERE k.case_id = c.id
                            AND k.organisation_id = c.organisation_id
                            AND k.dimension = 'exploitation_type' AND k.value = 'servitude')
                ORDER BY c.reported_month DESC, c.id DESC LIMIT 50""",  # noqa: S608
        )
