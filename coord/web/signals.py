"""Sign-in, failed sign-in and sign-out through the browser go into the audit trail.

Django sends these signals from ``login()``, ``logout()`` and ``authenticate()``.
The API signs in with tokens and audits itself (channel "api"), so a failed
``authenticate()`` under ``/api/`` is skipped here to avoid counting it twice.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from coord.audit.models import Outcome
from coord.audit.services import audit_append


def _channel(request) -> str:
    path = getattr(request, "path", "") or ""
    return "admin" if path.startswith("/admin/") else "web"


def _is_api(request) -> bool:
    return (getattr(request, "path", "") or "").startswith("/api/")


@receiver(user_logged_in, dispatch_uid="coord.web.audit_login")
def audit_login(sender, request, user, **kwargs) -> None:
    if _is_api(request):
        return
    audit_append(
        action="auth.login", actor=user, request=request, details={"channel": _channel(request)}
    )


@receiver(user_logged_in, dispatch_uid="coord.web.reset_code_used")
def reset_code_used(sender, request, user, **kwargs) -> None:
    """A one-time reset code that signed a browser in is used up."""
    from coord.organisations.services import password_sign_in_recorded

    password_sign_in_recorded(user=user)


@receiver(user_logged_in, dispatch_uid="coord.web.session_recorded")
def session_recorded(sender, request, user, **kwargs) -> None:
    """A browser session for the profile page's list (API tokens are listed by knox)."""
    from coord.organisations.services import session_recorded as record

    session = getattr(request, "session", None)
    if _is_api(request) or session is None or not session.session_key:
        return
    record(
        user=user,
        session_key=session.session_key,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )


@receiver(user_login_failed, dispatch_uid="coord.web.audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """A failed browser sign-in. The typed username is kept only when it names a real
    account, so a password typed into the username box never reaches the trail."""
    if request is None or _is_api(request):
        return
    username = (credentials or {}).get("username") or ""
    known = get_user_model().objects.filter(username=username).first() if username else None
    audit_append(
        action="auth.login_failed",
        outcome=Outcome.DENIED,
        request=request,
        actor_username=known.username if known else "",
        details={"channel": _channel(request)},
    )


@receiver(user_logged_out, dispatch_uid="coord.web.audit_logout")
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is None or _is_api(request):
        return
    audit_append(
        action="auth.logout", actor=user, request=request, details={"channel": _channel(request)}
    )
