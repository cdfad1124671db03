"""The re-encryption task on a real Celery worker (runs in CI's PostgreSQL + Redis pass)."""

from __future__ import annotations

from datetime import date

import pytest

from coord.cases.models import CaseSummary
from coord.cases.services import case_create
from coord.crypto.services import organisation_key_rotate, token_version
from coord.crypto.tasks import reencrypt_task
from coord.jobs.models import Job
from coord.jobs.services import job_create

SUMMARY = "Recruited through an online job advert for factory work across the border."


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_reencrypts_cases_on_a_worker_and_records_progress(
    owner_org, owner_caseworker, owner_admin
):
    for _ in range(3):
        case_create(
            actor=owner_caseworker,
            organisation=owner_org,
            data={"reported_month": date(2025, 3, 1), "region": "KH-12", "summary": SUMMARY},
        )
    organisation_key_rotate(organisation=owner_org)
    job = job_create(kind="crypto.reencrypt", actor=owner_admin, organisation=owner_org)
    # Not from inside a task: an eager task run earlier in this process may have left
    # Celery's "inside a task" flag set, which would refuse a plain get().
    # Results are ignored by default (CELERY_TASK_IGNORE_RESULT); this call asks for one.
    result = reencrypt_task.apply_async((str(job.pk), owner_org.pk), ignore_result=False).get(
        timeout=60, disable_sync_subtasks=False
    )
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.SUCCEEDED, 3, 3)
    assert result["done"] == 3
    tokens = CaseSummary.objects.values_list("summary_ct", flat=True)
    assert {token_version(t) for t in tokens} == {2}
