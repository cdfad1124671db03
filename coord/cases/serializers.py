"""Input and output shapes of the case API. No ModelSerializer: narrative is encrypted."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from coord.cases.choices import (
    AgeBand,
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
    allowed_values_message,
    format_month,
    is_country,
    is_first_level_region,
    parse_month,
    validate_reported_month,
)
from coord.lib.api import StrictSerializer
from coord.pii.validation import PiiGuardedCharField


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
        child=ListedChoiceField(choices_cls.choices),
        required=False,
        max_length=len(choices_cls.choices),
    )


class CaseInputSerializer(StrictSerializer):
    """What a client may write. Owner, author and reference are set by the server only."""

    reported_month = MonthField()
    region = RegionField()
    age_band = ListedChoiceField(AgeBand.choices, required=False)
    gender = ListedChoiceField(Gender.choices, required=False)
    citizenship = serializers.ListField(child=CountryField(), required=False, max_length=10)
    exploitation_types = _codes(ExploitationType)
    recruitment_methods = _codes(RecruitmentMethod)
    control_methods = _codes(ControlMethod)
    industry = ListedChoiceField(Industry.choices, required=False, allow_blank=True)
    technologies = _codes(Technology)
    services_provided = _codes(Service)
    status = ListedChoiceField(Status.choices, required=False)
    consent = ListedChoiceField(Consent.choices, required=False)
    summary = PiiGuardedCharField(
        required=False, allow_blank=True, max_length=MAX_SUMMARY_CHARS, trim_whitespace=False
    )
    notes = PiiGuardedCharField(
        required=False, allow_blank=True, max_length=MAX_NOTES_CHARS, trim_whitespace=False
    )


class CaseListOutputSerializer(serializers.Serializer):
    """A row of the case list: categories only, never narrative (nothing is decrypted)."""

    reference = serializers.CharField()
    organisation = serializers.CharField(source="organisation.slug")
    reported_month = MonthField()
    region = serializers.CharField()
    age_band = serializers.CharField()
    gender = serializers.CharField()
    citizenship = serializers.ListField(child=serializers.CharField())
    exploitation_types = serializers.ListField(child=serializers.CharField())
    recruitment_methods = serializers.ListField(child=serializers.CharField())
    control_methods = serializers.ListField(child=serializers.CharField())
    industry = serializers.CharField()
    technologies = serializers.ListField(child=serializers.CharField())
    services_provided = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    consent = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CaseDetailOutputSerializer(CaseListOutputSerializer):
    """A case with the narrative its reader may see; ``*_state`` says why a value is null:
    ``available``, ``empty``, ``shredded`` (keys destroyed) or ``unavailable``."""

    summary = serializers.CharField(allow_null=True)
    summary_state = serializers.CharField()
    notes = serializers.CharField(allow_null=True)
    notes_state = serializers.CharField()


class AccessLogOutputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    outcome = serializers.CharField()
    actor_username = serializers.CharField()
    actor_organisation = serializers.CharField()
