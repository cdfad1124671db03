"""Jobs that cannot be lost: a running job holds a lease that its progress renews.

Every progress report (``job_progress``) stamps ``updated_at``: that is the heartbeat. A job
still ``running`` whose last heartbeat is older than ``COORD_JOB_LEASE_SECONDS`` lost its
worker (killed, out of memory, machine gone); ``jobs_interrupt_expired`` (Celery beat, every
minute) marks it ``interrupted`` with a message that says what to do, and ``manage.py
resume_job`` queues it again. The work itself is idempotent (re-encryption skips what is
already on the current key; verification only reads), so a resumed job redoes nothing that
was finished and ends with every row done once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coord.audit.services import audit_append
from coord.jobs.models import Job

INTERRUPTED = (
    "The worker running this job stopped before it finished. Nothing done so far is lost; "
    "resume it with: manage.py resume_job {job_id}"
)


class NotResumableError(Exception):
    """The job is not interrupted or failed, or no task is known for its kind."""


def lease_deadline(now: datetime | None = None) -> datetime:
    """Jobs whose last heartbeat is before this have lost their worker."""
    return (now or timezone.now()) - timedelta(seconds=settings.COORD_JOB_LEASE_SECONDS)


def jobs_interrupt_expired(*, now: datetime | None = None) -> list[UUID]:
    """Mark every running job whose lease expired ``interrupted``; returns their ids.

    A job whose worker comes back and reports progress again turns ``running`` again
    (``job_progress`` sets the status), so a slow batch is never lost either.
    """
    now = now or timezone.now()
    interrupted: list[UUID] = []
    with transaction.atomic():
        expired = Job.objects.select_for_update(skip_locked=True).filter(
            status=Job.Status.RUNNING, updated_at__lt=lease_deadline(now)
        )
        for job in expired:
            Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                status=Job.Status.INTERRUPTED,
                error=INTERRUPTED.format(job_id=job.pk)[:500],
                updated_at=now,
            )
            audit_append(
                action="job.interrupted",
                actor=None,
                organisation=job.organisation,
                object_type="job",
                object_id=str(job.pk),
                details={"kind": job.kind, "done": job.done},
            )
            interrupted.append(job.pk)
    return interrupted


def job_mark_resumed(*, job_id: UUID | str, actor=None) -> Job:
    """Set an interrupted (or failed) job back to ``pending`` before it is queued again."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in (Job.Status.INTERRUPTED, Job.Status.FAILED):
            raise NotResumableError("only an interrupted or failed job can be resumed")
        job.status = Job.Status.PENDING
        job.error = ""
        job.finished_at = None
        job.save(update_fields=["status", "error", "finished_at", "updated_at"])
        audit_append(
            action="job.resume",
            actor=actor,
            organisation=job.organisation,
            object_type="job",
            object_id=str(job.pk),
            details={"kind": job.kind, "done": job.done},
        )
    return job
