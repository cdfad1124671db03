"""Writes to follow-ups. Each is atomic and appends its audit event in the same transaction.

The note passes the PII guard and is encrypted under the case owner's organisation key
before it reaches the database; audit events name the kind, the status and the fields
that changed, never the note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coord.audit.services import audit_append
from coord.cases.models import CaseSummary
from coord.cases.services import audit_outside_read, seal_text
from coord.crypto import services as crypto
from coord.followups.apps import FOLLOWUP_TABLE
from coord.followups.models import CASE_OWNER_FIELD, FollowUp, FollowUpStatus, Kind
from coord.pii.validation import refuse_pii
from sharing_policies.models import NotificationKind
from sharing_policies.services.common import notify

MAX_NOTE_CHARS = 2000
WRITABLE = ("kind", "status", "due_date", "note")


def _clean(data: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    """Every given field checked; unknown fields refused. Errors are keyed by field and never
    echo a value."""
    errors: dict[str, list] = {}
    clean: dict[str, Any] = {}
    for name in data:
        if name not in WRITABLE:
            errors[name] = ["Unknown field."]
    for name in WRITABLE:
        if name not in data:
            if not partial and name in ("kind", "due_date"):
                errors[name] = ["This field is required."]
            continue
        value = data[name]
        if name == "kind" and value not in Kind.values:
            errors[name] = [f"Allowed values: {', '.join(Kind.values)}."]
        elif name == "status" and value not in FollowUpStatus.values:
            errors[name] = [f"Allowed values: {', '.join(FollowUpStatus.values)}."]
        elif name == "due_date" and not isinstance(value, date):
            errors[name] = ["Expected a date (YYYY-MM-DD)."]
        elif name == "note":
            if not isinstance(value, str):
                errors[name] = ["Expected text."]
            elif len(value) > MAX_NOTE_CHARS:
                errors[name] = [f"At most {MAX_NOTE_CHARS} characters."]
            else:
                try:
                    refuse_pii(value, field="note")
                except ValidationError as exc:  # kind and position only, never the value
                    errors["note"] = exc.error_dict["note"]
        if name not in errors:
            clean[name] = value
    if errors:
        raise ValidationError(errors)
    return clean


def _encrypt(followup: FollowUp, text: str) -> str:
    return seal_text(
        organisation=followup.organisation,
        table=FOLLOWUP_TABLE,
        field="note",
        row_id=str(followup.public_id),
        text=text,
    )


def followup_create(*, actor, case: CaseSummary, data: Mapping[str, Any], request=None) -> FollowUp:
    """A follow-up on ``case`` (the caller decided the actor may write to it)."""
    clean = _clean(data, partial=False)
    note = clean.pop("note", "")
    with transaction.atomic():
        followup = FollowUp(case=case, organisation=case.organisation, created_by=actor, **clean)
        followup.note_ct = _encrypt(followup, note)
        followup.save()
        audit_append(
            action="followup.create",
            actor=actor,
            organisation=case.organisation,
            object_type="case",
            object_id=case.reference,
            details={
                "follow_up": str(followup.public_id),
                "kind": followup.kind,
                "status": followup.status,
                "fields": sorted({*clean, *(["note"] if note else [])}),
            },
            request=request,
        )
    return followup


def followup_update(
    *, actor, followup: FollowUp, data: Mapping[str, Any], request=None
) -> FollowUp:
    """Change the given fields of one follow-up; the audit event names those that changed.
    Marking a follow-up planned again with a new date lets the overdue sweep tell its owner
    again."""
    clean = _clean(data, partial=True)
    note = clean.pop("note", None)
    with transaction.atomic():
        followup = (
            FollowUp.objects.select_for_update(of=("self",))
            .select_related("case", "organisation")
            .get(pk=followup.pk)
        )
        changed = sorted(name for name, value in clean.items() if getattr(followup, name) != value)
        for name in changed:
            setattr(followup, name, clean[name])
        if note is not None:
            followup.note_ct = _encrypt(followup, note)
            changed = sorted({*changed, "note"})
        if {"due_date", "status"} & set(changed):
            followup.overdue_notified_at = None
        followup.save()
        audit_append(
            action="followup.update",
            actor=actor,
            organisation=followup.case.organisation,
            object_type="case",
            object_id=followup.case.reference,
            details={
                "follow_up": str(followup.public_id),
                "kind": followup.kind,
                "status": followup.status,
                "fields": changed,
            },
            request=request,
        )
    return followup


def followup_notes(
    *, reader, case: CaseSummary, followups: Iterable[FollowUp], request=None
) -> dict[int, tuple[str | None, str]]:
    """``{follow-up pk: (note, state)}`` for ``followups`` (already cut by the caller to what
    ``reader`` may see). A reader outside the owning organisation leaves one
    ``followup.decrypt`` audit event naming the follow-ups whose notes it read."""
    rows = list(followups)
    result = {
        row.pk: crypto.decrypt_with_state(
            organisation=case.organisation,
            table=FOLLOWUP_TABLE,
            field="note",
            row_id=str(row.public_id),
            token=row.note_ct,
        )
        for row in rows
    }
    read = [str(row.public_id) for row in rows if row.note_ct]
    if read:
        audit_outside_read(
            reader=reader,
            case=case,
            action="followup.decrypt",
            details={"follow_ups": read},
            request=request,
        )
    return result


def followups_notify_overdue(*, today: date | None = None) -> int:
    """Tell each overdue planned follow-up's author and its case's owner, once.

    Idempotent: a follow-up is claimed by a conditional UPDATE of ``overdue_notified_at``
    before anyone is told, so two sweeps running together notify each follow-up once.
    Returns how many follow-ups were notified.
    """
    day = today or timezone.localdate()
    due = Q(status=FollowUpStatus.PLANNED, due_date__lt=day, overdue_notified_at__isnull=True)
    candidates = list(FollowUp.objects.filter(due).values_list("pk", flat=True)[:1000])
    done = 0
    for pk in candidates:
        with transaction.atomic():
            claimed = FollowUp.objects.filter(due, pk=pk).update(overdue_notified_at=timezone.now())
            if not claimed:
                continue
            followup = FollowUp.objects.select_related(
                "created_by", f"case__{CASE_OWNER_FIELD}"
            ).get(pk=pk)
            owner = getattr(followup.case, CASE_OWNER_FIELD)
            notify(
                kind=NotificationKind.FOLLOWUP_OVERDUE,
                obj=followup,
                object_type="follow_up",
                users=tuple(p for p in (followup.created_by, owner) if p is not None),
            )
            done += 1
    return done
