"""Domain checks on case fields, shared by the API serializers and the services.

Messages never repeat the refused value: it is enough to say what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_SUMMARY_CHARS = 4000
MAX_NOTES_CHARS = 4000

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")

FULL_DATE_MESSAGE = _(
    "Give the month only, as YYYY-MM. A full date is refused because an exact day, "
    "together with the other fields, can help identify the person."
)
MONTH_FORMAT_MESSAGE = _("Give the month as YYYY-MM (for example 2025-03).")
FUTURE_MONTH_MESSAGE = _("The reported month cannot be in the future.")
REGION_MESSAGE = _(
    "Unknown region. Use an ISO 3166-2 first-level subdivision code, for example KH-12 or TH-10."
)
COUNTRY_MESSAGE = _("Unknown country. Use ISO 3166-1 alpha-2 codes, for example KH or TH.")


def current_month() -> date:
    today = datetime.now(tz=UTC).date()
    return today.replace(day=1)


def parse_month(value: object) -> date:
    """``YYYY-MM`` -> first day of that month; refuses full dates and other shapes."""
    if not isinstance(value, str):
        raise ValidationError(MONTH_FORMAT_MESSAGE, code="invalid_month")
    text = value.strip()
    if _FULL_DATE.match(text):
        raise ValidationError(FULL_DATE_MESSAGE, code="full_date")
    match = _MONTH.match(text)
    if not match:
        raise ValidationError(MONTH_FORMAT_MESSAGE, code="invalid_month")
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12) or year < 1900:
        raise ValidationError(MONTH_FORMAT_MESSAGE, code="invalid_month")
    return date(year, month, 1)


def format_month(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def validate_reported_month(value: date) -> None:
    """A case is reported in a month that has started, stored as that month's first day."""
    if value.day != 1:
        raise ValidationError(FULL_DATE_MESSAGE, code="full_date")
    if value > current_month():
        raise ValidationError(FUTURE_MONTH_MESSAGE, code="future_month")


def is_first_level_region(code: str) -> bool:
    if not isinstance(code, str) or "-" not in code:
        return False
    subdivision = pycountry.subdivisions.get(code=code.upper())
    return subdivision is not None and subdivision.parent_code is None


def validate_region(value: str) -> None:
    if not is_first_level_region(value):
        raise ValidationError(REGION_MESSAGE, code="invalid_region")


def is_country(code: str) -> bool:
    return (
        isinstance(code, str)
        and len(code) == 2
        and pycountry.countries.get(alpha_2=code.upper()) is not None
    )


def allowed_values_message(values: list[str] | tuple[str, ...]) -> str:
    return gettext("Not an allowed value. Allowed values: %(values)s.") % {
        "values": ", ".join(values)
    }


class CheckedCaseInput(Mapping[str, Any]):
    """Case fields that passed every check of ``CaseInputSerializer`` (which alone builds one).

    The API checks its input in the serializer, whose errors are field-level; the services
    take this mapping as proof of that and skip the value checks (issue 10), but still run
    the PII guard on free text. It is read-only (lists become tuples), so nothing unchecked
    can be slipped in afterwards, and its repr names the fields only, never their values.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in values.items()
        }

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"CheckedCaseInput({sorted(self._values)})"


def clean_fields(
    data: Mapping[str, Any], *, writable: frozenset[str], clean_one: Callable[[str, Any], Any]
) -> dict[str, Any]:
    """Check every given field with ``clean_one`` and return the canonical values.

    Services call this as the last line of defence for input that no serializer checked
    (a ``CheckedCaseInput`` is only canonicalised); it collects every field's error, so
    the client gets them all at once.
    """
    unknown = set(data) - writable
    if unknown:
        raise ValidationError(
            {
                name: ValidationError(_("Unknown field."), code="unknown_field")
                for name in sorted(unknown)
            }
        )
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for name, value in data.items():
        try:
            clean[name] = clean_one(name, value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return clean
