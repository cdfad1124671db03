"""Jobs (issue 24): started by POST only, one "job started" answer (202, ``Location``,
status ``pending``), and a job whose typed ``result`` validates against the schema."""

from __future__ import annotations

import pytest

from tests.api.contract import check, published_schema

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/audit/verify/"
ROTATE = "/api/v1/organisations/owner-org/keys/rotate/"


def test_it_starts_a_verification_with_the_one_job_started_answer(
    api, network_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(network_coordinator).post(VERIFY, {}, format="json")
    body = check(response, "POST", VERIFY)
    assert response.status_code == 202
    assert (body["status"], body["kind"]) == ("pending", "audit.verify")
    assert response["Location"] == body["url"] == f"/api/v1/jobs/{body['id']}/"


def test_it_validates_a_finished_verification_job_and_its_result(
    api, network_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = api.as_user(network_coordinator).post(VERIFY, {}, format="json").json()
    job = api.as_user(network_coordinator).get(started["url"])
    body = check(job, "GET", started["url"])
    assert body["status"] == "succeeded"
    assert body["result"]["ok"] is True


def test_it_starts_a_key_rotation_with_the_same_answer(
    api, owner_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(owner_admin).post(ROTATE, {}, format="json")
    body = check(response, "POST", ROTATE)
    assert (body["status"], body["kind"]) == ("pending", "crypto.reencrypt")
    job = api.as_user(owner_admin).get(body["url"])
    assert set(check(job, "GET", body["url"])["result"]) == {"total", "done", "failed", "fields"}


def test_it_offers_no_get_that_starts_a_job():
    assert "get" not in published_schema()["paths"][VERIFY]


def test_it_documents_the_location_header_of_every_job_start():
    starts = [
        (path, method)
        for path, item in published_schema()["paths"].items()
        for method, operation in item.items()
        if operation["responses"].get("202")
    ]
    assert len(starts) == 3  # verify, key rotation, import commit
    for path, method in starts:
        answer = published_schema()["paths"][path][method]["responses"]["202"]
        assert "Location" in answer["headers"]
        assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/JobStarted")
