"""A database restored without its master key (issue 23): the service still answers, says
clearly that the data keys cannot be unwrapped, serves nothing encrypted and never a 500."""

from __future__ import annotations

import base64
import os

import pytest
from django.core.management import call_command

from coord.cases.services import case_create
from coord.crypto.checks import check_data_keys, data_keys_status
from coord.crypto.keys import clear_key_cache

SUMMARY = "Recruited through an online job advert for factory work across the border."


@pytest.fixture
def stored_case(owner_org, owner_caseworker):
    from datetime import date

    return case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": date(2025, 3, 1), "region": "KH-12", "summary": SUMMARY},
    )


@pytest.fixture
def other_master_key(settings, stored_case):
    """The key files of another deployment (or none restored and a new key made)."""
    settings.COORD_MASTER_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
    settings.COORD_MASTER_KEY_PREVIOUS = []
    clear_key_cache()


def test_it_reports_the_data_keys_ok_with_the_right_master_key(stored_case):
    assert data_keys_status() == ("ok", 0, 1)


def test_it_reports_no_data_keys_before_any_is_made(db):
    assert data_keys_status() == ("none", 0, 0)


def test_health_says_the_data_keys_cannot_be_unwrapped(client, other_master_key):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["data_keys"] == "cannot_unwrap"
    assert response.json()["database"] == "ok"


def test_the_database_check_warns_in_plain_words(other_master_key):
    (warning,) = check_data_keys(databases=["default"])
    assert warning.id == "coord.W010"
    assert "cannot be unwrapped with the configured master key" in warning.msg


def test_the_check_command_warns_but_does_not_stop_the_service(other_master_key, capsys):
    call_command("check", "--database", "default")
    assert "coord.W010" in capsys.readouterr().err


def test_the_case_answers_without_its_text_and_without_a_500(
    api, owner_caseworker, stored_case, other_master_key
):
    response = api.as_user(owner_caseworker).get(f"/api/v1/cases/{stored_case.reference}/")
    assert response.status_code == 200
    assert SUMMARY not in response.content.decode()


def test_the_case_page_answers_without_its_text(
    web, owner_caseworker, stored_case, other_master_key
):
    response = web.as_user(owner_caseworker).get(f"/cases/{stored_case.reference}/")
    assert response.status_code == 200
    assert SUMMARY not in response.content.decode()


def test_a_new_case_is_refused_with_503_saying_why(api, owner_caseworker, other_master_key):
    from tests.production.service import CASE

    response = api.as_user(owner_caseworker).post("/api/v1/cases/", CASE, format="json")
    assert response.status_code == 503
    assert response.json()["code"] == "keys_unavailable"
    assert response["Retry-After"] == "300"


def test_a_new_case_from_the_web_form_is_refused_with_a_page_saying_why(
    web, owner_caseworker, other_master_key
):
    from coord.lib.unavailable import KEYS_MESSAGE
    from tests.web.test_case_pages import _form

    response = web.as_user(owner_caseworker).post("/cases/new/", _form())
    assert response.status_code == 503
    assert KEYS_MESSAGE in response.content.decode()
