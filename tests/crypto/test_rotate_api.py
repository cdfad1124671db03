"""POST /api/v1/organisations/<slug>/keys/rotate/: the org's admins only."""

from __future__ import annotations

import pytest

from coord.audit.models import AuditEvent
from coord.crypto.models import KeyState, OrganisationKey
from coord.crypto.services import token_version
from coord.jobs.models import Job
from tests.crypto.conftest import SecretNote, texts

URL = "/api/v1/organisations/{slug}/keys/rotate/"


def test_it_rotates_and_reencrypts_for_the_org_admin(
    api, owner_admin, owner_org, make_notes, django_capture_on_commit_callbacks, eager_celery
):
    make_notes(owner_org, 5)
    before = texts(owner_org)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(owner_admin).post(URL.format(slug="owner-org"), {}, format="json")
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["job"])
    assert (job.kind, job.status, job.done, job.total) == ("crypto.reencrypt", "succeeded", 5, 5)
    assert {token_version(n.body_ct) for n in SecretNote.objects.all()} == {2}
    assert texts(owner_org) == before


def test_it_lets_the_admin_follow_the_job(
    api, owner_admin, owner_org, make_notes, django_capture_on_commit_callbacks, eager_celery
):
    make_notes(owner_org, 2)
    with django_capture_on_commit_callbacks(execute=True):
        job_id = api.as_user(owner_admin).post(URL.format(slug="owner-org")).json()["job"]
    body = api.as_user(owner_admin).get(f"/api/v1/jobs/{job_id}/").json()
    assert (body["status"], body["percent"], body["result"]["done"]) == ("succeeded", 100.0, 2)


@pytest.mark.parametrize(
    "who", ["owner_caseworker", "stranger_admin", "grantee_admin", "network_coordinator"]
)
def test_it_hides_the_endpoint_from_everyone_else(api, owner_org, request, who):
    user = request.getfixturevalue(who)
    response = api.as_user(user).post(URL.format(slug="owner-org"))
    assert response.status_code == 404
    assert not OrganisationKey.objects.exists()
    assert not Job.objects.exists()
    denied = AuditEvent.objects.get(action="key.rotate_denied")
    assert (denied.outcome, denied.organisation) == ("denied", "owner-org")


def test_it_gives_404_for_an_unknown_organisation(api, owner_admin):
    assert api.as_user(owner_admin).post(URL.format(slug="nope")).status_code == 404


def test_it_refuses_anonymous_users(api, owner_org):
    assert api.post(URL.format(slug="owner-org")).status_code in {401, 403}


def test_it_refuses_unknown_fields(api, owner_admin, owner_org):
    response = api.as_user(owner_admin).post(
        URL.format(slug="owner-org"), {"force": True}, format="json"
    )
    assert response.status_code == 400
    assert "force" in response.json()["fields"]
    assert not OrganisationKey.objects.exists()


def test_it_audits_the_rotation_by_the_admin(
    api, owner_admin, owner_org, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        api.as_user(owner_admin).post(URL.format(slug="owner-org"))
    event = AuditEvent.objects.get(action="key.rotate")
    assert (event.actor_username, event.organisation) == ("owner.admin", "owner-org")
    assert OrganisationKey.objects.get(organisation=owner_org).state == KeyState.ACTIVE
