"""The "Outside access" page: who outside the organisation read which of its cases, under
which grant or share, with names and translated labels, filters, and an audited CSV."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coord.audit.models import AuditEvent
from coord.cases.services import case_create
from coord.cases.validation import current_month
from sharing_policies import services

pytestmark = pytest.mark.django_db

URL = reverse("web:outside-access")
EXPORT = reverse("web:outside-access-export")


def _shared_case(owner_org, owner_caseworker, partner_org, **data):
    case = case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": current_month(), "region": "KH-12", "consent": "share", **data},
    )
    share = services.share_create(
        actor=owner_caseworker,
        case=case,
        organisation=partner_org,
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    return case, share


@pytest.fixture
def read_by_partner(web, owner_org, owner_caseworker, grantee_org, grantee_caseworker):
    """A case of the owner shared with the grantee and opened by its caseworker."""
    grantee_caseworker.first_name, grantee_caseworker.last_name = "Dara", "Sok"
    grantee_caseworker.save()
    case, share = _shared_case(owner_org, owner_caseworker, grantee_org)
    web.as_user(grantee_caseworker).get(reverse("web:case-detail", args=[case.reference]))
    web.logout()
    return case, share


def test_it_lists_a_partners_read_with_names_and_words(web, owner_admin, read_by_partner):
    case, _share = read_by_partner
    response = web.as_user(owner_admin).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert case.reference in page
    assert "Dara Sok" in page
    assert "Case opened" in page
    assert "Single-case share, until" in page
    assert "case.read" not in page
    assert "grantee-org" not in page.split("<main", 1)[-1].split("<select", 1)[0]


def test_it_shows_the_partner_by_name(web, owner_admin, grantee_org, read_by_partner):
    rows = web.as_user(owner_admin).get(URL).context["rows"]
    assert {row.organisation for row in rows} == {grantee_org.name}


def test_it_translates_the_action_labels(web, owner_admin, read_by_partner):
    web.as_user(owner_admin).cookies["django_language"] = "km"
    page = web.get(URL, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "Case opened" not in page


def test_it_leaves_out_reads_by_the_organisations_own_members(
    web, owner_org, owner_admin, owner_caseworker, grantee_org
):
    case, _share = _shared_case(owner_org, owner_caseworker, grantee_org)
    web.as_user(owner_caseworker).get(reverse("web:case-detail", args=[case.reference]))
    assert web.as_user(owner_admin).get(URL).context["rows"] == []


def test_it_leaves_out_reads_of_other_organisations_cases(
    web, grantee_org, grantee_admin, read_by_partner
):
    assert web.as_user(grantee_admin).get(URL).context["rows"] == []


def test_it_filters_by_partner(web, owner_admin, stranger_org, read_by_partner):
    assert len(web.as_user(owner_admin).get(URL).context["rows"]) == 1
    narrowed = web.get(URL, {"partner": stranger_org.slug}).context["rows"]
    assert narrowed == []


def test_it_filters_by_period(web, owner_admin, read_by_partner):
    today = timezone.now().date()
    web.as_user(owner_admin)
    assert len(web.get(URL, {"since": today, "until": today}).context["rows"]) == 1
    later = (today + timedelta(days=1)).isoformat()
    assert web.get(URL, {"since": later}).context["rows"] == []


def test_it_refuses_a_period_that_ends_before_it_starts(web, owner_admin):
    response = web.as_user(owner_admin).get(URL, {"since": "2026-05-02", "until": "2026-05-01"})
    assert response.status_code == 400
    assert "before its start" in response.content.decode()


def test_it_names_the_grant_a_read_came_through(
    web, owner_org, owner_admin, owner_caseworker, grantee_admin, grantee_caseworker
):
    case = case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": current_month(), "region": "KH-12", "consent": "share"},
    )
    request = services.access_request_create(
        actor=grantee_admin,
        to_organisation=owner_org,
        scope="summaries",
        valid_until=timezone.localdate() + timedelta(days=20),
    )
    grant = services.access_request_approve(actor=owner_admin, access_request=request)
    web.as_user(grantee_caseworker).get(reverse("web:case-detail", args=[case.reference]))
    rows = web.as_user(owner_admin).get(URL).context["rows"]
    assert [(row.via, row.via_id) for row in rows] == [("grant", str(grant.public_id))]
    assert "Access grant: Case summaries" in web.get(URL).content.decode()


def test_a_list_page_read_is_one_row_per_case(
    web, owner_org, owner_admin, owner_caseworker, grantee_org, grantee_caseworker
):
    first, _ = _shared_case(owner_org, owner_caseworker, grantee_org)
    second, _ = _shared_case(owner_org, owner_caseworker, grantee_org)
    web.as_user(grantee_caseworker).get(reverse("web:shared-list"))
    rows = web.as_user(owner_admin).get(URL).context["rows"]
    assert {row.reference for row in rows} == {first.reference, second.reference}
    assert {row.action for row in rows} == {"Case seen in a list"}


@pytest.mark.parametrize("who", ["owner_caseworker", "network_coordinator"])
def test_it_refuses_everyone_but_admins_and_audits_it(web, request, who):
    user = request.getfixturevalue(who)
    assert web.as_user(user).get(URL).status_code == 403
    assert web.get(EXPORT).status_code == 403
    assert AuditEvent.objects.filter(action="audit.outside_denied", outcome="denied").count() == 2


def test_the_export_is_csv_and_audited(web, owner_admin, read_by_partner):
    case, _share = read_by_partner
    response = web.as_user(owner_admin).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    header, row = body.splitlines()[:2]
    assert header.startswith("when_utc,person,username,organisation,case")
    assert "Dara Sok" in row and case.reference in row and ",share," in row
    event = AuditEvent.objects.filter(action="export.csv").latest("seq")
    assert event.details["export"] == "outside_access"
    assert event.details["rows"] == 1


def test_the_export_is_formula_safe(web, owner_admin, grantee_caseworker, read_by_partner):
    grantee_caseworker.first_name, grantee_caseworker.last_name = "=HYPERLINK(1)", ""
    grantee_caseworker.save()
    body = b"".join(web.as_user(owner_admin).get(EXPORT).streaming_content).decode()
    assert ",'=HYPERLINK(1)," in body


def test_the_list_page_costs_a_fixed_number_of_queries(
    web,
    owner_org,
    owner_admin,
    owner_caseworker,
    grantee_org,
    grantee_caseworker,
    django_assert_max_num_queries,
):
    for _ in range(3):
        case, _ = _shared_case(owner_org, owner_caseworker, grantee_org)
        web.as_user(grantee_caseworker).get(reverse("web:case-detail", args=[case.reference]))
    web.as_user(owner_admin)
    with django_assert_max_num_queries(12) as counted:
        web.get(URL)
    three = len(counted.captured_queries)
    for _ in range(3):
        case, _ = _shared_case(owner_org, owner_caseworker, grantee_org)
        web.as_user(grantee_caseworker).get(reverse("web:case-detail", args=[case.reference]))
    web.as_user(owner_admin)
    with django_assert_max_num_queries(three):
        web.get(URL)
