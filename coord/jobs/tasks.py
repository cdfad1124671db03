"""Celery entry point for job leases (Celery beat, every minute)."""

from __future__ import annotations

from celery import shared_task

from coord.jobs.leases import jobs_interrupt_expired


@shared_task(name="coord.jobs.interrupt_expired")
def interrupt_expired_task() -> int:
    """Mark running jobs whose worker stopped reporting progress ``interrupted``."""
    return len(jobs_interrupt_expired())
