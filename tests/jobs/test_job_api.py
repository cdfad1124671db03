import pytest

from coord.audit.models import AuditEvent
from coord.jobs.services import job_create, job_progress, job_succeed

URL = "/api/v1/jobs/{id}/"


@pytest.fixture
def org_job(owner_admin, owner_org):
    return job_create(kind="crypto.reencrypt", actor=owner_admin, organisation=owner_org)


def test_it_shows_progress_to_the_user_who_started_it(api, owner_admin, org_job):
    job_progress(org_job.pk, done=5, total=20)
    body = api.as_user(owner_admin).get(URL.format(id=org_job.pk)).json()
    assert (body["status"], body["done"], body["total"], body["percent"]) == (
        "running",
        5,
        20,
        25.0,
    )


def test_it_shows_the_result_when_finished(api, owner_admin, org_job):
    job_succeed(org_job.pk, result={"reencrypted": 3})
    body = api.as_user(owner_admin).get(URL.format(id=org_job.pk)).json()
    assert body["status"] == "succeeded"
    assert body["result"] == {"reencrypted": 3}


def test_it_shows_an_org_job_to_another_admin_of_that_org(api, org_job, owner_org):
    from tests.factories import member

    other_admin = member(owner_org, "admin", "owner.admin2")
    assert api.as_user(other_admin).get(URL.format(id=org_job.pk)).status_code == 200


def test_it_hides_an_org_job_from_its_caseworkers(api, org_job, owner_caseworker):
    assert api.as_user(owner_caseworker).get(URL.format(id=org_job.pk)).status_code == 404


def test_it_hides_an_org_job_from_another_organisation_and_audits_it(api, org_job, stranger_admin):
    assert api.as_user(stranger_admin).get(URL.format(id=org_job.pk)).status_code == 404
    assert AuditEvent.objects.filter(action="job.read_denied", outcome="denied").exists()


def test_it_shows_a_network_job_to_coordinators(api, network_coordinator, owner_admin):
    job = job_create(kind="audit.verify", actor=owner_admin)
    assert api.as_user(network_coordinator).get(URL.format(id=job.pk)).status_code == 200


def test_it_gives_404_for_an_unknown_job(api, owner_admin, db):
    url = URL.format(id="00000000-0000-0000-0000-000000000000")
    assert api.as_user(owner_admin).get(url).status_code == 404
