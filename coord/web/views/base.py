"""Helpers every page uses: who is signed in, the one mapping of the lower layers' errors
(``coord.lib.errors``) to pages, and service errors shown on form fields."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from coord.lib import errors
from coord.organisations.models import Membership, Role
from coord.organisations.selectors import membership_of


def service_error_response(request: HttpRequest, exc: errors.ServiceError) -> HttpResponse:
    """The page for a refusal no view handled: 404 (missing and off-limits look alike),
    403, a conflict after a form (back to the page with the message), else the message
    with its status (409, 429 for a spent budget, 400)."""
    if isinstance(exc, errors.NotFound):
        raise Http404
    if isinstance(exc, errors.Forbidden):
        raise PermissionDenied(exc.message)
    if isinstance(exc, errors.Conflict) and request.method == "POST":
        messages.error(request, exc.message)
        return redirect(request.path)
    status = (
        409
        if isinstance(exc, errors.Conflict)
        else 429
        if isinstance(exc, errors.Exhausted)
        else 400
    )
    return HttpResponse(exc.message, status=status, content_type="text/plain; charset=utf-8")


SESSION_ENDED = gettext_lazy(
    "Your session ended — nothing was saved. Sign in again to return to the form."
)


def member_required(*roles: Role) -> Callable:
    """Signed in, with a membership, and (when given) one of ``roles``; otherwise the
    sign-in page for strangers and 403 for members whose role does not fit."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                if request.method == "POST":
                    # A save that arrives after the session ended (idle or at its maximum).
                    messages.warning(request, SESSION_ENDED)
                return redirect_to_login(request.get_full_path())
            membership: Membership | None = membership_of(request.user)
            if membership is None or (roles and membership.role not in roles):
                raise PermissionDenied
            request.membership = membership
            try:
                return view(request, *args, **kwargs)
            except errors.ServiceError as exc:
                return service_error_response(request, exc)

        return wrapper

    return decorator


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the matching form fields (or the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def service_succeeded(form: forms.BaseForm, call: Callable[[], object]) -> bool:
    """Run a service for a valid form; its refusals become form errors instead of pages.

    A ``ValidationError`` or ``Invalid`` lands on the matching fields; a ``Conflict`` (such
    as "no longer pending") becomes a form-wide error.
    """
    try:
        call()
    except ValidationError as exc:
        apply_service_errors(form, exc)
    except errors.Invalid as exc:
        apply_service_errors(form, ValidationError(exc.errors))
    except errors.Conflict as exc:
        form.add_error(None, exc.message)
    else:
        return True
    return False
