"""Sessions that respect field work (issue 25): an idle limit that a page with unsaved
input pushes back, bounded by an absolute maximum, and a plain word when a save arrives
after the session ended.

- The idle limit is ``SESSION_COOKIE_AGE`` (``COORD_SESSION_IDLE_MINUTES``, every request
  renews it). A form page with typed text calls ``POST /session/alive/`` while the person
  types (``static/web/js/session.js``), so a long narrative typed on a slow connection is
  not lost to the idle limit; a page left alone warns two minutes before it ends.
- The absolute maximum (``COORD_SESSION_MAX_HOURS``, default 12) is counted from sign-in
  and nothing renews it: a stolen, kept-alive session still ends.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

SIGNED_IN_AT = "coord_signed_in_at"


@receiver(user_logged_in, dispatch_uid="coord.web.session_started")
def _session_started(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


def seconds_left(request: HttpRequest) -> int:
    """Seconds until the absolute maximum ends this session."""
    started = request.session.setdefault(SIGNED_IN_AT, int(time.time()))
    return int(started + settings.COORD_SESSION_MAX_HOURS * 3600 - time.time())


class SessionLimitMiddleware:
    """Signs out a session older than the absolute maximum; the request then goes on as
    anonymous (a page sends to sign-in, the API answers 401/403 as for no session)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and seconds_left(request) <= 0:
            logout(request)
        return self.get_response(request)


@require_POST
def session_alive(request: HttpRequest) -> HttpResponse:
    """``POST /session/alive/``: renews the idle limit (the request itself does) and says
    how long the session may still last; 401 ``session_ended`` once it has ended."""
    if not request.user.is_authenticated:
        return JsonResponse({"code": "session_ended"}, status=401)
    return JsonResponse(
        {"idle_seconds": settings.SESSION_COOKIE_AGE, "max_seconds": seconds_left(request)}
    )
