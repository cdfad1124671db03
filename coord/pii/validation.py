"""Validation helpers that refuse text holding PII without echoing the matched value.

Framework-free (services call them); the API's serializer field is ``coord.pii.fields``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from coord.pii.guard import scan

KIND_LABELS = {
    "email": _("e-mail address"),
    "phone_number": _("phone number"),
    "national_id": _("national ID number"),
    "passport_number": _("passport number"),
    "date_of_birth": _("full date tied to a person"),
    "street_address": _("street address or dwelling"),
    "url": _("web address"),
    "social_handle": _("social media handle"),
    "payment_card": _("payment card number"),
    "iban": _("IBAN"),
    "bank_account": _("bank account number"),
    "gps_coordinates": _("GPS coordinates"),
    "ip_address": _("IP address"),
    "person_name": _("personal name"),
    "vehicle_plate": _("vehicle registration plate"),
    "crypto_wallet": _("crypto wallet address"),
}

# Offsets are 0-based, end exclusive (as in the API's "start"/"end"). The value is never quoted.
MESSAGE = _(
    "Possible identifier (%(label)s) at characters %(start)s-%(end)s. "
    "Remove it and describe the situation in general terms."
)


def _message(kind: str, start: int, end: int) -> str:
    label = KIND_LABELS.get(kind, kind)
    return str(MESSAGE % {"label": label, "start": start, "end": end})


_PASSED = object()


class CleanText(str):
    """A text the PII guard has just passed (only ``pii_check`` builds one).

    Scanning the same characters again finds the same nothing, so ``pii_errors`` and
    ``validate_no_pii`` skip it: the serializer's scan is the request's only one, and the
    services' own check (the last line of defence) costs nothing (issue 22). Any change
    to the text (strip, slice, concatenation) gives a plain ``str``, scanned again; so do a
    copy and a pickle (``__reduce__``), so nothing outside this process is trusted.
    """

    __slots__ = ()

    def __new__(cls, text: str, *, _passed: object = None) -> CleanText:
        if _passed is not _PASSED:
            raise TypeError("a CleanText is built by the PII guard only (pii_check)")
        return super().__new__(cls, text)

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        return str, (str(self),)


def pii_check(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Scan ``text`` once: ``(CleanText(text), [])`` when it passes, ``(text, errors)``
    when it does not (errors as ``pii_errors``)."""
    errors = pii_errors(text)
    if errors:
        return text, errors
    return CleanText(text, _passed=_PASSED), []


def pii_errors(text: str) -> list[dict[str, Any]]:
    """Describe each finding by kind and position only, so errors never leak the value."""
    if type(text) is CleanText:
        return []
    return [
        {
            "code": "pii_detected",
            "kind": f.kind,
            "start": f.start,
            "end": f.end,
            "message": _message(f.kind, f.start, f.end),
        }
        for f in scan(text)
    ]


def validate_no_pii(value: str) -> None:
    """Django validator for web forms; messages name kind and position, never the value."""
    if not value or type(value) is CleanText:
        return
    findings = scan(str(value))
    if findings:
        raise DjangoValidationError(
            [
                DjangoValidationError(
                    MESSAGE,
                    code="pii_detected",
                    params={
                        "label": KIND_LABELS.get(f.kind, f.kind),
                        "start": f.start,
                        "end": f.end,
                    },
                )
                for f in findings
            ]
        )


def refuse_pii(value: str, *, field: str) -> None:
    """For services: a field-keyed ``ValidationError`` when ``value`` holds an identifier,
    so every entry point (API, web, CLI, demo) gets the same refusal, never the value."""
    try:
        validate_no_pii(value)
    except DjangoValidationError as exc:
        raise DjangoValidationError({field: exc.error_list}) from None


def restore_pii_positions(data: Any) -> Any:
    """Turn ``start``/``end`` of pii_detected errors back into ints, in place.

    DRF forces every error leaf into a string; clients need the offsets as numbers to
    highlight the span, so the API exception handler calls this on 400 responses.
    """
    if isinstance(data, dict):
        if data.get("code") == "pii_detected":
            for key in ("start", "end"):
                value = data.get(key)
                if isinstance(value, str) and value.isdigit():
                    data[key] = int(value)
        for value in data.values():
            restore_pii_positions(value)
    elif isinstance(data, list):
        for item in data:
            restore_pii_positions(item)
    return data
