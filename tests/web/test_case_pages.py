"""Case pages: the same policy and services as the API; the PII guard's refusal shown
next to the field by kind and position, never repeating the value."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coord.audit.models import AuditEvent
from coord.cases.models import CaseSummary
from coord.cases.services import case_create
from coord.cases.validation import current_month, format_month

pytestmark = pytest.mark.django_db

PHONE = "+855 12 345 678"


def _form(**overrides):
    data = {
        "reported_month": format_month(current_month()),
        "region": "KH-12",
        "age_band": "18-20",
        "gender": "female",
        "citizenship": ["KH"],
        "exploitation_types": ["forced_labour"],
        "technologies": ["messaging_app"],
        "status": "active",
        "consent": "aggregate",
        "summary": "Recruited through a fake job advert for a fishing boat.",
        "notes": "",
    }
    data.update(overrides)
    return data


def _case(org, user, **data):
    values = {"reported_month": current_month(), "region": "KH-12", **data}
    return case_create(actor=user, organisation=org, data=values)


def test_it_logs_a_case(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(reverse("web:case-create"), _form())
    assert response.status_code == 302
    case = CaseSummary.objects.get()
    assert response["Location"] == reverse("web:case-detail", args=[case.reference])
    assert case.exploitation_types == ["forced_labour"]
    assert case.summary_ct and "fishing" not in case.summary_ct
    assert AuditEvent.objects.filter(action="case.create", object_id=case.reference).exists()


def test_it_refuses_a_phone_number_next_to_the_field(web, owner_caseworker):
    summary = f"Her brother can be reached on {PHONE} most days."
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-create"), _form(summary=summary)
    )
    assert response.status_code == 200
    assert not CaseSummary.objects.exists()
    errors = response.context["form"].errors["summary"]
    assert any("phone number" in e for e in errors)
    html = response.content.decode()
    error_block = html[html.index('id="id_summary_error"') :]
    error_block = error_block[: error_block.index("</ul>")]
    assert "phone number" in error_block
    assert PHONE not in error_block
    assert "345" not in error_block


def test_it_refuses_an_email_without_repeating_it(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-create"), _form(notes="write to someone@example.org")
    )
    assert response.status_code == 200
    assert "e-mail address" in " ".join(response.context["form"].errors["notes"])
    assert "someone@example.org" not in " ".join(response.context["form"].errors["notes"])


def test_it_refuses_a_full_date_for_the_month(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-create"), _form(reported_month="2025-03-14")
    )
    assert response.status_code == 200
    assert "reported_month" in response.context["form"].errors
    assert not CaseSummary.objects.exists()


def test_it_refuses_a_value_outside_the_list(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-create"), _form(exploitation_types=["made_up"])
    )
    assert response.status_code == 200
    assert "exploitation_types" in response.context["form"].errors


def test_it_offers_a_list_for_every_category(web, owner_caseworker):
    form = web.as_user(owner_caseworker).get(reverse("web:case-create")).context["form"]
    for name, field in form.fields.items():
        if name not in ("summary", "notes", "reported_month"):
            assert getattr(field, "choices", None), name


def test_it_refuses_the_case_pages_to_coordinators(web, network_coordinator):
    web.as_user(network_coordinator)
    assert web.get(reverse("web:case-list")).status_code == 403
    assert web.get(reverse("web:case-create")).status_code == 403


def test_it_lists_only_the_own_organisations_cases(
    web, owner_caseworker, stranger_caseworker, owner_org, stranger_org
):
    mine = _case(owner_org, owner_caseworker)
    theirs = _case(stranger_org, stranger_caseworker, region="VN-44")
    html = web.as_user(owner_caseworker).get(reverse("web:case-list")).content.decode()
    assert mine.reference in html
    assert theirs.reference not in html


def test_it_filters_with_the_api_filters(web, owner_caseworker, owner_org):
    active = _case(owner_org, owner_caseworker, status="active")
    opened = _case(owner_org, owner_caseworker, status="open")
    html = web.as_user(owner_caseworker).get(reverse("web:case-list") + "?status=active")
    html = html.content.decode()
    assert active.reference in html
    assert opened.reference not in html


def test_it_returns_only_the_results_to_htmx(web, owner_caseworker, owner_org):
    _case(owner_org, owner_caseworker)
    response = web.as_user(owner_caseworker).get(
        reverse("web:case-list"), headers={"HX-Request": "true"}
    )
    assert b"<html" not in response.content
    assert b"<table" in response.content


def test_it_pages_by_cursor(web, owner_caseworker, owner_org):
    for _ in range(27):
        _case(owner_org, owner_caseworker)
    web.as_user(owner_caseworker)
    first = web.get(reverse("web:case-list")).context
    second = web.get(reverse("web:case-list"), {"cursor": first["pages"].next}).context
    assert (len(first["rows"]), len(second["rows"]), second["pages"].next) == (25, 2, None)


def test_it_shows_a_case_with_its_narrative(web, owner_caseworker, owner_org):
    case = _case(owner_org, owner_caseworker, summary="Met through an online game.")
    html = web.as_user(owner_caseworker).get(reverse("web:case-detail", args=[case.reference]))
    assert "Met through an online game." in html.content.decode()


def test_it_hides_a_case_from_another_organisation_and_audits_it(
    web, owner_caseworker, stranger_caseworker, owner_org
):
    case = _case(owner_org, owner_caseworker, summary="Private text.")
    response = web.as_user(stranger_caseworker).get(
        reverse("web:case-detail", args=[case.reference])
    )
    assert response.status_code == 404
    assert b"Private text." not in response.content
    assert AuditEvent.objects.filter(
        action="case.read_denied", outcome="denied", object_id=case.reference
    ).exists()


def test_it_lists_outside_access_on_the_detail(
    web, owner_caseworker, stranger_caseworker, owner_org
):
    case = _case(owner_org, owner_caseworker)
    web.as_user(stranger_caseworker).get(reverse("web:case-detail", args=[case.reference]))
    html = web.as_user(owner_caseworker).get(reverse("web:case-detail", args=[case.reference]))
    assert "stranger.caseworker" in html.content.decode()


def test_it_names_the_outside_attempt_in_the_readers_language(
    web, owner_caseworker, stranger_caseworker, owner_org
):
    case = _case(owner_org, owner_caseworker)
    web.as_user(stranger_caseworker).get(reverse("web:case-detail", args=[case.reference]))
    page = web.as_user(owner_caseworker).get(
        reverse("web:case-detail", args=[case.reference]), HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert "Đã mở ca <code>case.read_denied</code>" in page.content.decode()


def test_it_edits_only_what_changed(web, owner_caseworker, owner_org):
    case = _case(owner_org, owner_caseworker, summary="Unchanged text.", status="active")
    url = reverse("web:case-edit", args=[case.reference])
    web.as_user(owner_caseworker)
    data = web.get(url).context["form"].initial
    post = _form(
        reported_month=format_month(data["reported_month"]),
        region=data["region"],
        gender=data["gender"],
        citizenship=data["citizenship"],
        exploitation_types=data["exploitation_types"],
        technologies=data["technologies"],
        consent=data["consent"],
        summary="Unchanged text.",
        age_band="21-23",
    )
    assert web.post(url, post).status_code == 302
    case.refresh_from_db()
    assert case.age_band == "21-23"
    event = AuditEvent.objects.filter(action="case.update").latest("seq")
    assert event.details["fields"] == ["age_band"]


def test_it_refuses_editing_another_organisations_case(
    web, owner_caseworker, stranger_caseworker, owner_org
):
    case = _case(owner_org, owner_caseworker)
    url = reverse("web:case-edit", args=[case.reference])
    assert web.as_user(stranger_caseworker).post(url, _form(age_band="21-23")).status_code == 404
    case.refresh_from_db()
    assert case.age_band == "unknown"


def test_it_asks_before_deleting(web, owner_admin, owner_caseworker, owner_org):
    case = _case(owner_org, owner_caseworker)
    url = reverse("web:case-delete", args=[case.reference])
    web.as_user(owner_admin)
    assert "Yes, delete" in web.get(url).content.decode()
    assert CaseSummary.objects.filter(pk=case.pk).exists()
    assert web.post(url).status_code == 302
    assert not CaseSummary.objects.filter(pk=case.pk).exists()


def test_it_refuses_deleting_a_colleagues_case_to_a_caseworker(web, owner_org, owner_admin):
    from coord.organisations.models import Role
    from tests.factories import member

    author = member(owner_org, Role.CASEWORKER, "author")
    other = member(owner_org, Role.CASEWORKER, "other")
    case = _case(owner_org, author)
    assert (
        web.as_user(other).post(reverse("web:case-delete", args=[case.reference])).status_code
        == 403
    )
    assert CaseSummary.objects.filter(pk=case.pk).exists()
