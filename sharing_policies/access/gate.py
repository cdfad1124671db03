"""The door of every endpoint: who may call it at all, decided before the handler runs.

``coord.lib.views.ApiView`` and the web pages call ``require`` with the view's ``Need``;
objects inside are then decided by the domain modules (``cases``, ``grants`` ...).
"""

from __future__ import annotations

from enum import StrEnum

from sharing_policies.access.caller import Caller, caller_for
from sharing_policies.access.deny import deny


class Need(StrEnum):
    SIGNED_IN = "signed_in"  # any role: caseworkers, admins and coordinators
    MEMBER = "member"  # a caseworker or admin of an organisation
    ADMIN = "admin"  # an organisation's admin
    AUDIT_READER = "audit_reader"  # organisation admins and coordinators
    COORDINATOR = "coordinator"


def _meets(caller: Caller, need: Need) -> bool:
    if need == Need.SIGNED_IN:
        return caller.membership is not None
    if need == Need.MEMBER:
        return caller.is_member
    if need == Need.ADMIN:
        return caller.is_admin
    if need == Need.AUDIT_READER:
        return caller.is_admin or caller.is_coordinator
    return caller.is_coordinator


def require(user, need: Need, *, action: str, request=None) -> Caller:
    """The caller, if it meets ``need``; otherwise an audited ``Forbidden`` (403: that an
    endpoint exists is no secret, only what it holds). Refusals of the audit trail name
    the caller's organisation, so its admins see who tried."""
    caller = caller_for(user)
    if not _meets(caller, need):
        audit_trail = need in (Need.AUDIT_READER, Need.COORDINATOR)
        deny(
            user=user,
            action=action,
            organisation=caller.organisation if audit_trail else None,
            object_type="audit_trail" if audit_trail else "",
            request=request,
            not_found=False,
        )
    return caller
