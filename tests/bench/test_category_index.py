"""The category_index scenario compares two designs only when both give the same answers."""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import timezone

from coord.bench import data
from coord.bench.scenarios import SCALES, Bench, category_index
from coord.cases.models import CaseCategory, CaseSummary


@pytest.fixture
def bench(db):
    return Bench(dataclasses.replace(SCALES["small"], trend_cases=300), log=lambda _m: None, runs=1)


def test_its_counts_from_the_index_table_match_the_lists_on_the_cases(bench):
    answers = category_index(bench)["answers"]
    today = timezone.localdate()
    year = (data._month(today, 12), data._month(today, 1))
    cases = list(CaseSummary.objects.all())
    in_year = [c for c in cases if year[0] <= c.reported_month <= year[1]]
    assert answers["value_count"] == sum("livestream" in c.technologies for c in in_year)
    owner = bench.net.orgs[1].pk
    assert answers["list_count"] == sum(
        "servitude" in c.exploitation_types for c in cases if c.organisation_id == owner
    )


def test_it_refuses_to_time_an_index_table_that_disagrees_with_the_json_lists(bench):
    bench.cases(300)
    CaseCategory.objects.filter(
        dimension="technology", consent__in=["aggregate", "share"]
    ).order_by("id")[:1].get().delete()
    with pytest.raises(RuntimeError, match="disagree"):
        category_index(bench)
