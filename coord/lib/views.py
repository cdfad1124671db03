"""The API base view: the caller and the endpoint's door are resolved before the handler.

Like Sentry's ``OrganizationEndpoint.convert_args``: a view declares who may call each
method (``gates``) and the handler cannot skip the check; it finds ``request.caller``
ready. Objects inside are decided by ``sharing_policies.access``.
"""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.views import APIView

from coord.organisations.selectors import must_change_password
from sharing_policies.access.caller import caller_for
from sharing_policies.access.gate import Need, require


class PasswordChangeRequired(exceptions.PermissionDenied):
    """403 for every endpoint but the password change until the member has chosen one."""

    default_detail = "Choose a new password first: POST /api/v1/me/password/."
    default_code = "password_change_required"


class ApiView(APIView):
    """``gates`` maps an HTTP method to ``(Need, denied action)``; a method without a gate
    is open to whoever DRF's authentication and permission classes let in."""

    gates: dict[str, tuple[Need, str]] = {}
    # Open to an account that must choose a new password first (the change itself, sign-out).
    allowed_before_password_change = False

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if (
            not self.allowed_before_password_change
            and request.user.is_authenticated
            and must_change_password(request.user)
        ):
            raise PasswordChangeRequired()
        # HEAD runs the GET handler, so it passes the GET door.
        gate = self.gates.get("GET" if request.method == "HEAD" else request.method)
        if gate is None:
            request.caller = caller_for(request.user)
        else:
            need, action = gate
            request.caller = require(request.user, need, action=action, request=request)


def gate_all(need: Need, action: str) -> dict[str, tuple[Need, str]]:
    """The same gate for every method a view may answer."""
    return {method: (need, action) for method in ("GET", "POST", "PATCH", "PUT", "DELETE")}
