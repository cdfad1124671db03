"""Imports: the dry run (nothing stored but the sealed file and the report), the commit
(a job storing the rows that passed, in batches), and the 24-hour purge.

Every row is checked by ``coord.cases.services.case_check``, the check ``case_create``
itself runs, and stored by ``case_create``; the PII guard runs on every free-text cell.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coord.audit.services import audit_append
from coord.cases.services import case_check, case_create
from coord.crypto import services as crypto
from coord.imports.apps import IMPORT_FILE_TABLE
from coord.imports.columns import FIELDS, TEXT_FIELDS, cell_value, header_key
from coord.imports.models import ColumnMapping, Import, ImportedCase, ImportFile, ImportStatus
from coord.imports.reading import FORMULA, FileRefused, ImportErrorCode, Table, read_table
from coord.jobs.models import Job
from coord.jobs.services import job_create, job_fail, job_progress, job_succeed
from coord.lib.errors import Conflict, Invalid
from coord.pii.validation import KIND_LABELS, pii_errors

logger = logging.getLogger(__name__)

KEY_PURPOSE = "imports.key_column"
MAX_PROBLEMS = 1000  # listed in the report; the counts cover every row
BATCH = 200
COMMIT_JOB = "imports.commit"


@dataclass
class _Row:
    number: int
    clean: dict[str, Any] | None  # the checked fields, or None when refused
    digest: str = ""  # keyed hash of the import key under the active key
    digests: frozenset[str] = frozenset()
    problems: list[dict[str, Any]] = field(default_factory=list)


# --- columns ----------------------------------------------------------------------------


def _remembered(organisation) -> dict[str, str]:
    return dict(
        ColumnMapping.objects.filter(organisation=organisation).values_list("header", "field")
    )


def resolve_columns(
    *, organisation, headers: list[str], mapping: Mapping[str, str], key_column: str
) -> dict[int, str]:
    """Column index -> case field: the given ``mapping`` (heading -> field, "" to ignore),
    then headings equal to a field name, then the organisation's remembered answers."""
    for position, header in enumerate(headers, start=1):
        if header and pii_errors(header):
            raise FileRefused(
                _("Column %(n)s's heading looks like an identifier. Rename the column.")
                % {"n": position},
                code=ImportErrorCode.HEADER,
            )
    given = {header_key(h): f for h, f in mapping.items()}
    bad = sorted(f for f in given.values() if f and f not in FIELDS)
    if bad:
        raise Invalid({"mapping": [_("Unknown case field in the mapping.")]})
    remembered = _remembered(organisation)
    key = header_key(key_column) if key_column else ""
    if key and key not in {header_key(h) for h in headers}:
        raise Invalid({"import_key_column": [_("No column has this heading.")]})
    columns: dict[int, str] = {}
    for index, header in enumerate(headers):
        name = header_key(header)
        if not name or name == key:
            continue
        if name in given:
            chosen = given[name]
        elif name in FIELDS:
            chosen = name
        else:
            chosen = remembered.get(name, "")
        if chosen:
            if chosen in columns.values():
                raise Invalid({"mapping": [_("Two columns are mapped to the same case field.")]})
            columns[index] = chosen
    return columns


def _remember(organisation, headers: list[str], columns: dict[int, str]) -> None:
    """Remember the organisation's answers for headings that are not field names."""
    for index, chosen in columns.items():
        name = header_key(headers[index])
        if name != chosen:
            ColumnMapping.objects.update_or_create(
                organisation=organisation, header=name[:200], defaults={"field": chosen}
            )


# --- one row ----------------------------------------------------------------------------


def _problem(number: int, header: str, name: str, code: str, message: str) -> dict[str, Any]:
    return {"row": number, "column": header, "field": name, "code": code, "message": message}


def _check_row(number: int, cells: list, headers: list[str], columns: dict[int, str]) -> _Row:
    """Convert and check one row; the problems name row and column, never the value."""
    row = _Row(number=number, clean=None)
    data: dict[str, Any] = {}
    header_of = {name: headers[index] for index, name in columns.items()}
    for index, cell in enumerate(cells):
        if cell is FORMULA:
            heading = headers[index] if index < len(headers) else f"#{index + 1}"
            row.problems.append(
                _problem(
                    number,
                    heading,
                    columns.get(index, ""),
                    "formula",
                    _("a formula — the import reads values only; paste the values instead"),
                )
            )
            continue
        name = columns.get(index)
        if name is None or cell == "":
            continue
        try:
            data[name] = cell_value(name, cell)
        except ValidationError as exc:
            row.problems.append(
                _problem(number, header_of[name], name, exc.code or "invalid", exc.messages[0])
            )
    reported = {p["field"] for p in row.problems}
    try:
        clean = case_check(data)  # every field at once, even after a conversion problem
        row.clean = None if row.problems else clean
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name in reported:
                continue
            kinds = _pii_kinds(data[name]) if name in TEXT_FIELDS else []
            for kind in kinds:  # the guard refused it: say which kind, never where or what
                label = KIND_LABELS.get(kind, kind)
                message = _("possible %(label)s — remove it") % {"label": label}
                row.problems.append(
                    _problem(number, header_of[name], name, "pii_detected", message)
                )
            for message in [] if kinds else messages:
                row.problems.append(
                    _problem(number, header_of.get(name, name), name, "invalid", message)
                )
    return row


def _pii_kinds(text: str) -> list[str]:
    """The kinds the PII guard found in ``text`` (only run once a row was refused, so a
    passing row is scanned once, by ``case_check``)."""
    return list(dict.fromkeys(f["kind"] for f in pii_errors(text)))


def _rows(table: Table, columns: dict[int, str], key_index: int | None, digester) -> Iterator[_Row]:
    for number, cells in table.rows:
        row = _check_row(number, cells, table.headers, columns)
        if key_index is not None:
            key = cells[key_index] if key_index < len(cells) else ""
            if key and key is not FORMULA:
                row.digest, row.digests = digester(" ".join(key.split()).casefold())
        if row.problems:
            row.clean = None
        yield row


def _key_index(headers: list[str], key_column: str) -> int | None:
    if not key_column:
        return None
    wanted = header_key(key_column)
    return next(i for i, h in enumerate(headers) if header_key(h) == wanted)


def _imported(organisation, digests: set[str]) -> set[str]:
    found: set[str] = set()
    chunk = list(digests)
    for start in range(0, len(chunk), 500):
        found.update(
            ImportedCase.objects.filter(
                organisation=organisation, key_digest__in=chunk[start : start + 500]
            ).values_list("key_digest", flat=True)
        )
    return found


# --- dry run ----------------------------------------------------------------------------


def _dry_run(*, organisation, table: Table, columns: dict[int, str], key_column: str) -> dict:
    """The report of a file: counts, columns and the problems (at most MAX_PROBLEMS)."""
    key_index = _key_index(table.headers, key_column)
    digester = (
        crypto.keyed_digester(organisation=organisation, purpose=KEY_PURPOSE)
        if key_index is not None
        else None
    )
    problems: list[dict[str, Any]] = []
    total = passed = refused = 0
    problem_count = 0
    seen: dict[str, int] = {}
    all_digests: dict[int, frozenset[str]] = {}
    duplicates_in_file = 0
    passing_numbers: list[int] = []
    for row in _rows(table, columns, key_index, digester):
        total += 1
        if row.clean is not None and row.digest:
            if row.digest in seen:
                row.problems.append(
                    _problem(
                        row.number,
                        key_column,
                        "",
                        "duplicate_key",
                        _("the same import key as row %(row)s") % {"row": seen[row.digest]},
                    )
                )
                row.clean = None
                duplicates_in_file += 1
            else:
                seen[row.digest] = row.number
                all_digests[row.number] = row.digests
        if row.clean is None:
            refused += 1
            problem_count += len(row.problems)
            room = MAX_PROBLEMS - len(problems)
            if room > 0:
                problems.extend(row.problems[:room])
        else:
            passed += 1
            passing_numbers.append(row.number)
    every = set().union(*all_digests.values()) if all_digests else set()
    already = _imported(organisation, every) if every else set()
    skipped = sum(1 for d in all_digests.values() if d & already)
    return {
        "rows": total,
        "passed": passed - skipped,
        "refused": refused,
        "already_imported": skipped,
        "columns": [
            {"header": h, "field": columns.get(i, "")} for i, h in enumerate(table.headers) if h
        ],
        "missing_fields": [f for f in ("reported_month", "region") if f not in columns.values()],
        "problems": problems,
        "problem_count": problem_count,
        "truncated": problem_count > len(problems),
    }


def import_check(
    *,
    actor,
    organisation,
    content: bytes,
    key_column: str = "",
    mapping: Mapping[str, str] | None = None,
    request=None,
) -> Import:
    """Dry-run ``content``: the report, and the file sealed until commit or 24 h.

    Nothing reaches the cases. Raises ``FileRefused`` (or ``Invalid``) for a file that
    cannot be read as a whole: nothing at all is stored then.
    """
    table = read_table(content)
    columns = resolve_columns(
        organisation=organisation,
        headers=table.headers,
        mapping=mapping or {},
        key_column=key_column,
    )
    report = _dry_run(
        organisation=organisation, table=table, columns=columns, key_column=key_column
    )
    with transaction.atomic():
        upload = Import(
            organisation=organisation,
            created_by=actor,
            status=ImportStatus.CHECKED,
            file_type=table.kind,
            mapping={table.headers[i]: f for i, f in columns.items()},
            key_column=key_column[:200],
            rows=report["rows"],
            passed=report["passed"],
            report=report,
            expires_at=timezone.now() + timedelta(seconds=settings.COORD_IMPORT_KEEP_SECONDS),
        )
        upload.save()
        ImportFile.objects.create(
            upload=upload,
            token=crypto.encrypt_bytes(
                organisation=organisation,
                table=IMPORT_FILE_TABLE,
                field="token",
                row_id=str(upload.pk),
                data=content,
            ),
        )
        _remember(organisation, table.headers, columns)
        audit_append(
            action="import.check",
            actor=actor,
            organisation=organisation,
            object_type="import",
            object_id=str(upload.pk),
            details={
                "file_type": table.kind,
                "rows": report["rows"],
                "passed": report["passed"],
                "refused": report["refused"],
            },
            request=request,
        )
    return upload


# --- commit -----------------------------------------------------------------------------


def import_commit_start(*, actor, upload: Import, request=None) -> Job:
    """Queue the commit of a checked import as a job (``imports.commit``); 409 if it is
    committing, committed or expired. A failed commit may be started again: it resumes."""
    with transaction.atomic():
        locked = Import.objects.select_for_update().get(pk=upload.pk)
        if locked.status not in (ImportStatus.CHECKED, ImportStatus.FAILED):
            raise Conflict(
                _("This import cannot be committed now (it is %(status)s).")
                % {"status": locked.status},
                code=ImportErrorCode.IMPORT_NOT_READY,
            )
        job = job_create(
            kind=COMMIT_JOB, actor=actor, organisation=locked.organisation, request=request
        )
        Import.objects.filter(pk=locked.pk).update(status=ImportStatus.COMMITTING, job=job)
        audit_append(
            action="import.commit",
            actor=actor,
            organisation=locked.organisation,
            object_type="import",
            object_id=str(locked.pk),
            details={"job": str(job.pk), "rows": locked.passed},
            request=request,
        )
    return job


def _store_batch(upload: Import, batch: list[_Row], last_number: int) -> tuple[int, int]:
    """Create the cases of ``batch`` in one transaction with the resume point; rows whose
    import key is already known are skipped. Returns (created, skipped)."""
    created = skipped = 0
    with transaction.atomic():
        known = _imported(upload.organisation, set().union(*(r.digests for r in batch)))
        for row in batch:
            if row.digests & known:
                skipped += 1
                continue
            case = case_create(
                actor=upload.created_by, organisation=upload.organisation, data=row.clean
            )
            if row.digest:
                ImportedCase.objects.create(
                    organisation=upload.organisation, key_digest=row.digest, case=case
                )
                known.add(row.digest)
            created += 1
        Import.objects.filter(pk=upload.pk).update(
            committed_rows=last_number, created=upload.created + created
        )
        upload.created += created
    return created, skipped


def import_commit_run(*, job_id: str, import_id: str) -> dict[str, int]:
    """Store the rows that pass, ``BATCH`` at a time, each batch one transaction that also
    moves the resume point: a worker killed in the middle leaves whole batches only, and
    running it again carries on after the last one."""
    upload = Import.objects.select_related("organisation", "created_by").get(pk=import_id)
    try:
        token = ImportFile.objects.get(upload=upload).token
    except ImportFile.DoesNotExist:
        job_fail(
            job_id, error=str(_("The uploaded file is gone (kept 24 hours). Upload it again."))
        )
        Import.objects.filter(pk=upload.pk).update(status=ImportStatus.FAILED)
        return {}
    try:
        content = crypto.decrypt_bytes(
            organisation=upload.organisation,
            table=IMPORT_FILE_TABLE,
            field="token",
            row_id=str(upload.pk),
            token=token,
        )
        table = read_table(content)
        del content
        index = {header_key(h): i for i, h in enumerate(table.headers)}
        columns = {
            index[header_key(h)]: f for h, f in upload.mapping.items() if header_key(h) in index
        }
        key_index = _key_index(table.headers, upload.key_column)
        digester = (
            crypto.keyed_digester(organisation=upload.organisation, purpose=KEY_PURPOSE)
            if key_index is not None
            else None
        )
        total = upload.passed
        done = created = skipped = 0
        job_progress(job_id, done=0, total=total)
        batch: list[_Row] = []
        seen: set[str] = set()
        last = 0
        for row in _rows(table, columns, key_index, digester):
            last = row.number
            if row.number <= upload.committed_rows or row.clean is None:
                continue
            if row.digest:
                if row.digest in seen:
                    continue
                seen.add(row.digest)
            batch.append(row)
            if len(batch) >= BATCH:
                made, known = _store_batch(upload, batch, last)
                created, skipped, done = created + made, skipped + known, done + len(batch)
                job_progress(job_id, done=min(done, total), total=total)
                batch = []
        if batch:
            made, known = _store_batch(upload, batch, last)
            created, skipped, done = created + made, skipped + known, done + len(batch)
    except Exception:
        logger.exception("import commit failed", extra={"import": str(upload.pk)})
        Import.objects.filter(pk=upload.pk).update(status=ImportStatus.FAILED)
        job_fail(
            job_id,
            error=str(
                _("The commit stopped. The rows stored so far are kept; commit again to go on.")
            ),
        )
        raise
    result = {
        "created": upload.created,
        "skipped": skipped,
        "refused": upload.report.get("refused", 0),
    }
    with transaction.atomic():
        Import.objects.filter(pk=upload.pk).update(status=ImportStatus.COMMITTED)
        ImportFile.objects.filter(upload=upload).delete()
        audit_append(
            action="import.committed",
            actor=upload.created_by,
            organisation=upload.organisation,
            object_type="import",
            object_id=str(upload.pk),
            details=result,
        )
    job_succeed(job_id, result=result)
    return result


# --- purge ------------------------------------------------------------------------------


def imports_purge_expired(*, now=None) -> int:
    """Delete the sealed files of imports not committed within the keep time (beat)."""
    now = now or timezone.now()
    expired = list(
        Import.objects.filter(
            status__in=(ImportStatus.CHECKED, ImportStatus.FAILED), expires_at__lt=now
        ).select_related("organisation")
    )
    for upload in expired:
        with transaction.atomic():
            ImportFile.objects.filter(upload=upload).delete()
            Import.objects.filter(pk=upload.pk).update(status=ImportStatus.EXPIRED)
            audit_append(
                action="import.expire",
                actor=None,
                organisation=upload.organisation,
                object_type="import",
                object_id=str(upload.pk),
            )
    return len(expired)
