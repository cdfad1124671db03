"""Synthetic de-identified cases for benchmarks and load tests (never for demo screens).

``generate_cases`` bulk-inserts ``CaseSummary`` rows and their ``CaseCategory`` index rows
directly, in batches, bypassing the services (no audit events, no narrative, nothing to
encrypt): it exists to fill a database fast. Values are drawn from the real vocabularies
with a fixed seed, skewed so that some cells are large and many are small.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date

from django.db import transaction

from coord.cases.choices import (
    AgeBand,
    Consent,
    Dimension,
    ExploitationType,
    Gender,
    RecruitmentMethod,
    Technology,
)
from coord.cases.models import CaseCategory, CaseSummary, new_reference

DEFAULT_REGIONS = (
    "KH-12", "KH-2", "KH-17", "KH-18", "KH-1", "TH-10", "TH-50", "TH-20", "TH-83", "TH-90",
    "VN-SG", "VN-HN", "VN-44", "VN-57", "MY-14", "MY-01", "MY-07", "MY-12", "MM-02", "LA-VT",
)  # fmt: skip


def _months(start: date, count: int) -> list[date]:
    out = []
    year, month = start.year, start.month
    for _ in range(count):
        out.append(date(year, month, 1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def _skewed(rng: random.Random, values: Sequence[str]) -> str:
    """Earlier values are much more common (a Zipf-like draw)."""
    weights = [1 / (i + 1) ** 1.3 for i in range(len(values))]
    return rng.choices(values, weights=weights)[0]


def generate_cases(
    *,
    n: int,
    organisation_ids: Sequence[int],
    seed: int = 0,
    start: date = date(2024, 1, 1),
    months: int = 24,
    regions: Sequence[str] = DEFAULT_REGIONS,
    batch_size: int = 5000,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Insert ``n`` synthetic cases (and their category rows); returns how many were made."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    month_list = _months(start, months)
    types = ExploitationType.values
    techs = Technology.values
    recruit = RecruitmentMethod.values
    ages = AgeBand.values
    genders = Gender.values
    consents = [Consent.NONE, Consent.AGGREGATE, Consent.SHARE]
    made = 0
    while made < n:
        size = min(batch_size, n - made)
        cases = []
        lists = []
        for _ in range(size):
            exploitation = sorted({_skewed(rng, types) for _ in range(rng.choice((1, 1, 1, 2)))})
            technologies = sorted({_skewed(rng, techs) for _ in range(rng.choice((0, 1, 1, 2)))})
            recruitment = [_skewed(rng, recruit)]
            cases.append(
                CaseSummary(
                    reference=new_reference(),
                    organisation_id=rng.choice(organisation_ids),
                    reported_month=rng.choice(month_list),
                    region=_skewed(rng, regions),
                    age_band=rng.choice(ages),
                    gender=rng.choice(genders),
                    consent=rng.choices(consents, weights=(2, 5, 3))[0],
                    exploitation_types=exploitation,
                    technologies=technologies,
                    recruitment_methods=recruitment,
                )
            )
            lists.append(
                (
                    (Dimension.EXPLOITATION_TYPE, exploitation),
                    (Dimension.TECHNOLOGY, technologies),
                    (Dimension.RECRUITMENT_METHOD, recruitment),
                )
            )
        with transaction.atomic():
            CaseSummary.objects.bulk_create(cases, batch_size=batch_size)
            CaseCategory.objects.bulk_create(
                (
                    CaseCategory(
                        case_id=case.pk,
                        organisation_id=case.organisation_id,
                        dimension=dimension,
                        value=value,
                        reported_month=case.reported_month,
                        region=case.region,
                        consent=case.consent,
                    )
                    for case, dims in zip(cases, lists, strict=True)
                    for dimension, values in dims
                    for value in values
                ),
                batch_size=batch_size,
            )
        made += size
        if progress:
            progress(made, n)
    return made
