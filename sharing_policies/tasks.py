"""Celery beat entry point: expiry bookkeeping and warnings (see ``sharing_expire``)."""

from __future__ import annotations

from celery import shared_task

from sharing_policies.services import sharing_expire


@shared_task(name="sharing_policies.tasks.expire_and_warn")
def expire_and_warn() -> dict[str, int]:
    """Mark expired grants/shares and warn both sides before the end (idempotent)."""
    return sharing_expire()
