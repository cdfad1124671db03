"""Celery entry points for imports: take ids, call a service."""

from __future__ import annotations

from celery import shared_task

from coord.imports.services import import_commit_run, imports_purge_expired


@shared_task(name="coord.imports.commit", acks_late=True, reject_on_worker_lost=True)
def import_commit_task(job_id: str, import_id: str) -> dict[str, int]:
    """Store an import's passing rows; resumable (each batch moves the resume point)."""
    return import_commit_run(job_id=job_id, import_id=import_id)


@shared_task(name="coord.imports.purge_expired")
def purge_expired_task() -> int:
    """Delete the sealed files of imports not committed in time."""
    return imports_purge_expired()
