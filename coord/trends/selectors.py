"""Reads for trends: observations lists, and the one grouped query behind every aggregate.

``trend_counts`` runs exactly one SQL statement per call. Grouping by a multi-valued
category starts from the index table (``CaseCategory`` / ``ObservationCategory``), whose
denormalised month and region let PostgreSQL answer month x region x category from the
``cat_trends`` covering index alone; a second multi-valued category or a case-only column
(age band, gender) is joined in the same statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, FilteredRelation, Q, QuerySet

from coord.cases.choices import (
    COUNTED_CONSENT,
    AgeBand,
    Dimension,
    ExploitationType,
    Gender,
    RecruitmentMethod,
    Technology,
)
from coord.cases.models import CaseCategory, CaseSummary
from coord.trends.models import ObservationCategory, ObservationDimension, TrendObservation

SOURCES = ("cases", "observations")
DIMENSIONS = (
    "month",
    "region",
    "exploitation_type",
    "technology",
    "recruitment_method",
    "age_band",
    "gender",
)
SOURCE_DIMENSIONS = {
    "cases": DIMENSIONS,
    "observations": ("month", "region", "exploitation_type", "technology", "recruitment_method"),
}
MULTI_VALUED = {
    "cases": {
        "exploitation_type": Dimension.EXPLOITATION_TYPE,
        "technology": Dimension.TECHNOLOGY,
        "recruitment_method": Dimension.RECRUITMENT_METHOD,
    },
    "observations": {
        "exploitation_type": ObservationDimension.EXPLOITATION_TYPE,
        "technology": ObservationDimension.TECHNOLOGY,
        "recruitment_method": ObservationDimension.RECRUITMENT_METHOD,
    },
}
# How many values one record can hold in each dimension: how many cells it can touch.
DIMENSION_SIZES = {
    "month": 1,
    "region": 1,
    "age_band": 1,
    "gender": 1,
    "exploitation_type": len(ExploitationType.values),
    "technology": len(Technology.values),
    "recruitment_method": len(RecruitmentMethod.values),
}
DIMENSION_LABELS = {
    "exploitation_type": dict(ExploitationType.choices),
    "technology": dict(Technology.choices),
    "recruitment_method": dict(RecruitmentMethod.choices),
    "age_band": dict(AgeBand.choices),
    "gender": dict(Gender.choices),
}


@dataclass(frozen=True)
class TrendQuery:
    group_by: tuple[str, ...]
    source: str = "cases"
    month_from: date | None = None
    month_to: date | None = None
    region: str | None = None
    organisation_id: int | None = None
    # Ids of the records a grant admits (from the access policy), or None: every record.
    cases: QuerySet | None = None
    observations: QuerySet | None = None


def _format(dimension: str, value) -> str:
    if dimension == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return str(value)


def _grouped(query: TrendQuery) -> tuple[QuerySet, list[str]]:
    """The grouped queryset and, per dimension of ``group_by``, the column it reads."""
    cases = query.source == "cases"
    multi = [d for d in query.group_by if d in MULTI_VALUED[query.source]]
    month_col = "reported_month" if cases else "period"
    if multi:
        model = CaseCategory if cases else ObservationCategory
        parent = "case" if cases else "observation"
        qs = model.objects.filter(dimension=MULTI_VALUED[query.source][multi[0]])
        if cases:
            qs = qs.filter(consent__in=COUNTED_CONSENT)
            org_col = "organisation_id"
        else:
            org_col = "observation__organisation_id"
        dims = MULTI_VALUED[query.source]
        columns = {"month": month_col, "region": "region", multi[0]: "value"}
        for i, other in enumerate(multi[1:], start=1):
            alias = f"also_{i}"
            qs = qs.annotate(
                **{
                    alias: FilteredRelation(
                        f"{parent}__categories",
                        condition=Q(**{f"{parent}__categories__dimension": dims[other]}),
                    )
                }
            ).filter(**{f"{alias}__value__isnull": False})
            columns[other] = f"{alias}__value"
        for single in ("age_band", "gender"):
            columns[single] = f"case__{single}"
    else:
        parent = ""
        qs = (
            CaseSummary.objects.filter(consent__in=COUNTED_CONSENT)
            if cases
            else TrendObservation.objects.all()
        )
        org_col = "organisation_id"
        columns = {d: d for d in ("region", "age_band", "gender")}
        columns["month"] = month_col
    if query.month_from:
        qs = qs.filter(**{f"{month_col}__gte": query.month_from})
    if query.month_to:
        qs = qs.filter(**{f"{month_col}__lte": query.month_to})
    if query.region:
        qs = qs.filter(region=query.region)
    if query.organisation_id is not None:
        qs = qs.filter(**{org_col: query.organisation_id})
    admitted = query.cases if cases else query.observations
    if admitted is not None:
        qs = qs.filter(**{f"{parent}_id__in" if multi else "pk__in": admitted})
    wanted = [columns[d] for d in query.group_by]
    return qs, wanted


def trend_counts(query: TrendQuery) -> dict[tuple[str, ...], int]:
    """Raw counts per cell (one SQL query). Only non-empty cells are returned.

    A record with several values of a grouped multi-valued category is counted once
    under each of them (a case of forced labour and servitude adds one to both cells).
    """
    qs, columns = _grouped(query)
    rows = qs.order_by().values_list(*columns).annotate(n=Count("*"))
    return {
        tuple(_format(d, v) for d, v in zip(query.group_by, row[:-1], strict=True)): row[-1]
        for row in rows
    }


def observation_list(*, base: QuerySet[TrendObservation]) -> QuerySet[TrendObservation]:
    """Newest first; nothing decrypted."""
    return base.order_by("-period", "-created_at", "-id")


def first_level_regions(countries: list[str]) -> list[str]:
    """Every first-level region (ISO 3166-2) of ``countries``, sorted: public knowledge,
    not the data, so a region with no case is published like any other."""
    import pycountry

    codes = set()
    for country in countries:
        for sub in pycountry.subdivisions.get(country_code=country.upper()) or []:
            if sub.parent_code is None:
                codes.add(sub.code)
    return sorted(codes)


def months_between(start: date, end: date) -> list[str]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def trend_domain(query: TrendQuery, *, regions: list[str]) -> dict[str, list[str]]:
    """The values each dimension of ``query`` takes in a published table, fixed before
    the data is read: the months of its period, its region or ``regions``, every value of
    a category. ``query`` must have a period."""
    if query.month_from is None or query.month_to is None:
        raise ValueError("a published table needs a period")
    domain = {
        "month": months_between(query.month_from, query.month_to),
        "region": [query.region] if query.region else list(regions),
        "age_band": list(AgeBand.values),
        "gender": list(Gender.values),
        "exploitation_type": list(ExploitationType.values),
        "technology": list(Technology.values),
        "recruitment_method": list(RecruitmentMethod.values),
    }
    return {d: domain[d] for d in query.group_by}
