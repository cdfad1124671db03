"""Writes to trend observations. Each is atomic and appends its audit event in the same
transaction; the note is PII-checked and encrypted before it reaches the database, and
audit events name the fields that changed, never their values."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from coord.audit.services import audit_append
from coord.cases.choices import ExploitationType, Industry, RecruitmentMethod, Technology
from coord.cases.validation import (
    allowed_values_message,
    clean_fields,
    current_month,
    validate_region,
    validate_reported_month,
)
from coord.crypto import services as crypto
from coord.crypto.exceptions import KeyShredded
from coord.lib.errors import Exhausted, Invalid
from coord.organisations.selectors import organisation_countries, organisation_of
from coord.pii.validation import pii_errors
from coord.trends import selectors
from coord.trends.aggregates import domain_size, noisy_table, trend_table
from coord.trends.apps import OBSERVATION_TABLE
from coord.trends.models import (
    CountBand,
    Indicator,
    ObservationCategory,
    ObservationDimension,
    PrivacyBudget,
    TrendObservation,
    TrendRelease,
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
            raise ValidationError(gettext_lazy("Expected a month."), code="invalid_month")
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
        raise ValidationError(gettext_lazy("Expected text."), code="invalid")
    if len(value) > MAX_NOTE_CHARS:
        raise ValidationError(
            gettext("At most %(n)s characters.") % {"n": MAX_NOTE_CHARS}, code="max_length"
        )
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
            {
                "note": ValidationError(
                    gettext_lazy(
                        "This organisation's encryption keys were destroyed; no note can be kept."
                    ),
                    code="keys_shredded",
                )
            }
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
        raise ValidationError(
            {
                name: ValidationError(gettext_lazy("This field is required."), code="required")
                for name in missing
            }
        )
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


class TrendErrorCode(StrEnum):
    BUDGET_SPENT = "privacy_budget_spent"
    TABLE_TOO_LARGE = "table_too_large"


MAX_PUBLISHED_CELLS = 50_000  # OpenDP draws ~12 us a cell: at most ~0.6 s of noise
MAX_PERIOD_MONTHS = 120


def _period(query: selectors.TrendQuery) -> selectors.TrendQuery:
    """The query with a period: the last twelve months when none was asked."""
    end = query.month_to or current_month()
    start = query.month_from or (
        date(end.year, 1, 1) if end.month == 12 else date(end.year - 1, end.month + 1, 1)
    )
    if len(selectors.months_between(start, end)) > MAX_PERIOD_MONTHS:
        raise Invalid(
            {
                "from": [
                    gettext("Ask for at most %(n)s months at a time.") % {"n": MAX_PERIOD_MONTHS}
                ]
            }
        )
    return dataclasses.replace(query, month_from=start, month_to=end)


def _network_regions() -> list[str]:
    countries = set(settings.COORD_TREND_COUNTRIES)
    countries |= set(organisation_countries())
    return selectors.first_level_regions(sorted(countries))


def _release_key(query: selectors.TrendQuery, *, k: int, epsilon: float, audience: str) -> str:
    """Who may be handed the same release (``audience``) and what was asked, as a digest."""
    asked = {
        "group_by": list(query.group_by),
        "source": query.source,
        "from": f"{query.month_from:%Y-%m}",
        "to": f"{query.month_to:%Y-%m}",
        "region": query.region,
        "organisation": query.organisation_id,
        "k": k,
        "epsilon": epsilon,
        "audience": audience,
    }
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()


def _budget_period() -> date:
    return current_month()


def privacy_budget_of(user) -> dict[str, Any]:
    """What ``user`` has spent this month and may still spend (shown with every table)."""
    period = _budget_period()
    spent = (
        PrivacyBudget.objects.filter(user=user, period=period).values_list("spent", flat=True)
    ).first() or 0.0
    limit = settings.COORD_TREND_BUDGET
    return {
        "period": f"{period:%Y-%m}",
        "spent": round(spent, 4),
        "limit": limit,
        "remaining": round(max(0.0, limit - spent), 4),
    }


def _released(
    *, actor, query: selectors.TrendQuery, k: int, epsilon: float, audience: str, request
) -> tuple[dict[str, Any], bool]:
    """The release for this question, made now (spending ``epsilon`` of the actor's
    budget) or taken from an unexpired earlier one (free, the same numbers)."""
    domain = selectors.trend_domain(query, regions=_network_regions())
    cells = domain_size(domain, query.group_by)
    if cells > MAX_PUBLISHED_CELLS:
        raise Invalid(
            {
                "group_by": [
                    gettext(
                        "This table would have %(cells)s cells; ask for a shorter period, "
                        "one region, or fewer dimensions."
                    )
                    % {"cells": cells}
                ]
            },
            code=TrendErrorCode.TABLE_TOO_LARGE,
        )
    key = _release_key(query, k=k, epsilon=epsilon, audience=audience)
    now = timezone.now()
    live = TrendRelease.objects.filter(key=key, expires_at__gt=now).order_by("-created_at")
    found = live.first()
    if found is not None:
        return found.table, True
    with transaction.atomic():
        budget, _ = PrivacyBudget.objects.get_or_create(user=actor, period=_budget_period())
        budget = PrivacyBudget.objects.select_for_update().get(pk=budget.pk)
        found = live.first()  # made by a concurrent request while this one waited
        if found is not None:
            return found.table, True
        limit = settings.COORD_TREND_BUDGET
        if budget.spent + epsilon > limit + 1e-9:
            raise Exhausted(
                gettext(
                    "Your privacy budget for %(month)s is spent (%(spent)s of %(limit)s). "
                    "Tables you already asked for are still answered; new ones can be "
                    "asked next month."
                )
                % {
                    "month": f"{budget.period:%Y-%m}",
                    "spent": f"{budget.spent:g}",
                    "limit": f"{limit:g}",
                },
                code=TrendErrorCode.BUDGET_SPENT,
            )
        table = noisy_table(query, k=k, epsilon=epsilon, domain=domain)
        TrendRelease.objects.create(
            key=key,
            table=table,
            epsilon=epsilon,
            computed_by=actor,
            expires_at=now + timedelta(hours=settings.COORD_TREND_RELEASE_HOURS),
        )
        budget.spent += epsilon
        budget.save(update_fields=["spent"])
        audit_append(
            action="trends.release",
            actor=actor,
            organisation=organisation_of(actor),
            object_type="trends",
            object_id=",".join(query.group_by),
            details={"source": query.source, "epsilon": epsilon, "cells": cells},
            request=request,
        )
    return table, False


def trend_table_read(
    *,
    actor,
    query: selectors.TrendQuery,
    k: int,
    dp_epsilon: float | None = None,
    organisation=None,
    exact: bool = False,
    audience: str = "network",
    request=None,
) -> dict[str, Any]:
    """The table for ``query`` as it is published to ``actor``.

    ``exact`` (the access policy's decision: an organisation's own breakdown) or
    ``COORD_TREND_MODE=suppression``: exact counts, suppressed per table. Otherwise a noisy
    release over the whole domain (``noisy_table``), cached for ``audience`` (who may be
    handed the same numbers) so that asking again is free, paid from the actor's monthly
    privacy budget when new. Reading another organisation's breakdown is audited.
    """
    if exact or settings.COORD_TREND_MODE == "suppression":
        table = trend_table(query, k=k, dp_epsilon=dp_epsilon)
        cached = None
    else:
        epsilon = dp_epsilon or settings.COORD_TREND_EPSILON
        query = _period(query)
        table, cached = _released(
            actor=actor, query=query, k=k, epsilon=epsilon, audience=audience, request=request
        )
        table = {**table, "budget": {**privacy_budget_of(actor), "cached": cached}}
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
