"""Case work pages (issue 19): "My cases", the status buttons, reassignment, the caseload
page, the de-identification help and the home page's own counts, each rule both ways."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coord.audit.models import AuditEvent
from coord.cases.services import case_assign, case_create, case_transition
from coord.cases.validation import current_month
from sharing_policies import services as sharing
from tests.factories import member

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _ in settings.LANGUAGES]


def _case(org, user, **data):
    values = {"reported_month": current_month(), "region": "KH-12", **data}
    return case_create(actor=user, organisation=org, data=values)


def _closed(org, user):
    case = _case(org, user)
    return case_transition(actor=user, case=case, action="close", closure_reason="goals_met")


def _in_language(web, code: str) -> None:
    web.post(reverse("web:set_language"), {"language": code, "next": "/"})


# --- "My cases" -----------------------------------------------------------------------------


def test_it_opens_a_caseworker_on_my_cases(web, owner_caseworker, owner_admin, owner_org):
    mine = _case(owner_org, owner_caseworker)
    theirs = _case(owner_org, owner_admin)
    closed = _closed(owner_org, owner_caseworker)
    html = web.as_user(owner_caseworker).get(reverse("web:case-list")).content.decode()
    assert mine.reference in html
    assert theirs.reference not in html
    assert closed.reference not in html


def test_it_finds_closed_cases_in_all_cases(web, owner_caseworker, owner_admin, owner_org):
    theirs = _case(owner_org, owner_admin)
    closed = _closed(owner_org, owner_caseworker)
    html = web.as_user(owner_caseworker).get(reverse("web:case-list") + "?owner=")
    assert theirs.reference in html.content.decode()
    assert closed.reference in html.content.decode()


def test_it_opens_an_admin_on_all_cases(web, owner_caseworker, owner_admin, owner_org):
    theirs = _case(owner_org, owner_caseworker)
    html = web.as_user(owner_admin).get(reverse("web:case-list")).content.decode()
    assert theirs.reference in html


def test_it_keeps_my_cases_on_the_next_page(web, owner_caseworker, owner_org):
    for _ in range(26):
        _case(owner_org, owner_caseworker)
    page = web.as_user(owner_caseworker).get(reverse("web:case-list")).content.decode()
    assert re.search(r'rel="next" href="\?owner=me&amp;cursor=', page)


# --- the status workflow --------------------------------------------------------------------


def test_it_closes_a_case_with_a_reason_from_the_list(web, owner_caseworker, owner_org):
    case = _case(owner_org, owner_caseworker)
    web.as_user(owner_caseworker)
    response = web.post(
        reverse("web:case-close", args=[case.reference]), {"closure_reason": "referred"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == ("closed", "referred")
    assert AuditEvent.objects.filter(action="case.close", object_id=case.reference).exists()


def test_it_keeps_a_case_open_when_no_reason_is_chosen(web, owner_caseworker, owner_org):
    case = _case(owner_org, owner_caseworker)
    web.as_user(owner_caseworker).post(reverse("web:case-close", args=[case.reference]), {})
    case.refresh_from_db()
    assert case.status == "open"


def test_it_explains_an_impossible_transition_on_the_case_page(web, owner_caseworker, owner_org):
    case = _closed(owner_org, owner_caseworker)
    web.as_user(owner_caseworker)
    response = web.post(reverse("web:case-activate", args=[case.reference]), follow=True)
    assert "reopen it before working on it again" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "closed"


def test_it_shows_only_the_buttons_the_status_allows(web, owner_caseworker, owner_org):
    case = _closed(owner_org, owner_caseworker)
    html = web.as_user(owner_caseworker).get(reverse("web:case-detail", args=[case.reference]))
    html = html.content.decode()
    assert reverse("web:case-reopen", args=[case.reference]) in html
    assert reverse("web:case-close", args=[case.reference]) not in html
    assert reverse("web:case-activate", args=[case.reference]) not in html


def test_it_gives_an_outsider_404_on_a_status_button(web, stranger_caseworker, owner_org):
    case = _case(owner_org, member(owner_org))
    response = web.as_user(stranger_caseworker).post(
        reverse("web:case-activate", args=[case.reference])
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == "open"


def test_it_has_no_status_field_on_the_edit_form(web, owner_caseworker, owner_org):
    case = _case(owner_org, owner_caseworker)
    form = web.as_user(owner_caseworker).get(reverse("web:case-edit", args=[case.reference]))
    assert "status" not in form.context["form"].fields


# --- ownership and reassignment ---------------------------------------------------------------


def test_it_lets_an_admin_reassign_from_the_case_page(web, owner_admin, owner_org):
    case = _case(owner_org, owner_admin)
    colleague = member(owner_org, "caseworker", "colleague.cw")
    web.as_user(owner_admin)
    page = web.get(reverse("web:case-detail", args=[case.reference])).content.decode()
    assert reverse("web:case-assign", args=[case.reference]) in page
    web.post(reverse("web:case-assign", args=[case.reference]), {"owner": "colleague.cw"})
    case.refresh_from_db()
    assert case.owner == colleague


def test_it_refuses_reassignment_to_a_caseworker(web, owner_caseworker, owner_org):
    case = _case(owner_org, owner_caseworker)
    member(owner_org, "caseworker", "colleague.cw")
    web.as_user(owner_caseworker)
    page = web.get(reverse("web:case-detail", args=[case.reference])).content.decode()
    assert reverse("web:case-assign", args=[case.reference]) not in page
    response = web.post(
        reverse("web:case-assign", args=[case.reference]), {"owner": "colleague.cw"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.owner == owner_caseworker


def test_it_gives_an_admin_of_another_organisation_404_on_reassign(
    web, stranger_admin, owner_caseworker, owner_org
):
    case = _case(owner_org, owner_caseworker)
    response = web.as_user(stranger_admin).post(
        reverse("web:case-assign", args=[case.reference]), {"owner": stranger_admin.username}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.owner == owner_caseworker


def test_it_tells_the_new_owner_in_the_inbox(web, owner_admin, owner_caseworker, owner_org):
    case = _case(owner_org, owner_admin)
    case_assign(actor=owner_admin, case=case, owner=owner_caseworker)
    html = web.as_user(owner_caseworker).get(reverse("web:notifications")).content.decode()
    assert f"Case {case.reference} was assigned to you." in html
    assert reverse("web:case-detail", args=[case.reference]) in html


def test_it_hides_the_owner_from_a_partner(
    web, owner_admin, owner_caseworker, owner_org, grantee_org, grantee_caseworker
):
    case = _case(owner_org, owner_caseworker, consent="share")
    sharing.share_create(
        actor=owner_admin,
        case=case,
        organisation=grantee_org,
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    response = web.as_user(grantee_caseworker).get(
        reverse("web:case-detail", args=[case.reference])
    )
    assert response.status_code == 200
    assert owner_caseworker.username not in response.content.decode()


# --- the caseload page ----------------------------------------------------------------------


def test_it_counts_cases_per_caseworker_for_an_admin(
    web, owner_admin, owner_caseworker, owner_org, stranger_org, stranger_caseworker
):
    for _ in range(3):
        _case(owner_org, owner_caseworker)
    _closed(owner_org, owner_caseworker)
    _case(owner_org, owner_admin)
    _case(stranger_org, stranger_caseworker, region="VN-44")
    response = web.as_user(owner_admin).get(reverse("web:caseload", args=[owner_org.slug]))
    rows = {row["username"]: row for row in response.context["rows"]}
    assert rows[owner_caseworker.username]["working"] == 3
    assert rows[owner_caseworker.username]["cells"] == [3, 0, 0, 1]  # open active reopened closed
    assert rows[owner_admin.username]["working"] == 1
    assert stranger_caseworker.username not in rows


def test_it_counts_the_caseload_in_a_fixed_number_of_queries(
    web, owner_admin, owner_caseworker, owner_org
):
    web.as_user(owner_admin)
    url = reverse("web:caseload", args=[owner_org.slug])
    counts = []
    for extra in (1, 6):
        for i in range(extra):
            _case(owner_org, member(owner_org, "caseworker", f"cw.{extra}.{i}"))
        with CaptureQueriesContext(connection) as queries:
            assert web.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == 10


def test_it_refuses_the_caseload_to_a_caseworker_with_403(web, owner_caseworker, owner_org):
    url = reverse("web:caseload", args=[owner_org.slug])
    assert web.as_user(owner_caseworker).get(url).status_code == 403


def test_it_gives_an_admin_of_another_organisation_404_on_the_caseload(
    web, stranger_admin, owner_org
):
    url = reverse("web:caseload", args=[owner_org.slug])
    assert web.as_user(stranger_admin).get(url).status_code == 404


# --- home -------------------------------------------------------------------------------------


def test_it_counts_only_my_own_cases_on_home(web, owner_caseworker, owner_admin, owner_org):
    for _ in range(2):
        _case(owner_org, owner_caseworker)
    _case(owner_org, owner_caseworker, status="active")
    for _ in range(5):
        _case(owner_org, owner_admin)
    attention = web.as_user(owner_caseworker).get(reverse("web:home")).context["attention"]
    counts = sorted(item["count"] for item in attention if "owner=me" in (item["url"] or ""))
    assert counts == [1, 2]


def test_it_shows_no_case_counts_to_someone_without_cases(web, owner_admin, owner_org):
    _case(owner_org, member(owner_org))
    attention = web.as_user(owner_admin).get(reverse("web:home")).context["attention"]
    assert not [item for item in attention if "owner=me" in (item["url"] or "")]


# --- de-identification help and the case form -------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_it_explains_de_identification_in_every_language(web, owner_caseworker, code):
    web.as_user(owner_caseworker)
    _in_language(web, code)
    response = web.get(reverse("web:help-deidentified"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    if code != "en":
        assert "What never to write" not in html


@pytest.mark.parametrize("code", LANGUAGES)
def test_it_links_the_help_and_says_no_files_on_the_case_form(web, owner_caseworker, code):
    web.as_user(owner_caseworker)
    _in_language(web, code)
    html = web.get(reverse("web:case-create")).content.decode()
    assert reverse("web:help-deidentified") in html
    assert 'id="no-files-note"' in html
    if code != "en":
        assert "Files and photos are deliberately not accepted" not in html


def test_it_links_the_help_from_the_edit_form(web, owner_caseworker, owner_org):
    case = _case(owner_org, owner_caseworker)
    html = web.as_user(owner_caseworker).get(reverse("web:case-edit", args=[case.reference]))
    assert reverse("web:help-deidentified") in html.content.decode()


def test_it_writes_help_examples_the_pii_guard_accepts(web, owner_caseworker):
    from coord.pii.guard import scan

    response = web.as_user(owner_caseworker).get(reverse("web:help-deidentified"))
    good = response.content.decode().split("<dd>")[1].split("</dd>")[0]
    assert scan(good) == []


def test_it_offers_open_or_active_as_a_new_cases_status(web, owner_caseworker):
    form = web.as_user(owner_caseworker).get(reverse("web:case-create")).context["form"]
    assert [value for value, _ in form.fields["status"].choices] == ["open", "active"]
