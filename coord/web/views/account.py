"""Everyday account pages: change your own password, an admin's one-time reset code and
second-factor reset for a member, and "forgot password" by e-mail (Django's views).

Who may reset whom is decided by ``sharing_policies.access.organisations``; the writes
and their audit events are ``coord.organisations.services``. docs/security.md, "Passwords".
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from coord.lib import errors
from coord.organisations import selectors, services
from coord.web.forms import NotificationEmailForm, PasswordChangeForm, ProfileForm
from coord.web.views.base import apply_service_errors, member_required
from coord.web.views.notifications import inbox_kinds
from sharing_policies import selectors as sharing_selectors
from sharing_policies import services as sharing_services
from sharing_policies.access import organisations as policy

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def over_sign_in_rate(request: HttpRequest, scope: str) -> bool:
    """The sign-in rate (``COORD_RATE_LOGIN``) for a page that is not the sign-in form,
    counted per client address in the cache, like the API's ``login`` throttle."""
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"]
    number, period = rate.split("/")
    seconds = _PERIODS[period[0]]
    key = f"web-throttle:{scope}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count > int(number)


def _too_many(request: HttpRequest) -> HttpResponse:
    minutes = 1
    response = render(request, "web/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = "60"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@member_required()
def password_change(request: HttpRequest) -> HttpResponse:
    """Change your own password; every other session and API token of the account ends,
    this browser stays signed in. Also the page everyone lands on who must choose one."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_sign_in_rate(request, "password-change"):
            return _too_many(request)
        try:
            services.password_change(
                user=request.user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
                request=request,
            )
        except errors.Invalid as exc:
            if "current_password" in exc.errors:
                # A wrong current password counts as a failed sign-in (django-axes, audit).
                user_login_failed.send(
                    sender=__name__,
                    request=request,
                    credentials={"username": request.user.get_username()},
                )
            from django.core.exceptions import ValidationError

            apply_service_errors(form, ValidationError(exc.errors))
        else:
            update_session_auth_hash(request, request.user)
            messages.success(
                request,
                _("Your password was changed. Your other sessions and API tokens were signed out."),
            )
            return redirect("web:home")
    return render(
        request,
        "web/account/password_change.html",
        {"form": form, "required": selectors.must_change_password(request.user)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@member_required()
def profile(request: HttpRequest) -> HttpResponse:
    """Your name, e-mail and language; your second factor and recovery codes; your live
    browser sessions, with sign-out of the others."""
    user, membership = request.user, request.membership
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": membership.language,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=user, request=request, **form.cleaned_data)
        except errors.Invalid as exc:
            from django.core.exceptions import ValidationError

            apply_service_errors(form, ValidationError(exc.errors))
        else:
            with translation.override(form.cleaned_data["language"] or translation.get_language()):
                messages.success(request, _("Your profile was saved."))  # in the new language
            response = redirect("web:profile")
            set_language_cookie(response, form.cleaned_data["language"])
            return response
    current = request.session.session_key
    sessions = [
        {"row": row, "current": row.session_key == current}
        for row in services.account_sessions(user=user)
    ]
    return render(
        request,
        "web/account/profile.html",
        {
            "form": form,
            "membership": membership,
            "has_second_factor": selectors.has_second_factor(user),
            "requires_second_factor": selectors.requires_second_factor(user),
            "sessions": sessions,
            "email_form": NotificationEmailForm(
                kinds=inbox_kinds(),
                initial={"kinds": sharing_selectors.notification_email_kinds(user=user)},
            ),
        },
    )


@never_cache
@require_POST
@member_required()
def notification_emails(request: HttpRequest) -> HttpResponse:
    """Choose which kinds of notification you also get by e-mail: always your own (the
    signed-in person; no one else's can be named here)."""
    form = NotificationEmailForm(request.POST, kinds=inbox_kinds())
    if form.is_valid():
        sharing_services.notification_emails_set(
            user=request.user, kinds=form.cleaned_data["kinds"], request=request
        )
        messages.success(request, _("Your e-mail choices were saved."))
    else:
        messages.error(request, _("Those e-mail choices could not be saved."))
    return redirect("web:profile")


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The chosen language for this browser too (the other browsers get it at sign-in)."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )


@never_cache
@require_POST
@member_required()
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    """Sign out every other browser and every API token of your account."""
    count = services.sessions_end_others(
        user=request.user, current_session_key=request.session.session_key, request=request
    )
    messages.success(
        request,
        _("Signed out of %(count)s other browser sessions and every API token.") % {"count": count},
    )
    return redirect("web:profile")


@never_cache
@require_POST
@member_required()
def session_end(request: HttpRequest, session_id) -> HttpResponse:
    """Sign out one other browser session of yours; someone else's or a missing one: 404."""
    from django.http import Http404

    if not services.session_end(
        user=request.user,
        public_id=session_id,
        current_session_key=request.session.session_key,
        request=request,
    ):
        raise Http404
    messages.success(request, _("That browser session was signed out."))
    return redirect("web:profile")


@never_cache
@require_http_methods(["GET", "POST"])
@member_required()
def member_reset(request: HttpRequest, slug: str, username: str) -> HttpResponse:
    """Confirm, then show a one-time sign-in code for the member, once."""
    membership = policy.member_for_account_reset(request.user, slug, username, request=request)
    if request.method == "POST":
        code, expires = services.member_password_reset(
            actor=request.user, membership=membership, request=request
        )
        return render(
            request,
            "web/account/reset_code.html",
            {
                "member": membership,
                "code": code,
                "expires": expires,
                "sign_in_url": request.build_absolute_uri(reverse_lazy("web:login")),
            },
        )
    return render(
        request, "web/account/reset_confirm.html", {"member": membership, "kind": "password"}
    )


@never_cache
@require_http_methods(["GET", "POST"])
@member_required()
def member_second_factor_reset(request: HttpRequest, slug: str, username: str) -> HttpResponse:
    """Confirm, then remove the member's authenticator and recovery codes."""
    membership = policy.member_for_account_reset(request.user, slug, username, request=request)
    if request.method == "POST":
        services.member_second_factor_reset(
            actor=request.user, membership=membership, request=request
        )
        messages.success(
            request,
            _("%(username)s will set up a new authenticator at their next sign-in.")
            % {"username": username},
        )
        return redirect("web:member-detail", slug=membership.organisation.slug, username=username)
    return render(
        request,
        "web/account/reset_confirm.html",
        {"member": membership, "kind": "second_factor"},
    )


class ForgotPasswordForm(auth_forms.PasswordResetForm):
    """Django's form with its label from our catalogue (Django's has no Khmer or Burmese)."""

    email = auth_forms.forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=auth_forms.forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ForgotPasswordView(auth_views.PasswordResetView):
    """Django's "forgot password" by e-mail. The same page follows whether or not an
    account has that address (nothing to enumerate); throttled like sign-in."""

    template_name = "web/account/forgot.html"
    form_class = ForgotPasswordForm
    email_template_name = "web/account/forgot_email.txt"
    subject_template_name = "web/account/forgot_subject.txt"
    success_url = reverse_lazy("web:password-forgot-sent")

    def post(self, request, *args, **kwargs):
        if over_sign_in_rate(request, "password-forgot"):
            return _too_many(request)
        return super().post(request, *args, **kwargs)


class ForgotPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "web/account/forgot_sent.html"


class ForgotPasswordSetView(auth_views.PasswordResetConfirmView):
    """The e-mailed link: choose a new password. Every session and token of the account
    ends; the change is audited (``coord.organisations.services.password_set_by_link``)."""

    template_name = "web/account/forgot_set.html"
    success_url = reverse_lazy("web:password-forgot-complete")

    def post(self, request, *args, **kwargs):
        if over_sign_in_rate(request, "password-forgot"):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.password_set_by_link(
            user=form.user, new_password=form.cleaned_data["new_password1"], request=self.request
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


class ForgotPasswordCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "web/account/forgot_complete.html"
