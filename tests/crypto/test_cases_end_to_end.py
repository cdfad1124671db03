"""Rotation, re-encryption and shredding over real case summaries, through the API."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from coord.cases.models import CaseSummary
from coord.crypto.services import token_version

pytest.importorskip("coord.cases.api")

SUMMARY = (
    "Recruited through an online job advert for factory work across the border; wages were "
    "withheld to repay a recruitment debt."
)
NOTES = "Follow up on the legal aid referral next month."
PAYLOAD = {
    "reported_month": "2025-03",
    "region": "KH-12",
    "exploitation_types": ["forced_labour"],
    "consent": "aggregate",
    "summary": SUMMARY,
    "notes": NOTES,
}


@pytest.fixture
def references(api, owner_caseworker):
    client = api.as_user(owner_caseworker)
    refs = []
    for i in range(3):
        response = client.post(
            "/api/v1/cases/", {**PAYLOAD, "summary": f"{SUMMARY} Case {i}."}, format="json"
        )
        assert response.status_code == 201, response.content
        refs.append(response.json()["reference"])
    return refs


def detail(api, user, reference) -> dict:
    response = api.as_user(user).get(f"/api/v1/cases/{reference}/")
    assert response.status_code == 200
    return response.json()


def stored_versions() -> set[int]:
    return {
        token_version(t)
        for row in CaseSummary.objects.values_list("summary_ct", "notes_ct")
        for t in row
        if t
    }


def test_it_rotates_and_reencrypts_cases_and_they_stay_readable(
    api,
    owner_admin,
    owner_caseworker,
    references,
    django_capture_on_commit_callbacks,
    eager_celery,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(owner_admin).post("/api/v1/organisations/owner-org/keys/rotate/")
    assert response.status_code == 202
    job = api.as_user(owner_admin).get(f"/api/v1/jobs/{response.json()['job']}/").json()
    assert (job["status"], job["done"], job["total"]) == ("succeeded", 6, 6)
    assert stored_versions() == {2}
    for i, reference in enumerate(references):
        body = detail(api, owner_caseworker, reference)
        assert (body["summary"], body["notes"]) == (f"{SUMMARY} Case {i}.", NOTES)


def test_it_reencrypts_cases_from_the_command_line(owner_org, owner_caseworker, api, references):
    call_command("rotate_keys", "--org", "owner-org", stdout=StringIO())
    err = StringIO()
    call_command("reencrypt", "--batch", "2", stdout=StringIO(), stderr=err)
    assert "6/6" in err.getvalue()
    assert stored_versions() == {2}
    assert detail(api, owner_caseworker, references[0])["summary"] == f"{SUMMARY} Case 0."


def test_a_shredded_org_s_cases_read_as_shredded(api, owner_caseworker, references):
    call_command("shred_org", "--org", "owner-org", "--confirm", "owner-org", stdout=StringIO())
    body = detail(api, owner_caseworker, references[0])
    assert (body["summary"], body["summary_state"]) == (None, "shredded")
    assert body["reference"] == references[0]
