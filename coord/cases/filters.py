"""List filters (django-filter). Bad values are a 400 that lists the allowed values."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet

from coord.cases.choices import (
    WORKING_STATUSES,
    Consent,
    Dimension,
    ExploitationType,
    Status,
    Technology,
)
from coord.cases.models import CaseCategory, CaseSummary
from coord.cases.validation import allowed_values_message, parse_month


def _choice(choices_cls, **kwargs) -> django_filters.ChoiceFilter:
    message = allowed_values_message(choices_cls.values)
    return django_filters.ChoiceFilter(
        choices=choices_cls.choices, error_messages={"invalid_choice": message}, **kwargs
    )


class MonthFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_month(value)


class MonthFilter(django_filters.Filter):
    field_class = MonthFormField


def _has_value(dimension: str):
    def method(queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Exists(
                CaseCategory.objects.filter(
                    case_id=OuterRef("pk"),
                    # Redundant but useful: lets PostgreSQL carry the list's organisation
                    # constant into the cat_org_value index (2.7 s -> 0.23 s, data-model.md).
                    organisation_id=OuterRef("organisation_id"),
                    dimension=dimension,
                    value=value,
                )
            )
        )

    return method


class CaseFilter(django_filters.FilterSet):
    status = _choice(Status)
    consent = _choice(Consent)
    exploitation_type = _choice(ExploitationType, method=_has_value(Dimension.EXPLOITATION_TYPE))
    technology = _choice(Technology, method=_has_value(Dimension.TECHNOLOGY))
    region = django_filters.CharFilter(method="filter_region", max_length=8)
    reported_month_from = MonthFilter(field_name="reported_month", lookup_expr="gte")
    reported_month_to = MonthFilter(field_name="reported_month", lookup_expr="lte")
    owner = django_filters.CharFilter(method="filter_owner", max_length=150)

    class Meta:
        model = CaseSummary
        fields: list[str] = []

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(region=value.upper())

    def filter_owner(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """``me`` (the signed-in caller: "My cases"), ``none`` (unassigned) or a username.

        A caseload is the cases being worked: without a ``status`` filter, closed cases are
        left out; ``status=closed`` finds them again."""
        if value == "me":
            user = getattr(self.request, "user", None)
            if user is None or not user.is_authenticated:
                return queryset.none()
            queryset = queryset.filter(owner=user)
        elif value == "none":
            queryset = queryset.filter(owner__isnull=True)
        else:
            queryset = queryset.filter(owner__username=value)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=WORKING_STATUSES)
        return queryset

    def is_valid(self) -> bool:
        valid = super().is_valid()
        data = self.form.cleaned_data if valid else {}
        low, high = data.get("reported_month_from"), data.get("reported_month_to")
        if low and high and low > high:
            self.form.add_error(
                "reported_month_to",
                ValidationError("reported_month_to is before reported_month_from."),
            )
            return False
        return valid
