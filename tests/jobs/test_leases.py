"""Jobs that cannot be lost: a running job whose worker stopped reporting progress is marked
interrupted with a message that says how to resume it; ``resume_job`` queues it again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from coord.audit.models import AuditEvent
from coord.jobs.leases import jobs_interrupt_expired
from coord.jobs.models import Job
from coord.jobs.services import job_create, job_progress, job_succeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(owner_admin, owner_org) -> Job:
    job = job_create(kind="crypto.reencrypt", actor=owner_admin, organisation=owner_org)
    job_progress(job.pk, done=8099, total=20523)
    return job


def _silent_for(job: Job, seconds: int) -> None:
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(seconds=seconds))


def test_it_marks_a_running_job_whose_lease_expired_interrupted(running, settings):
    _silent_for(running, settings.COORD_JOB_LEASE_SECONDS + 1)
    assert jobs_interrupt_expired() == [running.pk]
    running.refresh_from_db()
    assert (running.status, running.done) == (Job.Status.INTERRUPTED, 8099)
    assert f"manage.py resume_job {running.pk}" in running.error


def test_it_leaves_a_job_with_a_fresh_heartbeat_running(running, settings):
    _silent_for(running, settings.COORD_JOB_LEASE_SECONDS - 30)
    assert jobs_interrupt_expired() == []
    running.refresh_from_db()
    assert running.status == Job.Status.RUNNING


def test_it_leaves_finished_jobs_alone(running, settings):
    job_succeed(running.pk, result={})
    _silent_for(running, settings.COORD_JOB_LEASE_SECONDS * 10)
    assert jobs_interrupt_expired() == []


def test_it_audits_the_interruption(running, settings):
    _silent_for(running, settings.COORD_JOB_LEASE_SECONDS + 1)
    jobs_interrupt_expired()
    event = AuditEvent.objects.get(action="job.interrupted")
    assert (event.object_id, event.details["done"]) == (str(running.pk), 8099)


def test_it_runs_again_when_its_worker_reports_progress_after_all(running, settings):
    _silent_for(running, settings.COORD_JOB_LEASE_SECONDS + 1)
    jobs_interrupt_expired()
    job_progress(running.pk, done=8100)
    running.refresh_from_db()
    assert running.status == Job.Status.RUNNING


def test_it_refuses_to_resume_a_running_job(running):
    with pytest.raises(CommandError, match="only an interrupted or failed job"):
        call_command("resume_job", str(running.pk))


@pytest.mark.parametrize("job_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_it_refuses_to_resume_an_unknown_job(job_id):
    with pytest.raises(CommandError):
        call_command("resume_job", job_id)


def test_it_schedules_the_lease_check_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["jobs-interrupt-expired"]
    assert (entry["task"], entry["schedule"]) == (
        "coord.jobs.interrupt_expired",
        timedelta(minutes=1),
    )


def test_it_gives_a_killed_workers_task_back_to_the_broker(settings):
    from coord.crypto.tasks import reencrypt_task

    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert reencrypt_task.acks_late and reencrypt_task.reject_on_worker_lost
