"""Celery entry points for key management: take ids, call a service."""

from __future__ import annotations

from celery import shared_task

from coord.crypto.services import reencrypt_job_run
from coord.organisations.models import Organisation


@shared_task(name="coord.crypto.reencrypt", acks_late=True, reject_on_worker_lost=True)
def reencrypt_task(job_id: str, org_id: int) -> dict[str, int]:
    """Re-encrypt one organisation's fields, recording progress in Job ``job_id``.

    Safe to retry or run twice: re-encryption is idempotent. Acknowledged only once it
    finishes, so a worker killed mid-run gives the task back to the broker; a job whose
    worker never comes back is marked interrupted (coord/jobs/leases.py) and resumed with
    ``manage.py resume_job``.
    """
    organisation = Organisation.objects.get(pk=org_id)
    return reencrypt_job_run(job_id=job_id, organisation=organisation)
