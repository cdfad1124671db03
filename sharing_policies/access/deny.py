"""The one way the policy refuses: audit the attempt, then raise ``NotFound`` (the object
is missing or off-limits, and the two look alike) or ``Forbidden`` (the caller knows the
object exists and may do something about it)."""

from __future__ import annotations

from coord.audit.models import Outcome
from coord.audit.services import audit_append
from coord.lib.errors import Forbidden, NotFound


def deny(
    *,
    user,
    action: str,
    organisation=None,
    object_type: str = "",
    object_id: str = "",
    request=None,
    not_found: bool = True,
    message: str = "",
    details: dict | None = None,
) -> None:
    """Append a denied event for ``action`` and raise."""
    audit_append(
        action=action,
        actor=user,
        organisation=organisation,
        object_type=object_type,
        object_id=object_id,
        outcome=Outcome.DENIED,
        request=request,
        details=details,
    )
    if not_found:
        raise NotFound
    raise Forbidden(message or None)
