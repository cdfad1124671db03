"""Follow-up fixtures: a shareable case of ``owner_org`` and helpers that make grants,
shares and follow-ups through the services (exactly what the API would make)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from coord.cases.services import case_create
from coord.followups.services import followup_create
from sharing_policies import services as sharing
from tests.web.conftest import web  # noqa: F401 - the signed-in web client, shared

SUMMARY = "Recruited through an online job advert for factory work across the border."
NOTE = "Home visit: settled, attends the vocational course."
PHONE = "+855 12 345 678"


def days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def case(owner_org, owner_caseworker):
    return case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={
            "reported_month": date(2025, 3, 1),
            "region": "KH-12",
            "exploitation_types": ["forced_labour"],
            "consent": "share",
            "summary": SUMMARY,
        },
    )


@pytest.fixture
def make_followup(case, owner_caseworker):
    def make(kind="visit", status="planned", due=None, note=NOTE, actor=None, on=None):
        return followup_create(
            actor=actor or owner_caseworker,
            case=on or case,
            data={"kind": kind, "status": status, "due_date": due or days(3), "note": note},
        )

    return make


@pytest.fixture
def make_grant(owner_org, owner_admin, grantee_admin):
    """A live grant from owner_org to grantee_org, made by approving a request."""

    def make(scope="narratives"):
        req = sharing.access_request_create(
            actor=grantee_admin, to_organisation=owner_org, scope=scope, valid_until=days(30)
        )
        return sharing.access_request_approve(actor=owner_admin, access_request=req)

    return make


@pytest.fixture
def make_share(owner_admin, grantee_org):
    def make(case, include_narrative=True):
        return sharing.share_create(
            actor=owner_admin,
            case=case,
            organisation=grantee_org,
            valid_until=days(30),
            include_narrative=include_narrative,
        )

    return make
