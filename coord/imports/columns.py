"""The columns of an import: which case field a heading names, and what a cell means.

Headings equal to the API's case field names are recognised as they are (any case);
other headings need a mapping, remembered per organisation. Closed-list values are matched
by code or by label in any of the five languages, ignoring case; list fields hold codes
separated by ``;``. Messages say what is allowed, never what the cell held.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coord.cases.choices import (
    CATEGORY_FIELD_ORDER,
    DIMENSION_CHOICES,
    LIST_FIELDS,
    AgeBand,
    Consent,
    Gender,
    Industry,
    Status,
)
from coord.cases.validation import parse_month

# The case fields an import may fill, in the template's order.
FIELDS = (*CATEGORY_FIELD_ORDER, "summary", "notes")
REQUIRED = ("reported_month", "region")
TEXT_FIELDS = ("summary", "notes")
LIST_SEPARATOR = ";"

CHOICES: dict[str, type[models.TextChoices]] = {
    "age_band": AgeBand,
    "gender": Gender,
    "industry": Industry,
    "status": Status,
    "consent": Consent,
    **{
        name: DIMENSION_CHOICES[dim]
        for name, dim in LIST_FIELDS.items()
        if dim in DIMENSION_CHOICES
    },
}


def header_key(header: str) -> str:
    """The form a heading is compared and remembered in."""
    return " ".join(header.split()).casefold()


@cache
def _lookup(field: str) -> dict[str, str]:
    """Code or label (any language, case-folded) -> code."""
    choices = CHOICES[field]
    table: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in choices.choices:
                table.setdefault(str(label).strip().casefold(), code)
    for code in choices.values:  # codes win over any label that happens to equal one
        table[code.casefold()] = code
    return table


def allowed_text(field: str) -> str:
    """``code (label)`` of every allowed value, labels in the active language."""
    return ", ".join(f"{code} ({label})" for code, label in CHOICES[field].choices)


def _choice(field: str, text: str) -> str:
    code = _lookup(field).get(" ".join(text.split()).casefold())
    if code is None:
        raise ValidationError(
            _("Not an allowed value. Allowed: %(values)s.")
            % {"values": ", ".join(CHOICES[field].values)},
            code="invalid_choice",
        )
    return code


def cell_value(field: str, text: str) -> Any:
    """The value ``case_check`` takes for ``field`` from a cell's text (not empty)."""
    if field == "reported_month":
        return parse_month(text)
    if field in LIST_FIELDS:
        items = [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
        if field == "citizenship":
            return items
        return [_choice(field, item) for item in items]
    if field in CHOICES:
        return _choice(field, text)
    if field == "region":
        return text.strip()
    return text  # free text: the PII guard and the length limit run in case_check


def example_row() -> dict[str, str]:
    """A row that passes, for the template."""
    today = timezone.now().date()
    month = date(today.year - 1, 1, 1)
    return {
        "reported_month": f"{month.year:04d}-{month.month:02d}",
        "region": "KH-12",
        "age_band": "18-20",
        "gender": "female",
        "citizenship": "KH",
        "exploitation_types": "forced_labour;forced_criminality",
        "recruitment_methods": "false_job_offer",
        "control_methods": "documents_confiscated;debt_bondage",
        "industry": "A",
        "technologies": "social_media",
        "services_provided": "shelter",
        "status": "active",
        "consent": "aggregate",
        "summary": _("Recruited through a fake job advertisement; returned after three months."),
        "notes": "",
    }
