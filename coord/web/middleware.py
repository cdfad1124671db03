"""Two doors the web keeps before any page runs.

- ``/admin/`` is for staff accounts only: a signed-in non-staff user (a coordinator
  included) gets one clear 403 page instead of the admin's redirect to sign in, which
  the sign-in page sends straight back (the old loop).
- An account that must choose a new password (set by an admin, or a one-time reset
  code) is sent to the change page from every other page; the API answers 403
  ``password_change_required`` itself (``coord.lib.views.ApiView``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from coord.organisations.selectors import must_change_password

# Open while a new password is due: the change page itself, sign-out, the language switch.
_OPEN_BEFORE_CHANGE = ("/account/password/", "/logout/", "/i18n/")


class AccountGateMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if path.startswith("/admin/"):
            if not (user.is_active and user.is_staff):
                return render(request, "web/admin_forbidden.html", status=403)
            return self.get_response(request)
        if (
            not path.startswith(("/api/", "/static/"))
            and not path.startswith(_OPEN_BEFORE_CHANGE)
            and must_change_password(user)
        ):
            return redirect(reverse("web:password-change"))
        return self.get_response(request)
