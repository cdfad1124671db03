"""Finding cases: the list's filters, search and orderings (django-filter), shared by the API
and the web pages. Bad values are a 400 (a form error on the web) in plain words, in the
reader's language, naming no internal parameter.

Each filter declares the case field it reads (``field_name``): the access policy refuses a
filter or an ordering on a field some grant hides from a partner (``FILTER_FIELDS``,
``ORDERINGS``). A new filter or ordering is one line here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from coord.cases.choices import (
    WORKING_STATUSES,
    AgeBand,
    Consent,
    Dimension,
    ExploitationType,
    Gender,
    Industry,
    Status,
    Technology,
)
from coord.cases.models import (
    CROCKFORD,
    REFERENCE_LENGTH,
    REFERENCE_PREFIX,
    CaseCategory,
    CaseSummary,
)
from coord.cases.validation import parse_month
from coord.lib.errors import Invalid
from coord.lib.keyset import KeysetPage
from sharing_policies.access import cases as policy

CHOICE_MESSAGE = _("This is not one of the choices. Allowed: %(values)s.")
MONTH_MESSAGE = _("Give a month as YYYY-MM, for example 2025-03.")
MONTH_ORDER_MESSAGE = _("The end month is before the start month.")
SEARCH_MESSAGE = _(
    "Search by case reference: C- followed by up to 10 letters or digits, for example C-7K3."
)
ORDERING_MESSAGE = _("Cases cannot be sorted this way. Allowed: %(values)s.")

# ?ordering= value -> the ordering keys, each list ending in the unique reference, never the
# integer id (a cursor carries the last row's keys to the client). Only the first key reads a
# field a grant may hide (the rest are on every row), so the policy checks that one.
ORDERINGS: dict[str, tuple[str, ...]] = {
    "-reported_month": ("-reported_month", "-reference"),
    "reported_month": ("reported_month", "reference"),
    "-updated_at": ("-updated_at", "-reference"),
    "updated_at": ("updated_at", "reference"),
    "status": ("status", "-updated_at", "-reference"),
    "-status": ("-status", "-updated_at", "-reference"),
}
DEFAULT_ORDERING = "-reported_month"
# When a partner's grant hides the month, its shared lists default to last activity.
FALLBACK_ORDERING = "-updated_at"
ORDERING_LABELS = {
    "-reported_month": _("Newest month first"),
    "reported_month": _("Oldest month first"),
    "-updated_at": _("Last activity, newest first"),
    "updated_at": _("Last activity, oldest first"),
    "status": _("Status (A to Z)"),
    "-status": _("Status (Z to A)"),
}


def _choice(choices_cls, **kwargs) -> django_filters.ChoiceFilter:
    message = CHOICE_MESSAGE % {"values": ", ".join(choices_cls.values)}
    return django_filters.ChoiceFilter(
        choices=choices_cls.choices, error_messages={"invalid_choice": message}, **kwargs
    )


class MonthFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_month(value)
        except ValidationError:
            raise ValidationError(MONTH_MESSAGE, code="invalid_month") from None


class MonthFilter(django_filters.Filter):
    field_class = MonthFormField


_SEARCH = re.compile(rf"^(?:{REFERENCE_PREFIX})?[{CROCKFORD}]{{1,{REFERENCE_LENGTH}}}$")


class SearchFormField(forms.CharField):
    """A case reference or its beginning, any case, with or without ``C-``."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        text = value.strip().upper()
        if not _SEARCH.match(text):
            raise ValidationError(SEARCH_MESSAGE, code="invalid_search")
        return text if text.startswith(REFERENCE_PREFIX) else REFERENCE_PREFIX + text


class SearchFilter(django_filters.Filter):
    """Exact reference when complete, prefix otherwise."""

    field_class = SearchFormField

    def filter(self, qs: QuerySet, value: str | None) -> QuerySet:
        if not value:
            return qs
        if len(value) == len(REFERENCE_PREFIX) + REFERENCE_LENGTH:
            return qs.filter(reference=value)
        return qs.filter(reference__startswith=value)


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
    """The case list's filters, for the API and the web page alike. Labels are declared here:
    a page that relabels the form's fields after validation would not be seen (each bound
    field keeps the label it was made with)."""

    search = SearchFilter(field_name="reference", label=_("Case reference"))
    status = _choice(Status, field_name="status", label=_("Status"))
    consent = _choice(Consent, field_name="consent", label=_("Consent"))
    age_band = _choice(AgeBand, field_name="age_band", label=_("Age band"))
    gender = _choice(Gender, field_name="gender", label=_("Gender"))
    industry = _choice(Industry, field_name="industry", label=_("Industry"))
    exploitation_type = _choice(
        ExploitationType,
        field_name="exploitation_types",
        method=_has_value(Dimension.EXPLOITATION_TYPE),
        label=_("Exploitation type"),
    )
    technology = _choice(
        Technology,
        field_name="technologies",
        method=_has_value(Dimension.TECHNOLOGY),
        label=_("Technology"),
    )
    citizenship = django_filters.CharFilter(
        field_name="citizenship",
        method="filter_citizenship",
        max_length=2,
        label=_("Citizenship"),
    )
    region = django_filters.CharFilter(
        field_name="region", method="filter_region", max_length=8, label=_("Region")
    )
    reported_month_from = MonthFilter(
        field_name="reported_month", lookup_expr="gte", label=_("Reported from (month)")
    )
    reported_month_to = MonthFilter(
        field_name="reported_month", lookup_expr="lte", label=_("Reported until (month)")
    )
    owner = django_filters.CharFilter(
        field_name="owner",
        method="filter_owner",
        max_length=150,
        label=_("Caseworker"),
        help_text=_("Without a status, closed cases are left out."),
    )

    class Meta:
        model = CaseSummary
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user  # whose "My cases" ``owner=me`` means

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(region=value.upper())

    def filter_owner(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """``me`` (the signed-in caller: "My cases"), ``none`` (unassigned) or a username.

        A caseload is the cases being worked: without a ``status`` filter, closed cases are
        left out; ``status=closed`` finds them again."""
        if value == "me":
            if self.user is None or not self.user.is_authenticated:
                return queryset.none()
            queryset = queryset.filter(owner=self.user)
        elif value == "none":
            queryset = queryset.filter(owner__isnull=True)
        else:
            queryset = queryset.filter(owner__username=value)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=WORKING_STATUSES)
        return queryset

    def filter_citizenship(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _has_value(Dimension.CITIZENSHIP)(queryset, name, value.upper())

    def is_valid(self) -> bool:
        valid = super().is_valid()
        data = self.form.cleaned_data if valid else {}
        low, high = data.get("reported_month_from"), data.get("reported_month_to")
        if low and high and low > high:
            self.form.add_error(
                "reported_month_to", ValidationError(MONTH_ORDER_MESSAGE, code="month_order")
            )
            return False
        return valid

    def used_fields(self) -> dict[str, str]:
        """Filters given a value -> the case field each reads (after ``is_valid``)."""
        data = self.form.cleaned_data
        return {
            name: f.field_name
            for name, f in self.filters.items()
            if data.get(name) not in (None, "")
        }


# Which case field each list filter reads.
FILTER_FIELDS = {name: f.field_name for name, f in CaseFilter.base_filters.items()}


class ListCode(StrEnum):
    INVALID_ORDERING = "invalid_ordering"


@dataclass
class CaseListing:
    """A list of cases as asked: the filters (with their errors), the ordering in force, and
    the page and capped count (``None`` when the filters are invalid)."""

    filterset: CaseFilter
    ordering: str
    page: KeysetPage | None
    count: tuple[int, bool] | None


def find_cases(
    user, params: Mapping[str, Any], *, scope: str, size: int, count: bool = True
) -> CaseListing:
    """The page of cases ``params`` asks for (filters, ``search``, ``ordering``, ``cursor``),
    through the access policy: on a list with shared cases a filter or an ordering on a
    field some grant hides is refused (``Invalid``, code ``field_hidden``)."""
    filterset = CaseFilter(params, queryset=CaseSummary.objects.none(), user=user)
    asked = params.get("ordering") or None
    if asked is not None and asked not in ORDERINGS:
        message = ORDERING_MESSAGE % {"values": ", ".join(ORDERINGS)}
        raise Invalid({"ordering": [str(message)]}, code=ListCode.INVALID_ORDERING)
    ordering = asked or DEFAULT_ORDERING
    grants = policy.live_grants_for(user) if scope != "own" else []
    allowed = policy.shared_filterable_fields(user, grants) if scope != "own" else None
    if asked is None and allowed is not None and "reported_month" not in allowed:
        ordering = FALLBACK_ORDERING
    if not filterset.is_valid():
        return CaseListing(filterset, ordering, None, None)
    used = filterset.used_fields()
    if asked is not None:
        used["ordering"] = ORDERINGS[asked][0].lstrip("-")
    policy.refuse_hidden_fields(user, used, scope=scope, grants=grants)
    page, total = policy.case_list_page(
        user,
        scope=scope,
        narrow=filterset.filter_queryset,
        keys=ORDERINGS[ordering],
        cursor=params.get("cursor"),
        size=size,
        count=count,
        grants=grants,
    )
    return CaseListing(filterset, ordering, page, total)
