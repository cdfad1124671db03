"""A re-encryption job whose worker is killed mid-run is marked interrupted once its lease
expires, and one command resumes it from where it stopped: every value moved exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from coord.crypto import services as crypto_services
from coord.crypto.services import organisation_key_rotate, token_version
from coord.jobs import services as job_services
from coord.jobs.leases import jobs_interrupt_expired
from coord.jobs.models import Job
from tests.crypto.conftest import SecretNote, texts


class Killed(BaseException):
    """What SIGKILL looks like from inside: no ``except Exception`` runs, nothing is recorded."""


def test_it_resumes_an_interrupted_reencryption_with_one_command(
    owner_org,
    owner_admin,
    make_notes,
    monkeypatch,
    settings,
    eager_celery,
    django_capture_on_commit_callbacks,
):
    make_notes(owner_org, 20)
    before = texts(owner_org)
    organisation_key_rotate(organisation=owner_org)
    job = job_services.job_create(
        kind="crypto.reencrypt", actor=owner_admin, organisation=owner_org
    )
    real_progress, calls = job_services.job_progress, []

    def progress_then_die(job_id, *, done, total=None):
        real_progress(job_id, done=done, total=total)
        calls.append(done)
        if len(calls) == 3:  # the start, then two batches of 5
            raise Killed

    real_run = crypto_services.reencrypt_run
    monkeypatch.setattr(crypto_services, "reencrypt_run", lambda **kw: real_run(batch_size=5, **kw))
    monkeypatch.setattr(job_services, "job_progress", progress_then_die)
    with pytest.raises(Killed):
        crypto_services.reencrypt_job_run(job_id=job.pk, organisation=owner_org)
    monkeypatch.setattr(job_services, "job_progress", real_progress)
    job.refresh_from_db()
    assert (job.status, job.done) == (Job.Status.RUNNING, 10)

    Job.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - timedelta(seconds=settings.COORD_JOB_LEASE_SECONDS + 1)
    )
    assert jobs_interrupt_expired() == [job.pk]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_job", str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.result["total"], job.result["done"]) == (10, 10)  # only what was left
    assert {token_version(t) for t in SecretNote.objects.values_list("body_ct", flat=True)} == {2}
    assert texts(owner_org) == before
