"""sharing_policies.demo.seed: every sharing screen has something to show; idempotent."""

from __future__ import annotations

import io
from datetime import date

import pytest

from coord.cases.services import case_create
from coord.organisations.models import Role
from sharing_policies.demo import seed
from sharing_policies.models import AccessRequest, Referral, SharingGrant
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    """The demo organisations and people (as seed_demo makes them), three shareable cases
    at mekong-shelter, then the sharing demo."""
    orgs = {}
    for slug, prefix in (
        ("mekong-shelter", "mekong"),
        ("border-legal-aid", "border"),
        ("delta-outreach", "delta"),
        ("andaman-hotline", "andaman"),
    ):
        orgs[slug] = OrganisationFactory(slug=slug)
        member(orgs[slug], Role.ADMIN, f"{prefix}.admin")
        member(orgs[slug], Role.CASEWORKER, f"{prefix}.caseworker")
    for _ in range(3):
        case_create(
            actor=None,
            organisation=orgs["mekong-shelter"],
            data={"reported_month": date(2025, 3, 1), "region": "KH-12", "consent": "share"},
        )
    seed(io.StringIO())


def test_it_loads_requests_in_every_state(seeded):
    states = set(AccessRequest.objects.values_list("status", flat=True))
    assert states == {"pending", "approved", "denied", "withdrawn"}


def test_it_loads_two_live_grants_of_different_scopes_and_one_expired(seeded):
    from django.utils import timezone

    live = SharingGrant.objects.filter(
        revoked_at__isnull=True, valid_until__gte=timezone.localdate()
    )
    assert sorted(live.values_list("scope", flat=True)) == ["aggregates", "narratives"]
    assert SharingGrant.objects.filter(expired=True).count() == 1


def test_it_loads_referrals(seeded):
    assert set(Referral.objects.values_list("status", flat=True)) == {"pending", "accepted"}


def test_it_is_idempotent(seeded):
    before = (AccessRequest.objects.count(), Referral.objects.count())
    seed(io.StringIO())
    assert (AccessRequest.objects.count(), Referral.objects.count()) == before
