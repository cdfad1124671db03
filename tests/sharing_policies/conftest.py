"""Sharing fixtures: a shareable case owned by ``owner_org`` and helpers that make requests,
grants and shares through the services (so every row is exactly what the API would make)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from coord.cases.services import case_create
from sharing_policies import services
from sharing_policies.models import SharingGrant

SUMMARY = "Recruited through an online job advert for factory work across the border."
NOTES = "Follow up on the legal aid referral next month."


def days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def make_case(owner_org, owner_admin):
    """A case created through the service; consent ``share`` unless overridden."""

    def make(organisation=None, actor=None, **overrides):
        data = {
            "reported_month": date(2025, 3, 1),
            "region": "KH-12",
            "exploitation_types": ["forced_labour"],
            "consent": "share",
            "summary": SUMMARY,
            "notes": NOTES,
        }
        data.update(overrides)
        return case_create(
            actor=actor or owner_admin, organisation=organisation or owner_org, data=data
        )

    return make


@pytest.fixture
def case(make_case):
    return make_case()


@pytest.fixture
def make_request(owner_org, grantee_admin):
    """A pending access request (grantee -> owner by default)."""

    def make(actor=None, to=None, scope="summaries", valid_until=None, **kwargs):
        return services.access_request_create(
            actor=actor or grantee_admin,
            to_organisation=to or owner_org,
            scope=scope,
            valid_until=valid_until or days(30),
            **kwargs,
        )

    return make


@pytest.fixture
def make_grant(make_request, owner_admin):
    """A live grant made by approving a request; ``until`` moves its end date afterwards
    (straight in the database, as time passing would)."""

    def make(scope="summaries", until: date | None = None, approver=None, **kwargs):
        req = make_request(scope=scope, **kwargs)
        grant = services.access_request_approve(actor=approver or owner_admin, access_request=req)
        if until is not None:
            SharingGrant.objects.filter(pk=grant.pk).update(valid_until=until)
            grant.refresh_from_db()
        return grant

    return make


@pytest.fixture
def make_share(owner_admin, grantee_org):
    def make(case, organisation=None, valid_until=None, include_narrative=False, actor=None):
        return services.share_create(
            actor=actor or owner_admin,
            case=case,
            organisation=organisation or grantee_org,
            valid_until=valid_until or days(30),
            include_narrative=include_narrative,
        )

    return make
