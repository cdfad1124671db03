"""503 with ``Retry-After`` when the database cannot answer, never a 500.

Two failures are a wait, not a bug: the database is unreachable (restarting, failing over,
network cut) and a statement ran past ``COORD_STATEMENT_TIMEOUT_MS`` (PostgreSQL's
``statement_timeout`` cancels it, so one slow query cannot hold a worker). Both reach Django as
``OperationalError`` (psycopg's ``QueryCanceled`` and connection failures are its subclasses)
or ``InterfaceError`` (a connection already closed). The answer is the same in every layer:
``{"detail": ..., "code": "unavailable"}`` under /api/, a short page elsewhere, both 503 with
``Retry-After``. The page is rendered without the request's context processors: they would read
the session and the user, i.e. the database that just failed.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger("coord.unavailable")

MESSAGE = "The service is briefly unavailable. Please try again in a moment."
CODE = "unavailable"
# A data key that the configured master key cannot unwrap (a restore without the right key
# file): not a bug of the request, and nothing an immediate retry fixes (coord/lib/health.py).
KEYS_MESSAGE = (
    "Encrypted case text is unavailable because the service cannot unlock its data keys. "
    "Please tell your administrator."
)
KEYS_CODE = "keys_unavailable"
KEYS_RETRY_AFTER = 300


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True for a database that could not answer (down, or a statement cancelled)."""
    return isinstance(exc, OperationalError | InterfaceError)


def is_keys_unavailable(exc: BaseException | None) -> bool:
    """True when a data key could not be unwrapped (or a stored value not opened)."""
    from coord.crypto.exceptions import DecryptionFailed

    return isinstance(exc, DecryptionFailed)


def is_unavailable(exc: BaseException | None) -> bool:
    return is_database_unavailable(exc) or is_keys_unavailable(exc)


def retry_after_seconds() -> int:
    return int(getattr(settings, "COORD_RETRY_AFTER_SECONDS", 5))


def unavailable_response(request: HttpRequest, *, keys: bool = False) -> HttpResponse:
    """The 503 itself: JSON for the API, a page for people, no request data echoed."""
    message = _(KEYS_MESSAGE) if keys else _(MESSAGE)
    if request.path.startswith("/api/"):
        code = KEYS_CODE if keys else CODE
        response: HttpResponse = JsonResponse({"detail": message, "code": code}, status=503)
    else:
        try:
            body = loader.render_to_string("503.html", {"message": message})
        except Exception:  # the answer to an outage must not depend on a template
            body = f"<!doctype html><title>503</title><h1>503</h1><p>{message}</p>"
        response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(KEYS_RETRY_AFTER if keys else retry_after_seconds())
    response["Cache-Control"] = "no-store"
    return response


def log_unavailable(request: HttpRequest, exc: BaseException) -> None:
    """One warning naming the kind of failure, never the statement or its parameters."""
    logger.warning(
        "%s unavailable: %s on %s %s",
        "data keys" if is_keys_unavailable(exc) else "database",
        type(getattr(exc, "__cause__", None) or exc).__name__,
        request.method,
        request.path,
    )


class DatabaseUnavailableMiddleware:
    """Turns a view's database failure into the 503 (in DEBUG too, where Django would show
    its debug page); failures in other middleware reach ``handler500``, which does the same
    (``coord.lib.api.json_server_error``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_unavailable(exception):
            return None
        log_unavailable(request, exception)
        return unavailable_response(request, keys=is_keys_unavailable(exception))


def current_exception_is_unavailable() -> BaseException | None:
    """The exception being handled, if it is a database or key failure (``handler500``)."""
    exc = sys.exc_info()[1]
    return exc if is_unavailable(exc) else None
