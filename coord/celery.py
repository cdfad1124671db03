"""Celery application. Without CELERY_BROKER_URL, settings make every task run eagerly."""

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coord.settings")

app = Celery("coord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="coord.ping")
def ping() -> str:
    """A no-op used by /healthz and the CI worker check to prove a worker answers."""
    return "pong"


@worker_init.connect
@worker_process_init.connect
def _worker_statement_timeout(**_kwargs) -> None:
    """Workers run long batches by design: they get ``COORD_WORKER_STATEMENT_TIMEOUT_MS``
    instead of the web service's ``COORD_STATEMENT_TIMEOUT_MS`` (on their next connect)."""
    from django.conf import settings
    from django.db import connections

    from coord.lib.db import use_statement_timeout

    for alias in connections:
        use_statement_timeout(
            connections[alias].settings_dict, settings.COORD_WORKER_STATEMENT_TIMEOUT_MS
        )
