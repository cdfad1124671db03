"""/healthz: is the database reachable, and (when one is configured) the broker.

Answered by a middleware placed first, so container health checks on 127.0.0.1
work without being in ALLOWED_HOSTS and without the HTTPS redirect.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
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


KEYS_SAMPLE = 20
KEYS_UNWRAP_MESSAGE = (
    "coord: {failed} of {checked} organisation data keys cannot be unwrapped with the "
    "configured master key (COORD_MASTER_KEY / COORD_MASTER_KEY_FILE). Encrypted fields are "
    "shown as unavailable and nothing new can be encrypted until the master key that "
    "matches this database is restored (docs/operations.md, Backups and restore)."
)


def data_keys_status() -> tuple[str, int, int]:
    """``("ok" | "none" | "cannot_unwrap", failed, checked)`` for the active data keys of
    up to ``KEYS_SAMPLE`` organisations: after a restore without the right master key the
    service still runs, and this is where it says why nothing decrypts."""
    from coord.crypto.exceptions import DecryptionFailed
    from coord.crypto.keys import unwrap_row
    from coord.crypto.models import KeyState, OrganisationKey

    rows = list(
        OrganisationKey.objects.filter(state=KeyState.ACTIVE, wrapped_key__isnull=False).order_by(
            "organisation_id"
        )[:KEYS_SAMPLE]
    )
    failed = 0
    for row in rows:
        try:
            unwrap_row(row)
        except DecryptionFailed:
            failed += 1
    if not rows:
        return "none", 0, 0
    return ("cannot_unwrap" if failed else "ok"), failed, len(rows)


def _keys_status() -> str:
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


@register(Tags.database)
def check_data_keys(app_configs=None, databases=None, **kwargs) -> list[CheckMessage]:
    """``manage.py check --database default`` warns when the master key does not match the
    database (a restore without the right key file): loud, but the service still starts."""
    if not databases or "default" not in databases:
        return []
    try:
        status, failed, checked = data_keys_status()
    except Exception:
        return []
    if status != "cannot_unwrap":
        return []
    return [Warning(KEYS_UNWRAP_MESSAGE.format(failed=failed, checked=checked), id="coord.W010")]


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path == "/healthz" and request.method == "GET":
            return healthz(request)
        return self.get_response(request)
