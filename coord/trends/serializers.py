"""Input and output shapes of the trends API (plain serializers: the note is encrypted)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coord.cases.choices import ExploitationType, Industry, RecruitmentMethod, Technology
from coord.cases.validation import format_month, parse_month, validate_region
from coord.lib.api import StrictSerializer
from coord.pii.fields import PiiGuardedCharField
from coord.trends.aggregates import minimum_k
from coord.trends.models import CountBand, Indicator
from coord.trends.selectors import DIMENSIONS, SOURCE_DIMENSIONS, SOURCES
from coord.trends.services import MAX_NOTE_CHARS

MAX_K = 1000


class MonthField(serializers.CharField):
    """``YYYY-MM`` in, first day of the month out; refuses full dates."""

    def to_internal_value(self, data):
        try:
            return parse_month(super().to_internal_value(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def to_representation(self, value):
        return format_month(value)


class RegionField(serializers.CharField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            validate_region(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return value.upper()


def _choices_list(choices) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices.choices), required=False, max_length=20
    )


class ObservationInputSerializer(StrictSerializer):
    period = MonthField()
    region = RegionField(max_length=8)
    exploitation_types = _choices_list(ExploitationType)
    recruitment_methods = _choices_list(RecruitmentMethod)
    technologies = _choices_list(Technology)
    industry = serializers.ChoiceField(choices=Industry.choices, required=False, allow_blank=True)
    estimated_count = serializers.ChoiceField(choices=CountBand.choices)
    indicator = serializers.ChoiceField(choices=Indicator.choices)
    note = PiiGuardedCharField(
        required=False, allow_blank=True, max_length=MAX_NOTE_CHARS, trim_whitespace=False
    )


class ObservationOutputSerializer(serializers.Serializer):
    """A list row: categories only, nothing decrypted."""

    public_id = serializers.CharField()
    period = MonthField()
    region = serializers.CharField()
    exploitation_types = serializers.ListField(child=serializers.CharField())
    recruitment_methods = serializers.ListField(child=serializers.CharField())
    technologies = serializers.ListField(child=serializers.CharField())
    industry = serializers.CharField()
    estimated_count = serializers.CharField()
    indicator = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ObservationDetailOutputSerializer(ObservationOutputSerializer):
    """The detail adds the decrypted note (owning organisation only) and its state."""

    note = serializers.CharField(allow_null=True)
    note_state = serializers.CharField()


class TrendQueryInputSerializer(StrictSerializer):
    """The query string of ``/api/v1/trends/`` and ``/api/v1/trends.csv``."""

    group_by = serializers.CharField(max_length=200)
    source = serializers.ChoiceField(choices=SOURCES, required=False, default="cases")
    k = serializers.IntegerField(required=False, max_value=MAX_K)
    organisation = serializers.SlugField(required=False, max_length=50)
    region = RegionField(required=False, max_length=8)
    dp_epsilon = serializers.FloatField(required=False, min_value=0.01, max_value=10.0)

    def get_fields(self):
        fields = super().get_fields()
        # "from" and "to" are Python keywords, so they are added here.
        fields["from"] = MonthField(required=False)
        fields["to"] = MonthField(required=False)
        return fields

    def validate_group_by(self, value: str) -> list[str]:
        names = [part.strip() for part in value.split(",") if part.strip()]
        unknown = [n for n in names if n not in DIMENSIONS]
        if not names or unknown:
            raise serializers.ValidationError(
                gettext("Group by one to three of: %(names)s.") % {"names": ", ".join(DIMENSIONS)}
            )
        if len(set(names)) != len(names) or len(names) > 3:
            raise serializers.ValidationError(_("Name each dimension once, at most three of them."))
        return names

    def validate_k(self, value: int) -> int:
        floor = minimum_k()
        if value < floor:
            raise serializers.ValidationError(
                gettext("k may raise the threshold, never lower it below %(floor)s.")
                % {"floor": floor}
            )
        return value

    def validate(self, attrs):
        source = attrs.get("source", "cases")
        allowed = SOURCE_DIMENSIONS[source]
        wrong = [d for d in attrs.get("group_by", []) if d not in allowed]
        if wrong:
            raise serializers.ValidationError(
                {
                    "group_by": [
                        gettext("Observations can be grouped by: %(names)s.")
                        % {"names": ", ".join(allowed)}
                    ]
                }
            )
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError(
                {"to": [_("The last month must not be before the first month.")]}
            )
        return attrs


class TrendTableOutputSerializer(serializers.Serializer):
    k = serializers.IntegerField()
    group_by = serializers.ListField(child=serializers.CharField())
    source = serializers.CharField()
    organisation = serializers.CharField(allow_null=True, default=None)
    cells = serializers.ListField(child=serializers.DictField())
    totals = serializers.DictField()
    suppressed_cells = serializers.IntegerField()
    dp = serializers.DictField(allow_null=True)
    # A noisy release: the caller's privacy budget this month and whether the answer came
    # from an earlier release (free); absent for exact tables.
    budget = serializers.DictField(required=False)
