"""Celery entry points of the audit trail: checkpoints and chain verification."""

from __future__ import annotations

import logging
from uuid import UUID

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="coord.audit.checkpoint")
def audit_checkpoint_task() -> int | None:
    """Sign the chain head (hourly from beat, and every N events). Returns the seq signed."""
    from coord.audit.services import audit_checkpoint_create

    checkpoint = audit_checkpoint_create()
    return checkpoint.seq if checkpoint else None


@shared_task(name="coord.audit.verify")
def audit_verify_task(job_id: str | UUID) -> dict:
    """Verify the chain for a Job, recording progress; the job's result is the command's JSON."""
    from coord.audit.selectors import audit_verify
    from coord.audit.services import audit_verify_record
    from coord.jobs.services import job_fail, job_progress, job_succeed

    try:
        result = audit_verify(
            progress=lambda done, total: job_progress(job_id, done=done, total=total)
        )
    except Exception:
        logger.exception("audit verification job %s failed", job_id)
        job_fail(job_id, error="verification could not run; see the server log")
        raise
    from coord.jobs.selectors import job_get

    job = job_get(job_id=job_id)
    audit_verify_record(job_id=job_id, result=result, actor=job.created_by if job else None)
    job_succeed(job_id, result=result)
    return result


@shared_task(name="coord.audit.sequence")
def audit_sequence_task() -> int:
    """Sequence the outbox (woken after each committing append, and every minute by beat so
    a lost wake-up or a broker outage only delays events). Returns how many it numbered."""
    from coord.audit.services import audit_sequence

    return audit_sequence()


@shared_task(name="coord.audit.sth_published")
def audit_sth_published_task(tree_size: int) -> int:
    """Deliver a newly signed tree head to every organisation (a notification each)."""
    from sharing_policies.services.common import notify_tree_head

    return notify_tree_head(tree_size=tree_size)
