"""The CaseCategory index mirrors each case's multi-valued categories."""

from __future__ import annotations

from datetime import date

import pycountry
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coord.cases.choices import LIST_FIELDS, Consent, ExploitationType, Technology
from coord.cases.models import CaseCategory
from coord.cases.services import case_delete, case_update

pytestmark = pytest.mark.django_db


def _index_of(case) -> set[tuple[str, str]]:
    return set(CaseCategory.objects.filter(case=case).values_list("dimension", "value"))


def _lists_of(case) -> set[tuple[str, str]]:
    return {(dim, v) for name, dim in LIST_FIELDS.items() for v in getattr(case, name)}


def test_it_indexes_each_value_on_create(make_case):
    case = make_case(citizenship=["KH", "VN"], technologies=["messaging_app", "social_media"])
    assert _index_of(case) == _lists_of(case)
    assert ("citizenship", "VN") in _index_of(case)


def test_it_copies_month_region_consent_and_owner_into_the_index(make_case, owner_org):
    case = make_case(region="KH-1", reported_month=date(2024, 6, 1), consent="share")
    rows = CaseCategory.objects.filter(case=case)
    assert {(r.reported_month, r.region, r.consent, r.organisation_id) for r in rows} == {
        (date(2024, 6, 1), "KH-1", "share", owner_org.pk)
    }


def test_it_follows_month_region_and_consent_changes(make_case, owner_caseworker):
    case = make_case()
    case_update(
        actor=owner_caseworker,
        case=case,
        data={"region": "KH-2", "consent": "none", "reported_month": date(2024, 2, 1)},
    )
    assert set(CaseCategory.objects.filter(case=case).values_list("region", "consent")) == {
        ("KH-2", "none")
    }


def test_it_removes_index_rows_with_the_case(make_case, owner_admin):
    case = make_case()
    case_delete(actor=owner_admin, case=case)
    assert not CaseCategory.objects.exists()


def test_it_indexes_more_values_than_one_query_may_carry(make_case):
    countries = [country.alpha_2 for country in pycountry.countries]  # 249 rows, 1,743 params
    case = make_case(citizenship=countries)
    assert _index_of(case) == _lists_of(case)
    assert len(_index_of(case)) > len(countries)


def test_it_deduplicates_and_sorts_list_values(make_case):
    case = make_case(technologies=["social_media", "dating_app", "social_media"])
    assert case.technologies == ["dating_app", "social_media"]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.lists(st.sampled_from(ExploitationType.values), max_size=4),
    then=st.lists(st.sampled_from(ExploitationType.values), max_size=4),
    techs=st.lists(st.sampled_from(Technology.values), max_size=4),
    consent=st.sampled_from(Consent.values),
)
def test_it_keeps_the_index_in_sync_through_any_update(
    make_case, owner_caseworker, first, then, techs, consent
):
    case = make_case(exploitation_types=first)
    case_update(
        actor=owner_caseworker,
        case=case,
        data={"exploitation_types": then, "technologies": techs, "consent": consent},
    )
    case.refresh_from_db()
    assert _index_of(case) == _lists_of(case)
    assert set(CaseCategory.objects.filter(case=case).values_list("consent", flat=True)) <= {
        consent
    }


def test_it_counts_one_value_by_month_and_region_in_one_query(make_case, django_assert_num_queries):
    from django.db.models import Count

    make_case(technologies=["livestream"], region="KH-1")
    make_case(technologies=["livestream", "dating_app"], region="KH-1")
    make_case(technologies=["livestream"], region="KH-2", consent="none")
    with django_assert_num_queries(1):
        rows = list(
            CaseCategory.objects.filter(dimension="technology", consent__in=["aggregate", "share"])
            .values("reported_month", "region", "value")
            .annotate(n=Count("id"))
            .order_by("region", "value")
        )
    assert rows == [
        {"reported_month": date(2025, 3, 1), "region": "KH-1", "value": "dating_app", "n": 1},
        {"reported_month": date(2025, 3, 1), "region": "KH-1", "value": "livestream", "n": 2},
    ]
