"""Request id: every request gets one, echoed in X-Request-ID and carried into audit events."""

import math
import re
import uuid

from django.http import HttpRequest, HttpResponse
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

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


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class InputLimitsMiddleware:
    """Refuse a request whose shape alone is abusive before any code parses it.

    Too many query parameters (``DATA_UPLOAD_MAX_NUMBER_FIELDS``) is a 400 for every path,
    counted on the raw query string. A web form body is parsed here, under Django's limits
    (fields, files, size), so a refusal is a clear 400/413 page instead of an exception in
    whichever middleware or view touches ``request.POST`` first. API bodies are left to
    DRF (JSON only, bounded by ``coord.lib.parsers``; a form body there is a 415).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        from coord.lib import refusals

        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        query = request.META.get("QUERY_STRING", "")
        if limit is not None and query.count("&") + 1 > limit:
            return refusals.refuse(request, refusals.TOO_MANY_FIELDS)
        if (
            request.method == "POST"
            and not request.path.startswith("/api/")
            and request.content_type in FORM_TYPES
        ):
            try:
                request.POST  # noqa: B018 - parsed now, under Django's limits
            except Exception as exc:  # any failure to read a form body is the body's fault
                message, status = refusals.message_for(exc)
                return refusals.refuse(request, message, status=status)
        return self.get_response(request)


SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
SIGN_IN_PATHS = ("/login/", "/admin/login/")


class WebFormThrottleMiddleware:
    """Web forms are rate limited like the API (issue 23): a sign-in form counts against the
    API's ``login`` scope for the same address, every other form post against ``web_form``
    per user (``COORD_RATE_WEB_FORM``). Counters live in the cache, so with several gunicorn
    workers they hold only with a shared cache (``COORD_CACHE_URL``, docs/operations.md). A
    refusal is a 429 page with Retry-After, before any view or form runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS or request.path.startswith("/api/"):
            return self.get_response(request)
        throttle = FormThrottle("login" if request.path.startswith(SIGN_IN_PATHS) else "web_form")
        if throttle.allow_request(request, None):
            return self.get_response(request)
        from coord.lib import refusals

        response = refusals.refuse(request, refusals.TOO_MANY_REQUESTS, status=429)
        response["Retry-After"] = str(max(1, math.ceil(throttle.wait() or 1)))
        return response


class FormThrottle(SimpleRateThrottle):
    """DRF's rate arithmetic and cache keys (``throttle_<scope>_<ident>``), so a web form and
    the API spend one budget per scope and caller."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        super().__init__()

    def get_cache_key(self, request, view) -> str:
        user = getattr(request, "user", None)
        if self.scope != "login" and user is not None and user.is_authenticated:
            ident = str(user.pk)
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
