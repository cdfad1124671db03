"""Follow-up and timeline pages, and the home page's due and overdue follow-ups: the same
policy and services as the API, in every language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from coord.followups.models import FollowUp
from tests.followups.conftest import NOTE, PHONE, days

pytestmark = pytest.mark.django_db


def _form(**overrides):
    return {
        "kind": "visit",
        "status": "planned",
        "due_date": days(4).isoformat(),
        "note": NOTE,
        **overrides,
    }


def test_the_case_page_lists_follow_ups_with_a_form_for_the_owner(
    web, case, owner_caseworker, make_followup
):
    make_followup()
    html = (
        web.as_user(owner_caseworker)
        .get(reverse("web:case-detail", args=[case.reference]))
        .content.decode()
    )
    assert 'id="follow-ups"' in html
    assert NOTE in html
    assert reverse("web:followup-new", args=[case.reference]) in html
    assert reverse("web:case-timeline", args=[case.reference]) in html


def test_it_adds_a_follow_up(web, case, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:followup-new", args=[case.reference]), _form()
    )
    assert response.status_code == 302
    assert FollowUp.objects.get().kind == "visit"


def test_it_refuses_a_phone_number_without_repeating_it_in_the_error(web, case, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:followup-new", args=[case.reference]), _form(note=f"call {PHONE}")
    )
    assert response.status_code == 200
    assert not FollowUp.objects.exists()
    errors = " ".join(response.context["form"].errors["note"])
    assert "phone number" in errors
    assert PHONE not in errors


def test_it_changes_the_status_from_the_case_page(web, case, owner_caseworker, make_followup):
    followup = make_followup()
    response = web.as_user(owner_caseworker).post(
        reverse("web:followup-status", args=[case.reference, followup.public_id]),
        {"status": "done"},
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.status == "done"


def test_a_partner_cannot_add_one(web, case, grantee_caseworker, make_grant):
    make_grant(scope="narratives")
    response = web.as_user(grantee_caseworker).post(
        reverse("web:followup-new", args=[case.reference]), _form()
    )
    assert response.status_code == 403
    assert not FollowUp.objects.exists()


def test_a_stranger_gets_404_on_the_form(web, case, stranger_caseworker):
    response = web.as_user(stranger_caseworker).get(
        reverse("web:followup-new", args=[case.reference])
    )
    assert response.status_code == 404


def test_a_narratives_partner_sees_follow_ups_without_a_form(
    web, case, grantee_caseworker, make_grant, make_followup
):
    make_grant(scope="narratives")
    make_followup()
    html = (
        web.as_user(grantee_caseworker)
        .get(reverse("web:case-detail", args=[case.reference]))
        .content.decode()
    )
    assert NOTE in html
    assert reverse("web:followup-new", args=[case.reference]) not in html


def test_a_summaries_partner_sees_no_follow_ups(
    web, case, grantee_caseworker, make_grant, make_followup
):
    make_grant(scope="summaries")
    make_followup()
    html = (
        web.as_user(grantee_caseworker)
        .get(reverse("web:case-detail", args=[case.reference]))
        .content.decode()
    )
    assert 'id="follow-ups"' not in html
    assert NOTE not in html


def test_the_timeline_page_shows_changes(web, case, owner_caseworker, make_followup):
    make_followup(kind="call")
    response = web.as_user(owner_caseworker).get(
        reverse("web:case-timeline", args=[case.reference])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Case recorded" in html
    assert "Follow-up added" in html
    assert NOTE not in html


def test_the_timeline_page_is_404_for_a_stranger(web, case, stranger_caseworker):
    response = web.as_user(stranger_caseworker).get(
        reverse("web:case-timeline", args=[case.reference])
    )
    assert response.status_code == 404


def test_home_lists_the_caseworkers_due_and_overdue_follow_ups(
    web, case, owner_caseworker, make_followup
):
    make_followup(due=days(-2))
    make_followup(due=days(30))
    html = web.as_user(owner_caseworker).get("/").content.decode()
    assert "Due and overdue follow-ups" in html
    assert html.count(f">{case.reference}</a>") == 1
    assert "overdue since" in html


def test_home_leaves_out_a_colleagues_follow_ups_on_a_colleagues_case(
    web, owner_org, owner_admin, make_followup
):
    from coord.cases.services import case_create
    from tests.factories import member

    colleague = member(owner_org, "caseworker", "colleague")
    theirs = case_create(
        actor=colleague,
        organisation=owner_org,
        data={"reported_month": days(-40).replace(day=1), "region": "KH-12"},
    )
    make_followup(on=theirs, actor=colleague, due=days(-1))
    html = web.as_user(owner_admin).get("/").content.decode()
    assert theirs.reference not in html


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES])
def test_the_pages_render_in_every_language(web, case, owner_caseworker, make_followup, code):
    make_followup(due=days(-1))
    web.as_user(owner_caseworker)
    web.post(reverse("web:set_language"), {"language": code, "next": "/"})
    pages = [
        "/",
        reverse("web:case-detail", args=[case.reference]),
        reverse("web:case-timeline", args=[case.reference]),
        reverse("web:followup-new", args=[case.reference]),
    ]
    for page in pages:
        response = web.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert f'<html lang="{code}"' in html
        if code != "en":
            for english in (
                "Due and overdue follow-ups",
                "Follow-ups<",
                "Case recorded",
                "Add a follow-up<",
            ):
                assert english not in html, (code, page, english)


def test_the_case_page_reads_follow_ups_in_as_many_queries_for_more(
    web, case, owner_caseworker, make_followup, django_assert_max_num_queries
):
    make_followup()
    client = web.as_user(owner_caseworker)
    url = reverse("web:case-detail", args=[case.reference])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(10):
        make_followup(kind="call")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('name="status"') == 12  # one per row and the new follow-up form


def test_home_reads_due_follow_ups_in_as_many_queries_for_more(
    web, case, owner_caseworker, make_followup, django_assert_max_num_queries
):
    make_followup(due=days(-1))
    client = web.as_user(owner_caseworker)
    client.get("/")
    with django_assert_max_num_queries(20) as few:
        client.get("/")
    for _ in range(5):
        make_followup(due=days(1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/").content.decode()
    assert html.count(f">{case.reference}</a>") == 6


def test_the_forms_say_what_never_to_write(web, case, owner_caseworker):
    client = web.as_user(owner_caseworker)
    for url in (
        reverse("web:case-detail", args=[case.reference]),
        reverse("web:followup-new", args=[case.reference]),
    ):
        html = client.get(url).content.decode()
        assert "Files and photos are deliberately not accepted." in html
