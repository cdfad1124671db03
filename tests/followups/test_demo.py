"""Demo follow-ups: every demo case page, the timeline and home have content at first run."""

from __future__ import annotations

import io
from datetime import date

import pytest

from coord.cases.services import case_create
from coord.followups.demo import seed
from coord.followups.models import FollowUp
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_case():
    org = OrganisationFactory(slug="mekong-shelter", country="KH")
    author = member(org, "caseworker", "mekong.caseworker")
    return case_create(
        actor=author, organisation=org, data={"reported_month": date(2025, 3, 1), "region": "KH-12"}
    )


def test_it_gives_each_demo_case_done_missed_and_planned_follow_ups(demo_case):
    seed(io.StringIO())
    statuses = sorted(FollowUp.objects.filter(case=demo_case).values_list("status", flat=True))
    assert statuses == ["done", "missed", "planned"]
    assert all(f.note_ct for f in FollowUp.objects.all())


def test_it_adds_nothing_the_second_time(demo_case):
    seed(io.StringIO())
    seed(io.StringIO())
    assert FollowUp.objects.filter(case=demo_case).count() == 3
