"""Web forms are rate limited like the API (issue 23): sign-in forms spend the API's
``login`` budget of the address, other form posts a ``web_form`` budget per user."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def web(db):
    class WebClient(Client):
        def as_user(self, user):
            self.force_login(user)
            return self

    return WebClient()


@pytest.fixture
def rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login": "3/min",
            "web_form": "2/min",
        },
    }


def _sign_in(client: Client, username: str):
    return client.post("/login/", {"username": username, "password": "not-the-password"})


def test_the_sign_in_form_answers_429_with_retry_after_past_the_login_rate(client, db, rates):
    for n in range(3):
        assert _sign_in(client, f"nobody-{n}").status_code != 429
    refused = _sign_in(client, "nobody-3")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1


def test_the_sign_in_form_and_the_api_spend_one_budget(client, api, db, rates):
    for n in range(3):
        api.post("/api/v1/auth/token/", {"username": f"api-{n}", "password": "x"}, format="json")
    assert _sign_in(client, "web-user").status_code == 429


def test_the_sign_in_form_is_not_refused_under_the_rate(client, db, rates):
    assert _sign_in(client, "nobody").status_code == 200


def test_a_form_post_answers_429_past_the_web_form_rate(web, owner_caseworker, rates):
    client = web.as_user(owner_caseworker)
    for _ in range(2):
        assert client.post("/cases/new/", {}).status_code != 429
    assert client.post("/cases/new/", {}).status_code == 429


def test_each_user_has_a_web_form_budget_of_their_own(web, owner_caseworker, owner_admin, rates):
    first = web.as_user(owner_caseworker)
    for _ in range(2):
        first.post("/cases/new/", {})
    other = Client()
    other.force_login(owner_admin)
    assert other.post("/cases/new/", {}).status_code != 429


def test_reading_pages_spends_no_form_budget(web, owner_caseworker, rates):
    client = web.as_user(owner_caseworker)
    for _ in range(5):
        assert client.get("/cases/").status_code == 200
    assert client.post("/cases/new/", {}).status_code != 429
