"""Who may see and act on access requests, grants, shares, referrals and notifications.

Objects are looked up by their public UUID. Someone who is not party to an object
(neither organisation on it) gets 404 whether it exists or not, audited as denied
when it does; a party who may see it but not do the action gets an audited 403.
See docs/sharing.md for the table.
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from coord.lib.errors import NotFound
from coord.organisations.models import Organisation, Role
from sharing_policies.access.caller import caller_for
from sharing_policies.access.deny import deny
from sharing_policies.models import AccessRequest, CaseShare, Notification, Referral, SharingGrant


def _uuid(value) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def _by_public_id(queryset, public_id):
    """The row with this public id, or 404 (also for a malformed id)."""
    pk = _uuid(public_id)
    obj = queryset.filter(public_id=pk).first() if pk else None
    if obj is None:
        raise NotFound
    return obj


def _org_role(user) -> tuple[int | None, str | None]:
    caller = caller_for(user)
    return caller.organisation_id, caller.role


def require_org_admin(user, *, action: str, request=None) -> Organisation:
    """The caller's organisation, if the caller is one of its admins (requests and grants
    are decided by organisation admins); an audited 403 for everyone else."""
    caller = caller_for(user)
    if not caller.is_admin:
        deny(user=user, action=action, request=request, not_found=False)
    return caller.organisation


def require_org_member(user, *, action: str, request=None) -> Organisation:
    """The caller's organisation (lists of sharing objects are for organisation members,
    not coordinators); an audited 403 for everyone else."""
    caller = caller_for(user)
    if not caller.is_member:
        deny(user=user, action=action, request=request, not_found=False)
    return caller.organisation


# action -> (side that may do it, admins only?)
REQUEST_ACTIONS = {
    "read": ("either", True),
    "approve": ("to", True),
    "deny": ("to", True),
    "withdraw": ("from", True),
}
GRANT_ACTIONS = {"read": ("either", False), "revoke": ("granting", True)}
REFERRAL_ACTIONS = {
    "read": ("either", False),
    "accept": ("to", False),
    "decline": ("to", False),
    "complete": ("to", False),
    "withdraw": ("from", False),
}


def _decide(user, obj, *, sides: dict[str, int], rules, action, kind, organisation, request):
    side, admins_only = rules[action]
    org_id, role = _org_role(user)
    audit = {
        "user": user,
        "action": f"{kind}.{action}_denied",
        "organisation": organisation,
        "object_type": kind,
        "object_id": str(obj.public_id),
        "request": request,
    }
    party = org_id is not None and org_id in sides.values()
    _read_side, read_admins_only = rules["read"]
    if not party or (read_admins_only and role != Role.ADMIN):
        deny(**audit)
    allowed_orgs = set(sides.values()) if side == "either" else {sides[side]}
    if org_id not in allowed_orgs or (admins_only and role != Role.ADMIN):
        deny(**audit, not_found=False)
    return obj


def get_access_request_for(user, request_id, *, action: str = "read", request=None):
    """An access request for its two organisations' admins; the receiving admins decide,
    the requesting admins withdraw."""
    obj = _by_public_id(
        AccessRequest.objects.select_related("from_organisation", "to_organisation"), request_id
    )
    return _decide(
        user,
        obj,
        sides={"from": obj.from_organisation_id, "to": obj.to_organisation_id},
        rules=REQUEST_ACTIONS,
        action=action,
        kind="access_request",
        organisation=obj.to_organisation,
        request=request,
    )


def get_grant_for(user, grant_id, *, action: str = "read", request=None):
    """A grant is seen by members of both organisations; only the granting admins revoke."""
    obj = _by_public_id(
        SharingGrant.objects.select_related("granting_organisation", "grantee_organisation"),
        grant_id,
    )
    return _decide(
        user,
        obj,
        sides={"granting": obj.granting_organisation_id, "grantee": obj.grantee_organisation_id},
        rules=GRANT_ACTIONS,
        action=action,
        kind="grant",
        organisation=obj.granting_organisation,
        request=request,
    )


def get_share_for(user, case, share_id, *, request=None):
    """A share of ``case`` (already decided with ``case_access(action="share")``)."""
    return _by_public_id(
        CaseShare.objects.select_related("organisation", "case__organisation").filter(case=case),
        share_id,
    )


def get_referral_for(user, referral_id, *, action: str = "read", request=None):
    """A referral is seen by members of both organisations; the receiver accepts, declines
    and completes it, the sender withdraws it."""
    obj = _by_public_id(
        Referral.objects.select_related(
            "from_organisation", "to_organisation", "share__case__organisation"
        ),
        referral_id,
    )
    return _decide(
        user,
        obj,
        sides={"from": obj.from_organisation_id, "to": obj.to_organisation_id},
        rules=REFERRAL_ACTIONS,
        action=action,
        kind="referral",
        organisation=obj.from_organisation,
        request=request,
    )


def _notifications_q(user) -> Q:
    org_id, role = _org_role(user)
    q = Q(recipient_user_id=user.pk)
    if org_id is not None:
        org_q = Q(recipient_organisation_id=org_id)
        if role != Role.ADMIN:
            org_q &= Q(admins_only=False)
        q |= org_q
    return q


def visible_notifications(user) -> QuerySet[Notification]:
    """Notifications addressed to ``user`` or to its organisation (admin-only ones to
    admins); nothing for anyone signed out."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(_notifications_q(user))


def get_notification_for(user, notification_id, *, request=None):
    """Only its recipients see a notification; anyone else gets 404 (audited if it exists)."""
    obj = _by_public_id(Notification.objects.all(), notification_id)
    if not visible_notifications(user).filter(pk=obj.pk).exists():
        deny(
            user=user,
            action="notification.read_denied",
            object_type="notification",
            object_id=str(obj.public_id),
            request=request,
        )
    return obj
