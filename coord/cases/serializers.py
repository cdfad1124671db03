"""Input and output shapes of the case API. No ModelSerializer: narrative is encrypted."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from coord.cases.choices import (
    INITIAL_STATUSES,
    AgeBand,
    ClosureReason,
    Consent,
    ControlMethod,
    ExploitationType,
    Gender,
    Industry,
    RecruitmentMethod,
    Service,
    Status,
    Technology,
)
from coord.cases.validation import (
    COUNTRY_MESSAGE,
    MAX_NOTES_CHARS,
    MAX_SUMMARY_CHARS,
    REGION_MESSAGE,
    CheckedCaseInput,
    allowed_values_message,
    format_month,
    is_country,
    is_first_level_region,
    parse_month,
    validate_reported_month,
)
from coord.lib.api import StrictSerializer
from coord.pii.fields import PiiGuardedCharField


def _django_to_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.messages, code=getattr(exc, "code", None))


class MonthField(serializers.Field):
    """``YYYY-MM`` in and out; a full date or a future month is refused with the reason."""

    def to_internal_value(self, data: Any):
        try:
            month = parse_month(data)
            validate_reported_month(month)
        except DjangoValidationError as exc:
            raise _django_to_drf(exc) from exc
        return month

    def to_representation(self, value) -> str:
        return format_month(value)


class ListedChoiceField(serializers.ChoiceField):
    """A ChoiceField whose error lists the allowed values and never repeats the input."""

    def __init__(self, choices, **kwargs):
        values = [str(c[0]) if isinstance(c, tuple | list) else str(c) for c in choices]
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid_choice", allowed_values_message(values))
        super().__init__(choices, **kwargs)


class FieldsBuiltOnce:
    """Serializer fields built once, at class definition (issue 22).

    DRF deep-copies every declared field for every serializer instance (``get_fields``),
    which re-runs each field's ``__init__`` and copies its choices: a third of a create's
    validation and most of its answer's serialisation. The fields of these serializers hold
    no per-request state (no queryset, no context-dependent default; choices, messages and a
    list's child are never changed once built), so an instance gets shallow copies (of a
    list's child too), on which ``bind`` sets their own name and parent.
    """

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = {}
        for name, declared in self._declared_fields.items():
            field = fields[name] = copy.copy(declared)
            if isinstance(declared, serializers.ListField):
                field.child = copy.copy(declared.child)  # bound once, by ListField
                field.child.parent = field
        return fields


class RegionField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 8)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if not is_first_level_region(value):
            raise serializers.ValidationError(REGION_MESSAGE, code="invalid_region")
        return value.upper()


class CountryField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("error_messages", {"max_length": COUNTRY_MESSAGE})
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if not is_country(value):
            raise serializers.ValidationError(COUNTRY_MESSAGE, code="invalid_country")
        return value.upper()


def _codes(choices_cls) -> serializers.ListField:
    return serializers.ListField(
        child=ListedChoiceField(tuple(choices_cls.choices)),
        required=False,
        max_length=len(choices_cls.choices),
    )


class CaseInputSerializer(FieldsBuiltOnce, StrictSerializer):
    """What a client may write. Owner, author and reference are set by the server only."""

    reported_month = MonthField()
    region = RegionField()
    age_band = ListedChoiceField(tuple(AgeBand.choices), required=False)
    gender = ListedChoiceField(tuple(Gender.choices), required=False)
    citizenship = serializers.ListField(child=CountryField(), required=False, max_length=10)
    exploitation_types = _codes(ExploitationType)
    recruitment_methods = _codes(RecruitmentMethod)
    control_methods = _codes(ControlMethod)
    industry = ListedChoiceField(tuple(Industry.choices), required=False, allow_blank=True)
    technologies = _codes(Technology)
    services_provided = _codes(Service)
    status = ListedChoiceField(
        tuple((value, Status(value).label) for value in INITIAL_STATUSES),
        required=False,
        help_text=(
            "On creation only: open (default) or active. Later changes go through the "
            "case's activate, close and reopen actions."
        ),
    )
    consent = ListedChoiceField(tuple(Consent.choices), required=False)
    summary = PiiGuardedCharField(
        required=False, allow_blank=True, max_length=MAX_SUMMARY_CHARS, trim_whitespace=False
    )
    notes = PiiGuardedCharField(
        required=False, allow_blank=True, max_length=MAX_NOTES_CHARS, trim_whitespace=False
    )

    def validate(self, attrs: dict[str, Any]) -> CheckedCaseInput:
        # Every field passed the checks above: the services need not repeat them.
        return CheckedCaseInput(attrs)


class CaseUpdateInputSerializer(CaseInputSerializer):
    """What a client may change with PATCH: everything it may write on creation except the
    status, which moves only through the workflow's actions (a 400 that says so)."""

    status = None

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict) and "status" in data:
            raise serializers.ValidationError(
                {
                    "status": [
                        ErrorDetail(
                            "The status changes through POST .../activate/, .../close/ or "
                            ".../reopen/.",
                            code="use_status_actions",
                        )
                    ]
                }
            )
        return super().to_internal_value(data)


class CaseCloseInputSerializer(StrictSerializer):
    """Closing a case: why, from the fixed list."""

    closure_reason = ListedChoiceField(tuple(ClosureReason.choices))


class CaseAssignInputSerializer(StrictSerializer):
    """Reassigning a case: the username of an active member of its organisation."""

    owner = serializers.CharField(
        max_length=150, help_text="Username of an active member of the case's organisation."
    )


class CodeListField(serializers.Field):
    """A stored list of codes, written out as strings. Output only; no child field to copy
    for every serializer instance, as ``ListField(child=CharField())`` would (issue 10).
    ``choices`` (a TextChoices class) only types the schema: an array of that enum."""

    def __init__(self, choices=None, **kwargs) -> None:
        self.choices_class = choices
        super().__init__(**kwargs)

    def to_representation(self, value) -> list[str]:
        return [str(code) for code in value]


def _out_choice(choices_class, **kwargs) -> serializers.ChoiceField:
    """An output field whose schema is the enum of ``choices_class`` (named in
    ``SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]``)."""
    return serializers.ChoiceField(choices=tuple(choices_class.choices), **kwargs)


# What made another organisation's case visible: an object, nullable itself (``null`` for
# the reader's own cases). Inline rather than ``allOf: [$ref]`` + ``nullable``, which OpenAPI
# 3.0 validators read as "never null".
VISIBLE_VIA_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": (
        "How another organisation's case is visible to the reader: the public id of the "
        "grant and/or of the single-case share. null for the reader's own cases."
    ),
    "properties": {
        "grant": {"type": "string", "format": "uuid"},
        "share": {"type": "string", "format": "uuid"},
    },
    "additionalProperties": False,
}


@extend_schema_field(VISIBLE_VIA_SCHEMA)
class VisibleViaField(serializers.Field):
    """``visible_via`` of a row, read from the policy's annotations (none on own rows)."""

    def __init__(self, **kwargs) -> None:
        kwargs.update(source="*", read_only=True, allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> dict[str, str] | None:
        via = {}
        if getattr(value, "via_grant", None):
            via["grant"] = str(value.via_grant)
        if getattr(value, "via_share", None):
            via["share"] = str(value.via_share)
        return via or None


class TextState(models.TextChoices):
    """Why an encrypted text is or is not there (``coord.crypto.services.decrypt_with_state``)."""

    AVAILABLE = "available", "available"
    EMPTY = "empty", "empty"
    SHREDDED = "shredded", "shredded"
    UNAVAILABLE = "unavailable", "unavailable"


# Partner reads (through a grant or a share) leave out the fields the grant hides: every
# category and narrative field is optional in the schema (``required=False``); ``reference``,
# ``organisation``, the timestamps and ``visible_via`` are always present (docs/api.md).
_HIDEABLE = {"required": False}


class CaseListOutputSerializer(FieldsBuiltOnce, serializers.Serializer):
    """A row of the case list: categories only, never narrative (nothing is decrypted)."""

    reference = serializers.CharField()
    organisation = serializers.CharField(source="organisation.slug")
    reported_month = MonthField(**_HIDEABLE)
    region = serializers.CharField(**_HIDEABLE)
    age_band = _out_choice(AgeBand, **_HIDEABLE)
    gender = _out_choice(Gender, **_HIDEABLE)
    citizenship = CodeListField(**_HIDEABLE)
    exploitation_types = CodeListField(ExploitationType, **_HIDEABLE)
    recruitment_methods = CodeListField(RecruitmentMethod, **_HIDEABLE)
    control_methods = CodeListField(ControlMethod, **_HIDEABLE)
    industry = _out_choice(Industry, allow_blank=True, **_HIDEABLE)
    technologies = CodeListField(Technology, **_HIDEABLE)
    services_provided = CodeListField(Service, **_HIDEABLE)
    status = _out_choice(Status, **_HIDEABLE)
    closure_reason = _out_choice(
        ClosureReason,
        allow_blank=True,
        help_text="Why the case was closed; empty unless it is closed. Owner only.",
        **_HIDEABLE,
    )
    owner = serializers.CharField(
        source="owner.username",
        allow_null=True,
        help_text=(
            "Username of the caseworker who works the case; null when unassigned. Seen only "
            "inside the owning organisation, never by partners."
        ),
        **_HIDEABLE,
    )
    consent = _out_choice(Consent, **_HIDEABLE)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    visible_via = VisibleViaField()


class CaseDetailOutputSerializer(CaseListOutputSerializer):
    """A case with the narrative its reader may see; ``*_state`` says why a value is null:
    ``available``, ``empty``, ``shredded`` (keys destroyed) or ``unavailable``."""

    summary = serializers.CharField(allow_null=True, **_HIDEABLE)
    summary_state = _out_choice(TextState, **_HIDEABLE)
    notes = serializers.CharField(allow_null=True, **_HIDEABLE)
    notes_state = _out_choice(TextState, **_HIDEABLE)


class AccessLogOutputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    outcome = serializers.CharField()
    actor_username = serializers.CharField()
    actor_organisation = serializers.CharField()
