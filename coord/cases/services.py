"""Writes to case summaries. Each is atomic and appends its audit event in the same transaction.

Free text is checked by the PII guard and encrypted before it reaches the database;
audit events name the fields that changed, never their values.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.sql import InsertQuery
from django.utils.translation import gettext_lazy as _

from coord.audit.services import audit_append
from coord.cases.apps import CASE_TABLE
from coord.cases.choices import (
    DIMENSION_CHOICES,
    INITIAL_STATUSES,
    LIST_FIELDS,
    AgeBand,
    ClosureReason,
    Consent,
    Dimension,
    Gender,
    Industry,
    Status,
)
from coord.cases.models import CaseCategory, CaseSummary, new_reference
from coord.cases.validation import (
    COUNTRY_MESSAGE,
    MAX_NOTES_CHARS,
    MAX_SUMMARY_CHARS,
    CheckedCaseInput,
    allowed_values_message,
    clean_fields,
    is_country,
    validate_region,
    validate_reported_month,
)
from coord.crypto import services as crypto
from coord.crypto.exceptions import KeyShredded
from coord.lib.errors import Conflict
from coord.organisations.selectors import membership_of, organisation_of
from coord.pii.validation import pii_errors
from sharing_policies.models import NotificationKind
from sharing_policies.services.common import notify

logger = logging.getLogger(__name__)

_REFERENCE_ATTEMPTS = 3

SCALAR_FIELDS = ("reported_month", "region", "age_band", "gender", "industry", "status", "consent")
TEXT_FIELDS = {"summary": ("summary_ct", MAX_SUMMARY_CHARS), "notes": ("notes_ct", MAX_NOTES_CHARS)}
WRITABLE_FIELDS = frozenset(SCALAR_FIELDS) | frozenset(LIST_FIELDS) | frozenset(TEXT_FIELDS)
# The allowed codes of each closed-list field, in their documented order (for the message).
_ALLOWED: dict[str, tuple[str, ...]] = {
    "age_band": tuple(AgeBand.values),
    "gender": tuple(Gender.values),
    "industry": tuple(Industry.values),
    "status": tuple(INITIAL_STATUSES),  # later changes go through case_transition
    "consent": tuple(Consent.values),
    **{
        name: tuple(DIMENSION_CHOICES[dimension].values)
        for name, dimension in LIST_FIELDS.items()
        if dimension in DIMENSION_CHOICES
    },
}


class CaseErrorCode(StrEnum):
    KEYS_SHREDDED = "keys_shredded"
    # The status workflow (409): one code per refusal, so a client can tell "someone already
    # did this" from "not possible from here".
    CASE_ALREADY_ACTIVE = "case_already_active"
    CASE_CLOSED = "case_closed"
    CASE_ALREADY_CLOSED = "case_already_closed"
    CASE_NOT_CLOSED = "case_not_closed"
    ALREADY_OWNER = "already_owner"


STATUS_BY_TRANSITION = (
    "The status changes through the case's activate, close and reopen actions, not by "
    "editing the case."
)


class ShreddedKeysError(Conflict):
    """Narrative cannot be written once the organisation's keys were destroyed."""

    default_message = (
        "This organisation's encryption keys were destroyed; narrative text can no longer be "
        "written. The case's other fields can still be changed."
    )
    default_code = CaseErrorCode.KEYS_SHREDDED


def _normalise(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every field checked and canonical. Input the API serializer already checked (with
    field-level errors) is only canonicalised; anything else is checked here."""
    clean_one = _canonical if isinstance(data, CheckedCaseInput) else _normalise_one
    return clean_fields(data, writable=WRITABLE_FIELDS, clean_one=clean_one)


def _canonical(name: str, value: Any) -> Any:
    """The stored form of a checked value: codes upper-case, lists sorted without repeats.

    Free text goes through the PII guard again even so: that nothing identifying is ever
    stored must not rest on every caller having used the serializer. A text the
    serializer's guard passed is a ``CleanText``, which ``pii_errors`` does not scan twice.
    """
    if name in TEXT_FIELDS:
        findings = pii_errors(value)
        if findings:
            raise ValidationError([f["message"] for f in findings], code="pii_detected")
        return value
    if name == "region":
        return value.upper()
    if name in LIST_FIELDS:
        if LIST_FIELDS[name] == Dimension.CITIZENSHIP:
            return sorted({v.upper() for v in value})
        return sorted(set(value))
    return value


def _normalise_one(name: str, value: Any) -> Any:
    if name == "reported_month":
        if not isinstance(value, date):
            raise ValidationError("Expected a month.")
        validate_reported_month(value)
    elif name == "region":
        validate_region(value)
    elif name in LIST_FIELDS:
        if not isinstance(value, list | tuple):
            raise ValidationError("Expected a list.")
        if LIST_FIELDS[name] == Dimension.CITIZENSHIP:
            if not all(is_country(v) for v in value):
                raise ValidationError(COUNTRY_MESSAGE)
        elif not all(v in _ALLOWED[name] for v in value):
            raise ValidationError(allowed_values_message(_ALLOWED[name]))
    elif name in _ALLOWED:
        if value not in _ALLOWED[name] and not (name == "industry" and value == ""):
            raise ValidationError(allowed_values_message(_ALLOWED[name]))
    else:  # free text: the PII guard runs in _canonical
        if not isinstance(value, str):
            raise ValidationError("Expected text.")
        limit = TEXT_FIELDS[name][1]
        if len(value) > limit:
            raise ValidationError(f"At most {limit} characters.")
    return _canonical(name, value)


def seal_text(*, organisation, table: str, field: str, row_id: str, text: str) -> str:
    """``text`` encrypted under ``organisation``'s key ("" stays ""): the narrative-like
    fields of cases and follow-ups. A shredded key refuses the write (``ShreddedKeysError``)."""
    if text == "":
        return ""
    try:
        return crypto.encrypt_text(
            organisation=organisation, table=table, field=field, row_id=row_id, plaintext=text
        )
    except KeyShredded as exc:
        raise ShreddedKeysError from exc


def _encrypt(case: CaseSummary, logical: str, text: str) -> str:
    return seal_text(
        organisation=case.organisation,
        table=CASE_TABLE,
        field=logical,
        row_id=case.reference,
        text=text,
    )


def _category_pairs(case: CaseSummary) -> set[tuple[str, str]]:
    """The ``(dimension, value)`` index rows the list fields of ``case`` call for."""
    return {
        (dimension, value)
        for name, dimension in LIST_FIELDS.items()
        for value in getattr(case, name)
    }


def _sync_categories(case: CaseSummary) -> None:
    """Make the CaseCategory rows of ``case`` mirror its list fields and denormalised columns."""
    wanted = _category_pairs(case)
    rows = CaseCategory.objects.filter(case=case)
    existing = set(rows.values_list("dimension", "value"))
    for dimension, value in existing - wanted:
        rows.filter(dimension=dimension, value=value).delete()
    rows.exclude(
        reported_month=case.reported_month, region=case.region, consent=case.consent
    ).update(reported_month=case.reported_month, region=case.region, consent=case.consent)
    _insert_categories(case, sorted(wanted - existing))


# The columns of one CaseCategory row, in the order ``_insert_categories`` gives the values.
_CATEGORY_COLUMNS = (
    "case",
    "organisation",
    "dimension",
    "value",
    "reported_month",
    "region",
    "consent",
)


def _insert_categories(case: CaseSummary, pairs: list[tuple[str, str]]) -> None:
    """Add the index rows ``(dimension, value)`` of ``case`` in one INSERT (a few on SQLite,
    whose backend caps the parameters of one query).

    Plain SQL because ``bulk_create`` builds a model instance per row and reads every id
    back, neither of which the index needs: it cost twice this (issue 10). Names come from
    the model's meta; every value is a parameter.
    """
    if not pairs:
        return
    meta = CaseCategory._meta
    fields = [meta.get_field(name) for name in _CATEGORY_COLUMNS]
    qn = connection.ops.quote_name
    names = ", ".join(qn(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    month = meta.get_field("reported_month").get_db_prep_save(case.reported_month, connection)
    shared = (month, case.region, case.consent)
    size = connection.ops.bulk_batch_size(fields, pairs) or 1
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), size):
            batch = pairs[start : start + size]
            params = [
                value
                for dimension, code in batch
                for value in (case.pk, case.organisation_id, dimension, code, *shared)
            ]
            rows = ", ".join([row] * len(batch))
            sql = f"INSERT INTO {qn(meta.db_table)} ({names}) VALUES {rows}"  # noqa: S608 - no input
            cursor.execute(sql, params)


def _insert_new_case(case: CaseSummary) -> None:
    """INSERT ``case`` and its category index rows. On PostgreSQL one statement (issue 22):
    a data-modifying CTE whose ``INSERT ... RETURNING id`` of the case feeds the index rows'
    INSERT, one round trip instead of two. The case's INSERT is Django's own (its compiler,
    every concrete field, ``auto_now_add`` applied), so a new column needs nothing here.
    Elsewhere ``save()`` and ``_insert_categories``. No ``post_save`` receiver exists for
    cases (``save()`` is skipped on PostgreSQL).
    """
    pairs = sorted(_category_pairs(case))
    if connection.vendor != "postgresql" or not pairs:
        case.save()
        _insert_categories(case, pairs)
        return
    meta = CaseSummary._meta
    query = InsertQuery(CaseSummary)
    query.insert_values(
        [f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated],
        [case],
    )
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk]
    [(case_sql, case_params)] = compiler.as_sql()
    cat = CaseCategory._meta
    qn = connection.ops.quote_name
    names = ", ".join(qn(cat.get_field(name).column) for name in _CATEGORY_COLUMNS)
    month = cat.get_field("reported_month").get_db_prep_save(case.reported_month, connection)
    values = ", ".join(["(%s, %s)"] * len(pairs))
    sql = (
        f"WITH new_case AS ({case_sql}), rows AS (INSERT INTO {qn(cat.db_table)} ({names}) "  # noqa: S608 - names from meta
        f"SELECT new_case.{qn(meta.pk.column)}, %s, v.dimension, v.value, %s::date, %s, %s "
        f"FROM new_case CROSS JOIN (VALUES {values}) AS v(dimension, value)) "
        f"SELECT {qn(meta.pk.column)} FROM new_case"
    )
    params = [
        *case_params,
        case.organisation_id,
        month,
        case.region,
        case.consent,
        *(item for pair in pairs for item in pair),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        case.pk = cursor.fetchone()[0]
    case._state.adding = False
    case._state.db = connection.alias


def case_check(data: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical fields of a case ``case_create`` would make of ``data``, or the
    ``ValidationError`` it would raise (every field's messages at once). Nothing is
    written: the import's dry run checks each row with this, the very check of a create."""
    clean = _normalise(data)
    missing = [name for name in ("reported_month", "region") if name not in clean]
    if missing:
        raise ValidationError({name: "This field is required." for name in missing})
    return clean


def case_create(*, actor, organisation, data: Mapping[str, Any], request=None) -> CaseSummary:
    """Create a case in ``organisation``: refuse PII, encrypt narrative, index categories."""
    clean = case_check(data)
    texts = {name: clean.pop(name) for name in TEXT_FIELDS if name in clean}
    for attempt in range(_REFERENCE_ATTEMPTS):
        reference = new_reference()
        try:
            with transaction.atomic():
                case = CaseSummary(
                    reference=reference,
                    organisation=organisation,
                    created_by=actor,
                    owner=actor,
                    **clean,
                )
                for logical, text in texts.items():  # the reference is bound into each token
                    setattr(case, TEXT_FIELDS[logical][0], _encrypt(case, logical, text))
                _insert_new_case(case)
                audit_append(
                    action="case.create",
                    actor=actor,
                    organisation=organisation,
                    object_type="case",
                    object_id=case.reference,
                    details={"fields": sorted(set(clean) | set(texts))},
                    request=request,
                )
            return case
        except IntegrityError:
            # 50 random bits: two cases drawing the same reference is rare, not impossible
            # (about 1 in 2,000 over a network's first million cases). Draw again.
            taken = CaseSummary.objects.filter(reference=reference).exists()
            if not taken or attempt == _REFERENCE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def case_update(*, actor, case: CaseSummary, data: Mapping[str, Any], request=None) -> CaseSummary:
    """Change the given fields only; the audit event lists the names of those that changed.

    The row is locked and re-read first, so concurrent edits of one case queue instead of
    overwriting each other or racing on its category rows.
    """
    if "status" in data:
        raise ValidationError({"status": STATUS_BY_TRANSITION}, code="use_status_actions")
    clean = _normalise(data)
    texts = {name: clean.pop(name) for name in TEXT_FIELDS if name in clean}
    with transaction.atomic():
        case = _lock(case)
        changed = sorted(name for name, value in clean.items() if getattr(case, name) != value)
        for name in changed:
            setattr(case, name, clean[name])
        for logical, text in texts.items():
            setattr(case, TEXT_FIELDS[logical][0], _encrypt(case, logical, text))
        case.save()
        _sync_categories(case)
        audit_append(
            action="case.update",
            actor=actor,
            organisation=case.organisation,
            object_type="case",
            object_id=case.reference,
            details={"fields": sorted(set(changed) | set(texts))},
            request=request,
        )
    return case


def case_delete(*, actor, case: CaseSummary, request=None) -> None:
    """Delete a case and its category rows; the ciphertext goes with it."""
    with transaction.atomic():
        audit_append(
            action="case.delete",
            actor=actor,
            organisation=case.organisation,
            object_type="case",
            object_id=case.reference,
            request=request,
        )
        case.delete()


def _decrypt(case: CaseSummary, logical: str) -> tuple[str | None, str]:
    """(text, state): state is ``empty``, ``available``, ``shredded`` or ``unavailable``."""
    return crypto.decrypt_with_state(
        organisation=case.organisation,
        table=CASE_TABLE,
        field=logical,
        row_id=case.reference,
        token=getattr(case, TEXT_FIELDS[logical][0]),
    )


def case_narrative_written(*, data: Mapping[str, Any], fields: set[str]) -> dict[str, Any]:
    """The narrative ``case_read_summary`` would give right after ``case_create(data=data)``,
    without decrypting it again: text is stored as given, and the creator belongs to the
    owning organisation, so there is no read to audit. Only the ``fields`` given appear."""
    result: dict[str, Any] = {}
    for logical in TEXT_FIELDS:
        if logical in fields:
            text = data.get(logical) or ""
            result[logical] = text
            result[f"{logical}_state"] = "available" if text else "empty"
    return result


def case_read_summary(
    *, reader, case: CaseSummary, fields: Collection[str], request=None
) -> dict[str, Any]:
    """Decrypt the narrative fields among ``fields`` (the fields the access policy lets
    ``reader`` see: the caller decides, this only reads).

    Returns ``{"summary": text|None, "summary_state": ..., "notes": ..., "notes_state": ...}``
    for the readable ones only. A reader outside the owning organisation leaves a
    ``case.decrypt`` audit event in the same transaction as the read.
    """
    wanted = [name for name in TEXT_FIELDS if name in fields]
    result: dict[str, Any] = {}
    with transaction.atomic():
        for logical in wanted:
            text, state = _decrypt(case, logical)
            result[logical] = text
            result[f"{logical}_state"] = state
        if wanted:
            audit_outside_read(
                reader=reader,
                case=case,
                action="case.decrypt",
                details={"fields": wanted},
                request=request,
            )
    return result


def audit_outside_read(*, reader, case: CaseSummary, action: str, details: dict, request=None):
    """Audit a decrypted read of ``case``'s text by someone outside its organisation (the
    owners' own reads are not events): case narratives and follow-up notes alike."""
    reader_org = organisation_of(reader)
    if reader_org is None or reader_org.pk != case.organisation_id:
        audit_append(
            action=action,
            actor=reader,
            organisation=case.organisation,
            object_type="case",
            object_id=case.reference,
            details=details,
            request=request,
        )


# --- case work: the status workflow and ownership (issue 19) -------------------------------


class CaseAlreadyActive(Conflict):
    default_message = _("This case is already active.")
    default_code = CaseErrorCode.CASE_ALREADY_ACTIVE


class CaseClosed(Conflict):
    default_message = _("This case is closed: reopen it before working on it again.")
    default_code = CaseErrorCode.CASE_CLOSED


class CaseAlreadyClosed(Conflict):
    default_message = _("This case is already closed.")
    default_code = CaseErrorCode.CASE_ALREADY_CLOSED


class CaseNotClosed(Conflict):
    default_message = _("Only a closed case can be reopened.")
    default_code = CaseErrorCode.CASE_NOT_CLOSED


class AlreadyOwner(Conflict):
    default_message = _("This caseworker already owns the case.")
    default_code = CaseErrorCode.ALREADY_OWNER


# action: (the statuses it may start from, the status it leads to)
CASE_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "activate": (frozenset({Status.OPEN, Status.REOPENED}), Status.ACTIVE),
    "close": (frozenset({Status.OPEN, Status.ACTIVE, Status.REOPENED}), Status.CLOSED),
    "reopen": (frozenset({Status.CLOSED}), Status.REOPENED),
}


def _transition_refusal(action: str, status: str) -> Conflict:
    if action == "activate":
        return CaseAlreadyActive() if status == Status.ACTIVE else CaseClosed()
    if action == "close":
        return CaseAlreadyClosed()
    return CaseNotClosed()


def _lock(case: CaseSummary) -> CaseSummary:
    """The case row re-read under a row lock, for every write that reads then changes it.

    Only the case row, and FOR NO KEY UPDATE: a plain FOR UPDATE with select_related also
    locked the organisation row, which the deferred foreign-key checks of every other write
    of that organisation need at COMMIT while they hold the audit chain's lock: a deadlock
    under load (docs/performance.md, load test)."""
    return (
        CaseSummary.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisation")
        .get(pk=case.pk)
    )


def case_transition(
    *, actor, case: CaseSummary, action: str, closure_reason: str = "", request=None
) -> CaseSummary:
    """Move a case along open -> active -> closed -> reopened (``CASE_TRANSITIONS``).

    Closing needs a ``closure_reason`` from ``ClosureReason``; reopening clears it. An
    impossible move is a ``Conflict`` with its own code and changes nothing. Shares and
    grants are not touched: a closed case stays shared until each share ends.
    """
    if action not in CASE_TRANSITIONS:
        raise ValueError(f"unknown case action {action!r}")
    sources, target = CASE_TRANSITIONS[action]
    if action == "close":
        if closure_reason not in ClosureReason.values:
            raise ValidationError(
                {"closure_reason": allowed_values_message(tuple(ClosureReason.values))},
                code="invalid_choice",
            )
    else:
        closure_reason = ""
    with transaction.atomic():
        locked = _lock(case)
        if locked.status not in sources:
            raise _transition_refusal(action, locked.status)
        previous = locked.status
        locked.status, locked.closure_reason = target, closure_reason
        locked.save(update_fields=["status", "closure_reason", "updated_at"])
        details: dict[str, Any] = {"from": previous, "to": target}
        if closure_reason:
            details["closure_reason"] = closure_reason
        audit_append(
            action=f"case.{action}",
            actor=actor,
            organisation=locked.organisation,
            object_type="case",
            object_id=locked.reference,
            details=details,
            request=request,
        )
    return locked


def case_assign(*, actor, case: CaseSummary, owner, request=None) -> CaseSummary:
    """Make ``owner`` (an active member of the case's organisation: the caller checks who
    may assign) the case's caseworker; audited, and the new owner is notified.

    The audit event names both owners by user id, never by name.
    """
    membership = membership_of(owner) if owner is not None else None
    if membership is None or membership.organisation_id != case.organisation_id:
        raise ValidationError(
            {"owner": "Choose an active member of the case's organisation."}, code="not_member"
        )
    with transaction.atomic():
        locked = _lock(case)
        if locked.owner_id == owner.pk:
            raise AlreadyOwner()
        previous = locked.owner_id
        locked.owner = owner
        locked.save(update_fields=["owner", "updated_at"])
        audit_append(
            action="case.assign",
            actor=actor,
            organisation=locked.organisation,
            object_type="case",
            object_id=locked.reference,
            details={"from": previous, "to": owner.pk},
            request=request,
        )
        notify(
            kind=NotificationKind.CASE_ASSIGNED,
            obj=locked,
            object_id=locked.reference,
            object_type="case",
            user=owner,
            skip=actor,
        )
    return locked
