"""Celery entry points for key management: take ids, call a service."""

from __future__ import annotations

from celery import shared_task

from coord.crypto.services import reencrypt_job_run
from coord.organisations.models import Organisation


@shared_task(name="coord.crypto.reencrypt")
def reencrypt_task(job_id: str, org_id: int) -> dict[str, int]:
    """Re-encrypt one organisation's fields, recording progress in Job ``job_id``.

    Safe to retry or run twice: re-encryption is idempotent.
    """
    organisation = Organisation.objects.get(pk=org_id)
    return reencrypt_job_run(job_id=job_id, organisation=organisation)
