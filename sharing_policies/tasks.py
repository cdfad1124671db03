"""Celery beat entry points: expiry bookkeeping and warnings (see ``sharing_expire``), and
pruning read notifications (``notifications_prune``)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from sharing_policies.services import notifications_prune, sharing_expire


@shared_task(name="sharing_policies.tasks.expire_and_warn")
def expire_and_warn() -> dict[str, int]:
    """Mark expired grants/shares and warn both sides before the end (idempotent)."""
    return sharing_expire()


@shared_task(name="sharing_policies.tasks.prune_notifications")
def prune_notifications() -> int:
    """Delete notifications read more than ``COORD_NOTIFICATION_KEEP_DAYS`` ago."""
    return notifications_prune(older_than_days=settings.COORD_NOTIFICATION_KEEP_DAYS)
