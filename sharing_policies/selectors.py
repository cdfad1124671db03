"""Reads for sharing objects. Every list is already restricted to what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from coord.organisations.models import Role
from coord.organisations.selectors import membership_of
from sharing_policies.models import AccessRequest, CaseShare, Notification, Referral, SharingGrant
from sharing_policies.sharing import notifications_q


def _org_id(user) -> int | None:
    membership = membership_of(user)
    return membership.organisation_id if membership else None


def _on_side(org_id: int, direction: str | None, sides: dict[str, str]) -> Q:
    """Rows with ``org_id`` in the column that ``direction`` names, or in any of them."""
    q = Q()
    for column in [sides[direction]] if direction in sides else sides.values():
        q |= Q(**{column: org_id})
    return q


_REQUEST_SIDES = {"incoming": "to_organisation_id", "outgoing": "from_organisation_id"}
_GRANT_SIDES = {"given": "granting_organisation_id", "received": "grantee_organisation_id"}


def access_request_list(
    *, user, direction: str | None = None, status: str | None = None
) -> QuerySet[AccessRequest]:
    """Requests to or from the admin's organisation (nothing for anyone else)."""
    membership = membership_of(user)
    if membership is None or membership.organisation_id is None or membership.role != Role.ADMIN:
        return AccessRequest.objects.none()
    qs = AccessRequest.objects.filter(
        _on_side(membership.organisation_id, direction, _REQUEST_SIDES)
    )
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("from_organisation", "to_organisation", "requested_by", "grant")


def grant_list(*, user, direction: str | None = None) -> QuerySet[SharingGrant]:
    """Grants given or received by the user's organisation."""
    org_id = _org_id(user)
    if org_id is None:
        return SharingGrant.objects.none()
    return SharingGrant.objects.filter(_on_side(org_id, direction, _GRANT_SIDES)).select_related(
        "granting_organisation", "grantee_organisation", "request"
    )


def share_list(*, case) -> QuerySet[CaseShare]:
    """The shares of one case (the caller checked the case with ``get_case_for``)."""
    return CaseShare.objects.filter(case=case).select_related("organisation", "case")


def referral_list(*, user, direction: str | None = None) -> QuerySet[Referral]:
    org_id = _org_id(user)
    if org_id is None:
        return Referral.objects.none()
    return Referral.objects.filter(_on_side(org_id, direction, _REQUEST_SIDES)).select_related(
        "from_organisation", "to_organisation", "share__case"
    )


def notification_list(*, user, unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(notifications_q(user))
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs
