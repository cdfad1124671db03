"""Beat entry point: tell owners about overdue follow-ups, once each."""

from __future__ import annotations

from celery import shared_task

from coord.followups.services import followups_notify_overdue


@shared_task(name="coord.followups.notify_overdue")
def notify_overdue() -> int:
    return followups_notify_overdue()
