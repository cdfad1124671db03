"""Two requests with the same ``Idempotency-Key`` at the same moment (PostgreSQL: two
connections, the unique (user, key) index decides)."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db import connection

from coord.cases import services as case_services
from coord.cases.models import CaseSummary
from coord.idempotency.models import IdempotencyKey

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
CASES = "/api/v1/cases/"
KEY = "5d7a2c4e-0f3b-4e0e-8a2c-6b1f9e3d2a77"


def _in_threads(*targets) -> None:
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)


def _poster(api_class, user, payload, answers: list):
    def post() -> None:
        try:
            client = api_class()
            client.force_authenticate(user=user)
            answers.append(client.post(CASES, payload, format="json", HTTP_IDEMPOTENCY_KEY=KEY))
        finally:
            connection.close()

    return post


def test_the_second_request_is_told_the_first_is_still_running(api, owner_caseworker, payload):
    """The first create is held inside ``case_create`` until the second has been answered."""
    real_create = case_services.case_create
    started, answered = threading.Event(), threading.Event()

    def slow_create(**kwargs):
        started.set()
        answered.wait(30)
        return real_create(**kwargs)

    first: list = []
    second: list = []
    with mock.patch.object(case_services, "case_create", slow_create):
        post_first = _poster(type(api), owner_caseworker, payload, first)

        def post_second() -> None:
            started.wait(30)
            try:
                _poster(type(api), owner_caseworker, payload, second)()
            finally:
                answered.set()

        _in_threads(post_first, post_second)
    assert first[0].status_code == 201, first[0].json()
    assert (second[0].status_code, second[0].json()["code"]) == (409, "idempotency_in_progress")
    assert CaseSummary.objects.count() == 1
    replay = _poster(type(api), owner_caseworker, payload, second)
    replay()
    assert (second[1].status_code, second[1].json()) == (201, first[0].json())


def test_two_requests_sent_together_create_one_case(api, owner_caseworker, payload):
    """Released at once: whichever claims second is answered a replay (201) or, if the
    first is still running, 409 — never a second case."""
    barrier = threading.Barrier(2)
    answers: list = []

    def post() -> None:
        barrier.wait(30)
        _poster(type(api), owner_caseworker, payload, answers)()

    _in_threads(post, post)
    statuses = sorted(a.status_code for a in answers)
    assert statuses in ([201, 201], [201, 409])
    assert CaseSummary.objects.count() == 1
    assert IdempotencyKey.objects.get().status == 201
