"""Exports of cases as rows of text (CSV or XLSX cells), streamed from the database.

The caller hands the queryset and the fields of each row (the access policy's decision);
this only reads. Coarse fields by default; the narrative only when asked, decrypted case by
case, never kept. One ``case.export`` audit event names the count and whether narratives
were included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db.models import QuerySet

from coord.audit.services import audit_append
from coord.cases.choices import CATEGORY_FIELD_ORDER
from coord.cases.services import case_read_summary
from coord.cases.validation import format_month

COARSE = ("reference", "organisation", *CATEGORY_FIELD_ORDER, "created_at", "updated_at")
NARRATIVE = ("summary", "notes")
CHUNK = 2000


def _cell(case, name: str) -> str:
    if name == "organisation":
        return case.organisation.slug
    value = getattr(case, name)
    if name == "reported_month":
        return format_month(value)
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if name in ("created_at", "updated_at"):
        return value.isoformat(timespec="seconds")
    return "" if value is None else str(value)


def export_columns(*, narratives: bool) -> tuple[str, ...]:
    return COARSE + NARRATIVE if narratives else COARSE


def export_rows(
    *,
    reader,
    cases: QuerySet,
    fields_of: Callable,
    narratives: bool,
    on_page: Callable[[list], None],
) -> Iterator[list[str]]:
    """The heading row, then one row per case (fields it may not see left empty).
    ``on_page`` is called with every ``CHUNK`` cases, before they are written (the
    policy's per-case audit of shared rows)."""
    columns = export_columns(narratives=narratives)
    yield list(columns)
    queryset = cases.select_related("organisation").order_by("pk")
    if not narratives:
        queryset = queryset.defer("summary_ct", "notes_ct")
    page: list = []

    def flush(batch: list) -> Iterator[list[str]]:
        on_page(batch)
        for case in batch:
            allowed = fields_of(case)
            row = [_cell(case, name) if name in allowed else "" for name in COARSE]
            if narratives:
                text = case_read_summary(reader=reader, case=case, fields=set(NARRATIVE))
                row += [text.get(name) or "" for name in NARRATIVE]
            yield row

    for case in queryset.iterator(chunk_size=CHUNK):
        page.append(case)
        if len(page) >= CHUNK:
            yield from flush(page)
            page = []
    if page:
        yield from flush(page)


def export_audit(
    *, actor, organisation, count: int, narratives: bool, scope: str, fmt: str, request=None
) -> None:
    """One event per export: how many cases, whether narratives were included."""
    audit_append(
        action="case.export",
        actor=actor,
        organisation=organisation,
        object_type="case_export",
        details={"count": count, "narratives": narratives, "scope": scope, "format": fmt},
        request=request,
    )
