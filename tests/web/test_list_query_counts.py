"""Every web list page answers in a number of queries that does not grow with its rows
(pinned like the API's lists): the page is measured with a few rows and with more, and
both counts must equal the pinned figure. A new N+1 fails here first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coord.cases.services import case_create
from coord.cases.validation import current_month
from coord.trends.services import trend_observation_create
from sharing_policies import services

pytestmark = pytest.mark.django_db


def _until(days: int = 30):
    return timezone.localdate() + timedelta(days=days)


def _world(n: int, owner_org, owner_admin, grantee_org, grantee_admin) -> None:
    """``n`` of everything a list shows: cases, shares, referrals, requests, grants, events,
    observations."""
    for _ in range(n):
        case = case_create(
            actor=owner_admin,
            organisation=owner_org,
            data={
                "reported_month": current_month(),
                "region": "KH-12",
                "consent": "share",
                "exploitation_types": ["forced_labour"],
                "summary": "A general account of recruitment through a job advert.",
            },
        )
        services.share_create(
            actor=owner_admin, case=case, organisation=grantee_org, valid_until=_until()
        )
        other = case_create(
            actor=owner_admin,
            organisation=owner_org,
            data={"reported_month": current_month(), "region": "KH-12", "consent": "share"},
        )
        services.referral_create(
            actor=owner_admin,
            case=other,
            to_organisation=grantee_org,
            reason="legal",
            message="Needs advice on wages withheld by the employer.",
            valid_until=_until(),
        )
        trend_observation_create(
            actor=owner_admin,
            organisation=owner_org,
            data={
                "period": current_month(),
                "region": "KH-12",
                "estimated_count": "1-4",
                "indicator": "new_route",
            },
        )
    scopes = ["aggregates", "summaries", "narratives"]
    for i in range(min(n, 3)):
        request = services.access_request_create(
            actor=grantee_admin,
            to_organisation=owner_org,
            scope=scopes[i],
            valid_until=_until(60),
            purpose="Coordinating shelter places for returnees.",
        )
        services.access_request_approve(actor=owner_admin, access_request=request)


def _count(client, url: str) -> int:
    """Queries of one page view with cold key and cache state, so two views compare. The
    audit sequencer runs after commit in production, so it is not the page's cost."""
    from coord.audit import services as audit_services
    from coord.crypto.keys import clear_key_cache

    clear_key_cache()
    inline = audit_services.SEQUENCE_INSIDE_TEST_TRANSACTION
    audit_services.SEQUENCE_INSIDE_TEST_TRANSACTION = False
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    finally:
        audit_services.SEQUENCE_INSIDE_TEST_TRANSACTION = inline
    assert response.status_code == 200, url
    return len(queries)


# (page, who reads it, queries). Pages that write an audit event (a partner's read of
# shared cases, a purpose or message decrypted for the other side) do it in one statement on
# both databases: an INSERT into the audit outbox.
# Every page counts the unread notifications for the header badge (one COUNT).
PAGES = [
    ("web:case-list", "owner_admin", 9),
    ("web:shared-list", "grantee_caseworker", 12),
    ("web:sharing", "owner_admin", 12),
    ("web:referrals", "grantee_caseworker", 10),
    ("web:audit-list", "owner_admin", 8),
    ("web:trends", "owner_caseworker", 11),  # a release read back: its row and the budget
    ("web:trends-charts", "owner_caseworker", 17),  # three releases read back
    ("web:observation-new", "owner_caseworker", 8),
    ("web:home", "owner_admin", 13),  # one for "due and overdue follow-ups" (issue 19)
    # the inbox: its page, the count for the badge and the "n unread" line, one query per
    # kind of object named on the page (requests, grants, shares, referrals)
    ("web:notifications", "owner_admin", 11),
]
# Pages that publish noisy releases: the first view makes the release (budget, release row,
# audit), later ones read it back; both counts are taken after a first view.
RELEASING_PAGES = {"web:trends", "web:trends-charts"}


@pytest.mark.parametrize(("page", "reader", "pinned"), PAGES)
def test_it_reads_a_list_page_in_as_many_queries_for_more_rows(
    request, client, page, reader, pinned, owner_org, owner_admin, grantee_org, grantee_admin
):
    user = request.getfixturevalue(reader)
    client.force_login(user)
    url = reverse(page)
    _world(2, owner_org, owner_admin, grantee_org, grantee_admin)
    if page in RELEASING_PAGES:
        client.get(url)
    few = _count(client, url)
    _world(3, owner_org, owner_admin, grantee_org, grantee_admin)
    more = _count(client, url)
    assert more == few, f"{page}: {few} queries with fewer rows, {more} with more"
    assert few == pinned


def test_it_reads_the_member_list_in_as_many_queries_for_more_members(
    client, owner_org, owner_admin
):
    from tests.factories import member

    client.force_login(owner_admin)
    url = reverse("web:member-list", args=[owner_org.slug])
    member(owner_org, "caseworker", "first.extra")
    few = _count(client, url)
    for name in ("second.extra", "third.extra", "fourth.extra"):
        member(owner_org, "caseworker", name)
    assert _count(client, url) == few
