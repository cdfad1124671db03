"""Request id: every request gets one, echoed in X-Request-ID and carried into audit events."""

import re
import uuid

from django.http import HttpRequest, HttpResponse

from coord.pii.guard import scan

_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_SEPARATORS = re.compile(r"[._-]")


def accepted_request_id(incoming: str) -> str | None:
    """The client's id if it is a strict token holding no identifier, else None.

    The id is written into every audit event of the request, and the trail is
    append-only: a phone number sent as a request id could never be erased. The guard
    runs on the id as sent and with its separators read as spaces (``req-0812345678``).
    """
    if not _SAFE_ID.fullmatch(incoming):
        return None
    if scan(incoming) or scan(_SEPARATORS.sub(" ", incoming)):
        return None
    return incoming


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = accepted_request_id(incoming) or uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every dynamic response.

    Pages and API answers may carry case data, so no browser or proxy may keep a
    copy; only our static files (served earlier by whitenoise) are cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response
