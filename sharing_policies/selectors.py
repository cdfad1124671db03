"""Reads for sharing objects. The access policy decides whose organisation is asking
(``sharing_policies.access.grants``) and hands its id down; these only query."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from sharing_policies.models import AccessRequest, CaseShare, Notification, Referral, SharingGrant


def _on_side(org_id: int, direction: str | None, sides: dict[str, str]) -> Q:
    """Rows with ``org_id`` in the column that ``direction`` names, or in any of them."""
    q = Q()
    for column in [sides[direction]] if direction in sides else sides.values():
        q |= Q(**{column: org_id})
    return q


_REQUEST_SIDES = {"incoming": "to_organisation_id", "outgoing": "from_organisation_id"}
_GRANT_SIDES = {"given": "granting_organisation_id", "received": "grantee_organisation_id"}


def access_request_list(
    *, organisation_id: int, direction: str | None = None, status: str | None = None
) -> QuerySet[AccessRequest]:
    """Requests to or from the organisation."""
    qs = AccessRequest.objects.filter(_on_side(organisation_id, direction, _REQUEST_SIDES))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("from_organisation", "to_organisation", "requested_by", "grant")


def grant_list(*, organisation_id: int, direction: str | None = None) -> QuerySet[SharingGrant]:
    """Grants given or received by the organisation."""
    return SharingGrant.objects.filter(
        _on_side(organisation_id, direction, _GRANT_SIDES)
    ).select_related("granting_organisation", "grantee_organisation", "request")


def share_list(*, case) -> QuerySet[CaseShare]:
    """The shares of one case (the view decided the case with the access policy)."""
    return CaseShare.objects.filter(case=case).select_related("organisation", "case")


def shares_by_public_id(public_ids: Iterable[str]) -> dict[str, CaseShare]:
    """The shares named (one query for a whole page of shared cases)."""
    ids = sorted({str(i) for i in public_ids if i})
    if not ids:
        return {}
    return {
        str(s.public_id): s
        for s in CaseShare.objects.filter(public_id__in=ids).select_related("organisation")
    }


def referral_list(*, organisation_id: int, direction: str | None = None) -> QuerySet[Referral]:
    return Referral.objects.filter(
        _on_side(organisation_id, direction, _REQUEST_SIDES)
    ).select_related("from_organisation", "to_organisation", "share__case")


def notification_list(*, base: QuerySet[Notification], unread: bool = False):
    """``base`` (the notifications the policy lets the caller see), unread ones if asked."""
    return base.filter(read_at__isnull=True) if unread else base
