"""Refusals of malformed or oversized requests: JSON under /api/, a short page elsewhere.

Used by ``InputLimitsMiddleware`` (before anything parses the request) and as Django's
``handler400`` (for whatever else a parser refuses), so bad input is a 4xx with a clear
message in every mode, DEBUG included, and never a 500. No message repeats the input.
"""

from __future__ import annotations

from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

TOO_MANY_FIELDS = gettext_noop("Too many parameters in the request.")
TOO_MANY_FILES = gettext_noop("Too many files in the request.")
TOO_LARGE = gettext_noop("Request body is too large.")
MALFORMED = gettext_noop("The request could not be read.")
TOO_MANY_REQUESTS = gettext_noop("Too many requests. Wait a moment, then try again.")
# The error body's ``code`` for each refusal (docs/api.md "Errors").
CODES = {
    TOO_MANY_FIELDS: "too_many_parameters",
    TOO_MANY_FILES: "too_many_files",
    TOO_LARGE: "payload_too_large",
    MALFORMED: "malformed_request",
    TOO_MANY_REQUESTS: "throttled",
}


def refuse(request: HttpRequest, message: str, *, status: int = 400) -> HttpResponse:
    """A 4xx answer with ``message``: ``{"code", "detail"}`` for the API, a page for people."""
    if request.path.startswith("/api/"):
        code = CODES.get(message, "bad_request")
        return JsonResponse({"code": code, "detail": _(message)}, status=status)
    try:
        body = loader.render_to_string("400.html", {"message": _(message), "status": status})
    except Exception:  # the refusal must not fail on a missing or broken template
        body = f"<!doctype html><title>{status}</title><h1>{status}</h1>"
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def message_for(exception: BaseException | None) -> tuple[str, int]:
    """The message and status for a refused request, from the kind of refusal only."""
    if isinstance(exception, RequestDataTooBig):
        return TOO_LARGE, 413
    if isinstance(exception, TooManyFieldsSent):
        return TOO_MANY_FIELDS, 400
    if isinstance(exception, TooManyFilesSent):
        return TOO_MANY_FILES, 400
    return MALFORMED, 400


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """Django's ``handler400``: a parser or a SuspiciousOperation refused the request."""
    message, status = message_for(exception)
    return refuse(request, message, status=status)
