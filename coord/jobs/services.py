"""Job bookkeeping. Progress writes are single UPDATEs so a batch loop can call them often."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from coord.audit.services import audit_append
from coord.jobs.models import Job

logger = logging.getLogger(__name__)

QUEUE_DOWN = (
    "The task queue is unavailable, so this job did not start. Nothing was lost; "
    "start it again later."
)


def job_create(*, kind: str, actor=None, organisation=None, request=None) -> Job:
    job = Job.objects.create(kind=kind, created_by=actor, organisation=organisation)
    audit_append(
        action="job.create",
        actor=actor,
        organisation=organisation,
        object_type="job",
        object_id=str(job.pk),
        details={"kind": kind},
        request=request,
    )
    return job


def job_progress(job_id: UUID | str, *, done: int, total: int | None = None) -> None:
    changes: dict[str, Any] = {
        "status": Job.Status.RUNNING,
        "done": done,
        "updated_at": timezone.now(),
    }
    if total is not None:
        changes["total"] = total
    Job.objects.filter(pk=job_id).update(**changes)


def job_succeed(job_id: UUID | str, *, result: dict[str, Any]) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED, result=result, finished_at=now, updated_at=now
    )


def job_fail(job_id: UUID | str, *, error: str) -> None:
    """Record a failure. ``error`` is shown to the user: never put data or secrets in it."""
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, error=error[:500], finished_at=now, updated_at=now
    )


def job_enqueue(job_id: UUID | str, task, *args: Any) -> None:
    """Queue ``task.delay(job_id, *args)`` once the current transaction commits.

    If the broker cannot take it, the job is marked failed with a message the user can act
    on: the request's writes are committed by then, so raising would turn a done request
    into a 500 and leave the job "queued" forever.
    """

    def send() -> None:
        try:
            task.delay(str(job_id), *args)
        except (BrokerUnavailable, OSError) as exc:
            logger.warning("job %s not queued: %s", job_id, type(exc).__name__)
            job_fail(job_id, error=QUEUE_DOWN)

    transaction.on_commit(send)
