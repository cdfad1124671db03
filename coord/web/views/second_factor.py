"""Second-factor housekeeping for a signed-in admin or coordinator: new recovery codes.

Sign-in and first enrolment live in ``coord.web.views.auth``. Minting recovery codes is as
strong as the factor itself, so it asks for a current code again: a hijacked session alone
cannot print a fresh set. A wrong code is a failed sign-in for django-axes (and is audited
by ``coord.web.signals``); the new codes are shown once and stored only as django-otp keeps
them.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coord.organisations import selectors, services
from coord.organisations.models import Role
from coord.web.forms import SecondFactorForm
from coord.web.views.base import member_required


@never_cache
@require_http_methods(["GET", "POST"])
@member_required(Role.ADMIN, Role.COORDINATOR)
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes after checking a current authenticator code."""
    user = request.user
    if not selectors.has_second_factor(user):
        return redirect("web:home")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.second_factor_verify(user=user, token=form.cleaned_data["otp"]):
            codes = services.recovery_codes_regenerate(user=user, request=request)
            return render(request, "web/recovery_codes.html", {"codes": codes, "next": "/"})
        user_login_failed.send(
            sender=__name__, request=request, credentials={"username": user.get_username()}
        )
        form.add_error("otp", form.error_messages["wrong"])
    return render(request, "web/second_factor_recovery.html", {"form": form})
