"""coord.cases.demo: seeded demo cases."""

from __future__ import annotations

import io
import random
from collections import Counter

import pytest

from coord.cases import demo
from coord.cases.models import CaseCategory, CaseSummary
from coord.cases.services import case_read_summary
from coord.pii.guard import scan
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_org():
    org = OrganisationFactory(slug="mekong-shelter", country="KH")
    member(org, "caseworker", "mekong.caseworker")
    return org


def test_it_seeds_a_few_hundred_cases_per_demo_organisation(demo_org):
    out = io.StringIO()
    demo.seed(out)
    count = CaseSummary.objects.filter(organisation=demo_org).count()
    assert demo.CASES_PER_ORG[0] <= count <= demo.CASES_PER_ORG[1]
    assert "mekong-shelter" in out.getvalue()
    assert CaseCategory.objects.filter(organisation=demo_org).count() > count


def test_it_skips_an_organisation_that_has_cases(demo_org):
    assert demo.seed_organisation(demo_org, count=5) == 5
    assert demo.seed_organisation(demo_org, count=5) == 0
    assert CaseSummary.objects.count() == 5


def test_it_writes_narratives_that_pass_the_pii_guard(demo_org):
    demo.seed_organisation(demo_org, count=40)
    reader = demo_org.memberships.get().user
    texts = [
        case_read_summary(reader=reader, case=case, fields={"summary"})["summary"]
        for case in CaseSummary.objects.filter(organisation=demo_org)
    ]
    assert sum(1 for t in texts if t) >= 35
    assert all(scan(t) == [] for t in texts)


def test_it_mixes_categories_and_consent_levels(demo_org):
    demo.seed_organisation(demo_org, count=120)
    cases = CaseSummary.objects.filter(organisation=demo_org)
    consent = Counter(cases.values_list("consent", flat=True))
    assert set(consent) == {"none", "aggregate", "share"}
    years = {c.reported_month.year for c in cases}
    assert {2024, 2025} <= years
    types = Counter(t for c in cases for t in c.exploitation_types)
    assert len(types) >= 5
    assert all(r.startswith("KH-") for r in cases.values_list("region", flat=True))


def test_it_is_deterministic():
    months = demo._months()
    one = random.Random("x")
    two = random.Random("x")
    regions = demo._regions("TH", random.Random("r"))
    assert [demo._case_data(one, "TH", regions, months) for _ in range(20)] == [
        demo._case_data(two, "TH", regions, months) for _ in range(20)
    ]


def test_it_gives_demo_cases_owners_and_every_status(demo_org):
    admin = member(demo_org, "admin", "mekong.admin")
    demo.seed_organisation(demo_org, count=120)
    cases = CaseSummary.objects.filter(organisation=demo_org)
    owners = Counter(cases.values_list("owner__username", flat=True))
    assert owners["mekong.caseworker"] > owners[admin.username] > 0
    assert set(cases.values_list("status", flat=True)) == {"open", "active", "closed", "reopened"}
    closed = cases.filter(status="closed")
    assert not closed.filter(closure_reason="").exists()
    assert not cases.exclude(status="closed").exclude(closure_reason="").exists()
