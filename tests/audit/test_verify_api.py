"""POST /api/v1/audit/verify/: coordinators start a verification job and poll it."""

import pytest

from coord.audit.models import AuditEvent
from coord.jobs.models import Job
from tests.audit.helpers import make_chain, tamper

URL = "/api/v1/audit/verify/"


def start(api, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return api.as_user(user).post(URL, {}, format="json")


def test_it_runs_a_verification_job_for_a_coordinator(
    api, network_coordinator, django_capture_on_commit_callbacks
):
    make_chain(12)
    response = start(api, network_coordinator, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    job_id = response.json()["job"]
    job = api.as_user(network_coordinator).get(f"/api/v1/jobs/{job_id}/").json()
    assert job["status"] == "succeeded"
    # The chain had 12 events plus the job.create event when the job ran.
    assert job["result"].items() >= {"ok": True, "events": 13, "checkpoints": 0}.items()
    assert (job["done"], job["total"]) == (13, 13)
    verdict = AuditEvent.objects.get(action="audit.verify")
    assert verdict.details == {"ok": True, "events": 13}
    assert verdict.actor_username == network_coordinator.username


def test_it_reports_the_first_bad_event_in_the_job_result(
    api, network_coordinator, django_capture_on_commit_callbacks
):
    make_chain(12)
    tamper("UPDATE audit_auditevent SET object_id = 'C-OTHER' WHERE seq = 5")
    response = start(api, network_coordinator, django_capture_on_commit_callbacks)
    job = Job.objects.get(pk=response.json()["job"])
    assert job.result["ok"] is False
    assert job.result["first_bad_event"] == 5


@pytest.mark.parametrize("who", ["owner_admin", "owner_caseworker"])
def test_it_refuses_everyone_but_coordinators(
    api, request, who, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(who)
    response = start(api, user, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not Job.objects.exists()
    denied = AuditEvent.objects.get(action="audit.verify_denied")
    assert denied.outcome == "denied"


def test_it_never_starts_a_job_on_a_get(api, network_coordinator):
    response = api.as_user(network_coordinator).get(URL)
    assert response.status_code == 405
    assert not Job.objects.exists()
