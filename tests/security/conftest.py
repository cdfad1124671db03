"""Security fixtures: one "world" with an object of every kind owned by ``owner-org`` (a case
shared with ``grantee-org``, a referral, a pending request, a live grant, a job, a
notification, a trend observation), and the eight principals the matrix walks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from coord.cases.services import case_create
from coord.followups.services import followup_create
from coord.jobs.services import job_create
from coord.trends.services import trend_observation_create
from sharing_policies import services as sharing
from sharing_policies.models import Notification

PRINCIPALS = (
    "anonymous",
    "owner_caseworker",
    "grantee_caseworker",
    "stranger_caseworker",
    "owner_admin",
    "grantee_admin",
    "stranger_admin",
    "network_coordinator",
)


def _until(days: int = 30) -> date:
    return timezone.localdate() + timedelta(days=days)


@dataclass
class World:
    """Ids of one object of every kind; ``kwargs`` fills URL patterns."""

    users: dict[str, Any]
    kwargs: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


def _case(org, actor, consent: str = "share"):
    return case_create(
        actor=actor,
        organisation=org,
        data={
            "reported_month": date(2025, 3, 1),
            "region": "KH-12",
            "exploitation_types": ["forced_labour"],
            "consent": consent,
            "summary": "Recruited through an online job advert for factory work abroad.",
            "notes": "Follow up on the legal aid referral next month.",
        },
    )


@pytest.fixture
def world(
    owner_org,
    grantee_org,
    stranger_org,
    owner_caseworker,
    owner_admin,
    grantee_caseworker,
    grantee_admin,
    stranger_caseworker,
    stranger_admin,
    network_coordinator,
) -> World:
    users = {
        "anonymous": None,
        "owner_caseworker": owner_caseworker,
        "grantee_caseworker": grantee_caseworker,
        "stranger_caseworker": stranger_caseworker,
        "owner_admin": owner_admin,
        "grantee_admin": grantee_admin,
        "stranger_admin": stranger_admin,
        "network_coordinator": network_coordinator,
    }
    case = _case(owner_org, owner_admin)
    share = sharing.share_create(
        actor=owner_admin, case=case, organisation=grantee_org, valid_until=_until()
    )
    referred = _case(owner_org, owner_admin)
    referral = sharing.referral_create(
        actor=owner_admin,
        case=referred,
        to_organisation=grantee_org,
        reason="legal",
        valid_until=_until(),
    )
    approved = sharing.access_request_create(
        actor=grantee_admin, to_organisation=owner_org, scope="summaries", valid_until=_until()
    )
    grant = sharing.access_request_approve(actor=owner_admin, access_request=approved)
    pending = sharing.access_request_create(
        actor=grantee_admin, to_organisation=owner_org, scope="narratives", valid_until=_until()
    )
    followup = followup_create(
        actor=owner_admin, case=case, data={"kind": "visit", "due_date": _until(3)}
    )
    job = job_create(kind="audit.verify", actor=owner_admin, organisation=owner_org)
    notification = Notification.objects.filter(recipient_user=owner_admin).first()
    observation = trend_observation_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={
            "period": date(2025, 10, 1),
            "region": "TH-83",
            "exploitation_types": ["forced_labour"],
            "technologies": ["messaging_app"],
            "estimated_count": "10-19",
            "indicator": "surge",
            "note": "More reports of fishing-boat recruitment this month.",
        },
    )
    assert notification is not None
    return World(
        users=users,
        kwargs={
            "slug": owner_org.slug,
            "username": owner_caseworker.username,
            "reference": case.reference,
            "share_id": str(share.public_id),
            "follow_up_id": str(followup.public_id),
            "referral_id": str(referral.public_id),
            "request_id": str(pending.public_id),
            "grant_id": str(grant.public_id),
            "job_id": str(job.pk),
            "notification_id": str(notification.public_id),
            "public_id": observation.public_id,
            # A "forgot password" link that names no account (a bogus link: the same page).
            "uidb64": "bm9ib2R5",
            "token": "set-password",
            # A browser session nobody has: only one's own live sessions can be signed out.
            "session_id": "00000000-0000-4000-8000-000000000000",
            # An import nobody has: every principal gets what a stranger gets (404).
            "import_id": "00000000-0000-4000-8000-000000000001",
        },
        objects={
            "case": case,
            "share": share,
            "referral": referral,
            "request": pending,
            "grant": grant,
            "job": job,
            "notification": notification,
            "observation": observation,
        },
    )
