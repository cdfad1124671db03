"""Bench scenarios of issue 21: the dry run and the commit of a spreadsheet import, and a
case export, each timed once (wall clock) with the growth of this process's peak RSS."""

from __future__ import annotations

import io
import random
import resource
import time
from typing import Any

from django.db import transaction

IMPORT_ROWS = {"small": 1_000, "medium": 10_000, "large": 10_000}
EXPORT_CASES = {"small": 2_000, "medium": 10_000, "large": 100_000}

_REGIONS = ("KH-12", "KH-2", "TH-10", "VN-HN", "MM-06")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _xlsx(rows: int) -> bytes:
    """A workbook like the template's, one row in 100 with a phone number in its notes."""
    from openpyxl import Workbook

    from coord.bench.scenarios import narrative

    rng = random.Random(21)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["case_no", "reported_month", "region", "gender", "exploitation_types", "notes"])
    for n in range(rows):
        notes = "Call +855 12 345 678" if n % 100 == 7 else narrative(rng, 200)
        sheet.append(
            [
                f"C-{n}",
                f"2024-{1 + n % 12:02d}",
                _REGIONS[n % len(_REGIONS)],
                rng.choice(("female", "male", "unknown")),
                "forced_labour;servitude",
                notes,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _result(seconds: float, items: int, rss: float, notes: str) -> dict[str, Any]:
    return {
        "ours": {
            "p50_ms": round(seconds * 1000, 1),
            "p95_ms": round(seconds * 1000, 1),
            "per_s": round(items / seconds, 1) if seconds else None,
            "runs": 1,
        },
        "baseline": None,
        "ratio": None,
        "unit": "rows/s",
        "peak_rss_growth_mb": round(rss, 1),
        "notes": notes,
    }


def import_dry_run(bench) -> dict[str, Any]:
    """``import_check`` of an XLSX of 10,000 rows (1,000 at small scale)."""
    from coord.imports.services import import_check

    rows = IMPORT_ROWS[bench.scale.name]
    content = _xlsx(rows)
    org, user = bench.net.orgs[0], bench.net.caseworkers[0]
    before = _peak_mb()
    started = time.perf_counter()
    upload = import_check(actor=user, organisation=org, content=content, key_column="case_no")
    seconds = time.perf_counter() - started
    bench.last_import = upload
    return _result(
        seconds,
        rows,
        _peak_mb() - before,
        f"{rows} rows, {len(content) // 1024} KiB XLSX, {upload.passed} passed, "
        f"{upload.rows - upload.passed} refused",
    )


def import_commit(bench) -> dict[str, Any]:
    """``import_commit_run`` of the dry run above (its passing rows, batches of 200)."""
    from coord.imports.services import import_commit_run, import_commit_start

    upload = getattr(bench, "last_import", None)
    if upload is None:
        import_dry_run(bench)
        upload = bench.last_import
    with transaction.atomic():
        job = import_commit_start(actor=upload.created_by, upload=upload)
    before = _peak_mb()
    started = time.perf_counter()
    result = import_commit_run(job_id=str(job.pk), import_id=str(upload.pk))
    seconds = time.perf_counter() - started
    return _result(
        seconds, result["created"], _peak_mb() - before, f"{result['created']} cases created"
    )


def export_cases(bench) -> dict[str, Any]:
    """``export_rows`` of every case in the bench database as streamed CSV bytes (the
    policy's fields for an owner), 2,000 / 10,000 / 100,000 cases by scale."""
    from coord.cases.models import CaseSummary
    from coord.imports.exports import export_rows
    from coord.imports.sheets import csv_stream

    total = EXPORT_CASES[bench.scale.name]
    bench.cases(total)
    everything = frozenset(("reference", "organisation", "region", "reported_month"))
    fields = everything | frozenset(
        f.name for f in CaseSummary._meta.get_fields() if hasattr(f, "column")
    )
    before = _peak_mb()
    started = time.perf_counter()
    size = 0
    for chunk in csv_stream(
        export_rows(
            reader=bench.net.admins[0],
            cases=CaseSummary.objects.all(),
            fields_of=lambda case: fields,
            narratives=False,
            on_page=lambda page: None,
        )
    ):
        size += len(chunk)
    seconds = time.perf_counter() - started
    return _result(seconds, total, _peak_mb() - before, f"{total} cases, {size // 1024} KiB of CSV")
