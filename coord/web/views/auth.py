"""Sign-in and sign-out pages: Django's auth views with our templates, plus the second
factor (TOTP) for admins and coordinators when ``COORD_REQUIRE_2FA`` is on.

django-axes counts failures through its authentication backend (a wrong second-factor
code is reported to it as a failed sign-in too); sign-in, failed sign-in and sign-out are
audited by ``coord.web.signals``. With a second factor the password step only remembers
who passed it (for five minutes, in the session); ``login()`` happens after the code.
"""

from __future__ import annotations

import base64
import io
import time

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coord.organisations import selectors, services
from coord.web.forms import SecondFactorForm, SignInForm
from coord.web.views.account import set_language_cookie

PENDING = "web_2fa_pending"
PENDING_SECONDS = 300
MAX_CODE_ATTEMPTS = 5


class SignInView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not selectors.requires_second_factor(user):
            return _with_language(super().form_valid(form), user)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
            "attempts": 0,
        }
        if selectors.has_second_factor(user):
            return redirect("web:login-2fa")
        return redirect("web:login-2fa-setup")


class SignOutView(auth_views.LogoutView):
    """POST only (Django 5): a link cannot sign anyone out. The sign-in page then says so."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are signed out."))
        return response


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


def _finish(request: HttpRequest, user, pending) -> HttpResponse:
    request.session.pop(PENDING, None)
    login(request, user, backend=pending["backend"])
    target = pending.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return _with_language(redirect(target), user)


def _with_language(response: HttpResponse, user) -> HttpResponse:
    """The language chosen on the profile page follows the person to every browser."""
    membership = selectors.membership_of(user)
    if membership is not None:
        set_language_cookie(response, membership.language)
    return response


def _wrong_code(request: HttpRequest, user, pending) -> None:
    """Count the failure for django-axes and the audit trail (channel "web")."""
    user_login_failed.send(
        sender=__name__, request=request, credentials={"username": user.get_username()}
    )
    pending["attempts"] += 1
    if pending["attempts"] >= MAX_CODE_ATTEMPTS:
        request.session.pop(PENDING, None)
    else:
        request.session[PENDING] = pending


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user, pending = _pending_user(request)
    if user is None:
        return redirect("web:login")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.second_factor_verify(user=user, token=form.cleaned_data["otp"]):
            return _finish(request, user, pending)
        _wrong_code(request, user, pending)
        if PENDING not in request.session:
            return redirect("web:login")
        form.add_error("otp", form.error_messages["wrong"])
    return render(request, "web/login_2fa.html", {"form": form})


def _qr_data_uri(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    buffer = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in of an admin or coordinator: enrol an authenticator app, confirm it
    with a code, then show the one-time recovery codes."""
    user, pending = _pending_user(request)
    if user is None:
        return redirect("web:login")
    if selectors.has_second_factor(user):
        return redirect("web:login-2fa")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    form = SecondFactorForm(request.POST or None)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            codes = services.totp_confirm(
                user=user, device=device, token=form.cleaned_data["otp"], request=request
            )
        except ValidationError:
            _wrong_code(request, user, pending)
            if PENDING not in request.session:
                return redirect("web:login")
            form.add_error("otp", form.error_messages["wrong"])
        else:
            response = _finish(request, user, pending)
            return render(
                request,
                "web/recovery_codes.html",
                {"codes": codes, "next": response["Location"]},
            )
    if device is None or request.method == "GET":
        device = services.totp_enrol(user=user, request=request)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "web/login_2fa_setup.html",
        {"form": form, "qr": _qr_data_uri(device.config_url), "secret": secret},
    )
