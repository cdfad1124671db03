"""Sessions that respect field work (issue 25): a page with unsaved input renews the idle
limit, an absolute maximum ends every session, and a save after the end says so."""

from __future__ import annotations

import time

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from coord.cases.models import CaseSummary
from coord.cases.validation import current_month, format_month
from coord.web.sessions import SIGNED_IN_AT

pytestmark = pytest.mark.django_db

ALIVE = "/session/alive/"


def _form():
    return {
        "reported_month": format_month(current_month()),
        "region": "KH-12",
        "age_band": "18-20",
        "gender": "female",
        "status": "active",
        "consent": "aggregate",
        "summary": "Recruited through a fake job advert for a fishing boat.",
    }


def _age_session(client, hours: float) -> None:
    session = client.session
    session[SIGNED_IN_AT] = int(time.time() - hours * 3600)
    session.save()


def test_keeping_alive_answers_how_long_the_session_may_last(web, owner_caseworker, settings):
    response = web.as_user(owner_caseworker).post(ALIVE)
    assert response.status_code == 200
    body = response.json()
    assert body["idle_seconds"] == settings.SESSION_COOKIE_AGE
    assert 0 < body["max_seconds"] <= settings.COORD_SESSION_MAX_HOURS * 3600


def test_keeping_alive_without_a_session_says_it_ended(client, db):
    response = client.post(ALIVE)
    assert response.status_code == 401
    assert response.json() == {"code": "session_ended"}


def test_keeping_alive_is_a_post_only(web, owner_caseworker):
    assert web.as_user(owner_caseworker).get(ALIVE).status_code == 405


def test_a_session_within_its_maximum_stays_signed_in(web, owner_caseworker, settings):
    client = web.as_user(owner_caseworker)
    _age_session(client, settings.COORD_SESSION_MAX_HOURS - 1)
    assert client.get(reverse("web:case-list")).status_code == 200


def test_a_session_past_its_maximum_is_signed_out_even_when_kept_alive(
    web, owner_caseworker, settings
):
    client = web.as_user(owner_caseworker)
    _age_session(client, settings.COORD_SESSION_MAX_HOURS + 0.1)
    assert client.post(ALIVE).status_code == 401
    assert "/login/" in client.get(reverse("web:case-list"))["Location"]


def test_a_save_after_the_session_ended_says_nothing_was_saved(client, db):
    response = client.post(reverse("web:case-create"), _form())
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert "next=/cases/new/" in response["Location"]
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["Your session ended — nothing was saved. Sign in again to return to the form."]
    assert not CaseSummary.objects.exists()


def test_a_page_visit_without_a_session_gets_no_such_message(client, db):
    response = client.get(reverse("web:case-create"))
    assert not list(get_messages(response.wsgi_request))


def test_the_case_form_carries_the_session_keeper(web, owner_caseworker, settings):
    html = web.as_user(owner_caseworker).get(reverse("web:case-create")).content.decode()
    assert 'id="session-warning"' in html
    assert f'data-idle="{settings.SESSION_COOKIE_AGE}"' in html
    assert "web/js/session.js" in html
