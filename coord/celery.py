"""Celery application. Without CELERY_BROKER_URL, settings make every task run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coord.settings")

app = Celery("coord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="coord.ping")
def ping() -> str:
    """A no-op used by /healthz and the CI worker check to prove a worker answers."""
    return "pong"
