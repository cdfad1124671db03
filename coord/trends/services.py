"""Writes to trend observations. Each is atomic and appends its audit event in the same
transaction; the note is PII-checked and encrypted before it reaches the database, and
audit events name the fields that changed, never their values."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from coord.audit.services import audit_append
from coord.cases.choices import ExploitationType, Industry, RecruitmentMethod, Technology
from coord.cases.validation import (
    allowed_values_message,
    clean_fields,
    validate_region,
    validate_reported_month,
)
from coord.crypto import services as crypto
from coord.crypto.exceptions import KeyShredded
from coord.organisations.selectors import organisation_of
from coord.pii.validation import pii_errors
from coord.trends import selectors
from coord.trends.aggregates import trend_table
from coord.trends.apps import OBSERVATION_TABLE
from coord.trends.models import (
    CountBand,
    Indicator,
    ObservationCategory,
    ObservationDimension,
    TrendObservation,
)

logger = logging.getLogger(__name__)

MAX_NOTE_CHARS = 2000

# API field -> (dimension in ObservationCategory, allowed values)
LIST_FIELDS: dict[str, tuple[str, type]] = {
    "exploitation_types": (ObservationDimension.EXPLOITATION_TYPE, ExploitationType),
    "recruitment_methods": (ObservationDimension.RECRUITMENT_METHOD, RecruitmentMethod),
    "technologies": (ObservationDimension.TECHNOLOGY, Technology),
}
SCALAR_CHOICES = {"estimated_count": CountBand, "indicator": Indicator, "industry": Industry}
WRITABLE_FIELDS = frozenset({"period", "region", "note", *LIST_FIELDS, *SCALAR_CHOICES})
REQUIRED_FIELDS = ("period", "region", "estimated_count", "indicator")


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    return clean_fields(data, writable=WRITABLE_FIELDS, clean_one=_normalise_one)


def _normalise_one(name: str, value: Any) -> Any:
    if name == "period":
        if not isinstance(value, date):
            raise ValidationError("Expected a month.")
        validate_reported_month(value)
        return value
    if name == "region":
        validate_region(value)
        return value.upper()
    if name in SCALAR_CHOICES:
        if name == "industry" and value == "":
            return ""
        allowed = SCALAR_CHOICES[name].values
        if value not in allowed:
            raise ValidationError(allowed_values_message(allowed))
        return value
    if name in LIST_FIELDS:
        allowed = LIST_FIELDS[name][1].values
        if not isinstance(value, list | tuple) or not all(v in allowed for v in value):
            raise ValidationError(allowed_values_message(allowed))
        return sorted(set(value))
    # the note
    if not isinstance(value, str):
        raise ValidationError("Expected text.")
    if len(value) > MAX_NOTE_CHARS:
        raise ValidationError(f"At most {MAX_NOTE_CHARS} characters.")
    findings = pii_errors(value)
    if findings:
        raise ValidationError([f["message"] for f in findings], code="pii_detected")
    return value


def _encrypt_note(observation: TrendObservation, text: str) -> str:
    if text == "":
        return ""
    try:
        return crypto.encrypt_text(
            organisation=observation.organisation,
            table=OBSERVATION_TABLE,
            field="note",
            row_id=observation.public_id,
            plaintext=text,
        )
    except KeyShredded:
        raise ValidationError(
            {"note": "This organisation's encryption keys were destroyed; no note can be kept."}
        ) from None


def _sync_categories(observation: TrendObservation) -> None:
    """Make the index rows mirror the observation's lists, period and region."""
    wanted = {
        (dimension, value)
        for name, (dimension, _allowed) in LIST_FIELDS.items()
        for value in getattr(observation, name)
    }
    rows = ObservationCategory.objects.filter(observation=observation)
    existing = set(rows.values_list("dimension", "value"))
    for dimension, value in existing - wanted:
        rows.filter(dimension=dimension, value=value).delete()
    rows.exclude(period=observation.period, region=observation.region).update(
        period=observation.period, region=observation.region
    )
    ObservationCategory.objects.bulk_create(
        ObservationCategory(
            observation=observation,
            dimension=dimension,
            value=value,
            period=observation.period,
            region=observation.region,
        )
        for dimension, value in sorted(wanted - existing)
    )


def trend_observation_create(
    *, actor, organisation, data: dict[str, Any], request=None
) -> TrendObservation:
    """Log an observation for ``organisation``: refuse PII, encrypt the note, index categories."""
    clean = _normalise(data)
    missing = [name for name in REQUIRED_FIELDS if name not in clean]
    if missing:
        raise ValidationError({name: "This field is required." for name in missing})
    note = clean.pop("note", "")
    with transaction.atomic():
        observation = TrendObservation(organisation=organisation, created_by=actor, **clean)
        observation.note_ct = _encrypt_note(observation, note)
        observation.save()
        _sync_categories(observation)
        audit_append(
            action="trend_observation.create",
            actor=actor,
            organisation=organisation,
            object_type="trend_observation",
            object_id=observation.public_id,
            details={"fields": sorted(set(clean) | ({"note"} if note else set()))},
            request=request,
        )
    return observation


def trend_observation_update(
    *, actor, observation: TrendObservation, data: dict[str, Any], request=None
) -> TrendObservation:
    """Change the given fields only; the audit event lists the names of those that changed."""
    clean = _normalise(data)
    has_note = "note" in clean
    note = clean.pop("note", "")
    changed = sorted(name for name, value in clean.items() if getattr(observation, name) != value)
    with transaction.atomic():
        for name in changed:
            setattr(observation, name, clean[name])
        if has_note:
            observation.note_ct = _encrypt_note(observation, note)
        observation.save()
        _sync_categories(observation)
        audit_append(
            action="trend_observation.update",
            actor=actor,
            organisation=observation.organisation,
            object_type="trend_observation",
            object_id=observation.public_id,
            details={"fields": sorted(set(changed) | ({"note"} if has_note else set()))},
            request=request,
        )
    return observation


def trend_observation_read_note(*, observation: TrendObservation) -> tuple[str | None, str]:
    """(note, state) for a reader of the owning organisation (the policy decided that):
    state is ``empty``, ``available``, ``shredded`` or ``unavailable``."""
    return crypto.decrypt_with_state(
        organisation=observation.organisation,
        table=OBSERVATION_TABLE,
        field="note",
        row_id=observation.public_id,
        token=observation.note_ct,
    )


def trend_table_read(
    *,
    actor,
    query: selectors.TrendQuery,
    k: int,
    dp_epsilon: float | None = None,
    organisation=None,
    request=None,
) -> dict[str, Any]:
    """The suppressed table for ``query`` (``organisation``: the breakdown the access policy
    allowed, or None for the network). Reading another organisation's own breakdown is
    audited."""
    table = trend_table(query, k=k, dp_epsilon=dp_epsilon)
    table["organisation"] = organisation.slug if organisation else None
    own = organisation_of(actor)
    if organisation is not None and (own is None or own.pk != organisation.pk):
        audit_append(
            action="trends.breakdown",
            actor=actor,
            organisation=organisation,
            object_type="organisation",
            object_id=organisation.slug,
            details={"group_by": list(query.group_by), "source": query.source},
            request=request,
        )
    return table
