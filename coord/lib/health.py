"""/healthz: is the database reachable, and (when one is configured) the broker.

Answered by a middleware placed first, so container health checks on 127.0.0.1
work without being in ALLOWED_HOSTS and without the HTTPS redirect.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from coord.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        return "down"


def _keys_status() -> str:
    from coord.crypto.checks import data_keys_status

    try:
        status, _failed, _checked = data_keys_status()
    except Exception:  # the database is down: reported as such above
        return "unknown"
    return status


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = "ok" if _database_ok() else "down"
    broker = _broker_status()
    keys = _keys_status() if database == "ok" else "unknown"
    healthy = database == "ok" and broker != "down" and keys != "cannot_unwrap"
    return JsonResponse(
        {
            "status": "ok" if healthy else "degraded",
            "database": database,
            "broker": broker,
            "data_keys": keys,
        },
        status=200 if healthy else 503,
    )


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path == "/healthz" and request.method == "GET":
            return healthz(request)
        return self.get_response(request)
