"""Queueing a job's task after commit, and what happens when the broker is down."""

from unittest import mock

import pytest
from kombu.exceptions import OperationalError

from coord.jobs.models import Job
from coord.jobs.services import QUEUE_DOWN, job_create, job_enqueue


class _Task:
    """Stands in for a Celery task: records ``delay`` calls, or fails like a dead broker."""

    def __init__(self, fail: bool = False):
        self.calls: list[tuple] = []
        self.fail = fail

    def delay(self, *args):
        if self.fail:
            raise OperationalError("[Errno 111] Connection refused")
        self.calls.append(args)


@pytest.fixture
def job(owner_admin, owner_org):
    return job_create(kind="crypto.reencrypt", actor=owner_admin, organisation=owner_org)


def test_it_queues_the_task_with_the_job_id_only_after_commit(
    job, django_capture_on_commit_callbacks
):
    task = _Task()
    with django_capture_on_commit_callbacks(execute=True):
        job_enqueue(job.pk, task, 7)
        assert task.calls == []
    assert task.calls == [(str(job.pk), 7)]


def test_it_marks_the_job_failed_with_a_plain_message_when_the_broker_is_down(
    job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job_enqueue(job.pk, _Task(fail=True))
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, QUEUE_DOWN)


def test_a_key_rotation_answers_202_with_a_failed_job_when_the_broker_is_down(
    api, owner_admin, django_capture_on_commit_callbacks
):
    from coord.crypto.tasks import reencrypt_task

    refused = OperationalError("[Errno 111] Connection refused")
    with (
        mock.patch.object(reencrypt_task, "delay", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = api.as_user(owner_admin).post("/api/v1/organisations/owner-org/keys/rotate/")
    assert response.status_code == 202
    assert Job.objects.get(pk=response.json()["job"]).status == Job.Status.FAILED
