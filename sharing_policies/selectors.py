"""Reads for sharing objects. The access policy decides whose organisation is asking
(``sharing_policies.access.grants``) and hands its id down; these only query."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from sharing_policies.models import (
    AccessRequest,
    CaseShare,
    Notification,
    NotificationEmailOptIn,
    Referral,
    SharingGrant,
)


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
    return CaseShare.objects.filter(case=case).select_related("organisation", "case", "referral")


def case_live_shares(*, case) -> QuerySet[CaseShare]:
    """The live shares of one case, each with its referral when it is one (the view
    decided the case with the access policy): for the owner's case page."""
    from sharing_policies.grants import live_q

    return (
        CaseShare.objects.filter(live_q(CaseShare), case=case)
        .select_related("organisation", "referral")
        .order_by("valid_until")
    )


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


def notification_list(
    *, base: QuerySet[Notification], unread: bool = False, kind: str | None = None
):
    """``base`` (the notifications the policy lets the caller see), unread ones and of one
    ``kind`` if asked."""
    qs = base.filter(read_at__isnull=True) if unread else base
    return qs.filter(kind=kind) if kind else qs


# Notes for machines (witness clients fetch each new tree head over the API), not people:
# left out of the web inbox and its badge.
INBOX_HIDDEN_KINDS = ("audit_tree_head",)


def notification_inbox(*, base: QuerySet[Notification], kind: str | None = None):
    """The web inbox: ``base`` without machine notes, newest first."""
    return notification_list(base=base, kind=kind).exclude(kind__in=INBOX_HIDDEN_KINDS)


def notification_unread_count(*, base: QuerySet[Notification]) -> int:
    return notification_inbox(base=base).filter(read_at__isnull=True).count()


def notification_subjects(notifications: list[Notification]) -> dict[tuple[str, str], object]:
    """The object each notification names, by ``(object_type, object_id)``, with its
    organisations loaded: one query per type on the page, nothing decrypted."""
    wanted: dict[str, set[str]] = {}
    for note in notifications:
        wanted.setdefault(note.object_type, set()).add(note.object_id)
    loaders = {
        "access_request": AccessRequest.objects.select_related(
            "from_organisation", "to_organisation"
        ),
        "grant": SharingGrant.objects.select_related(
            "granting_organisation", "grantee_organisation"
        ),
        "share": CaseShare.objects.select_related("organisation", "case__organisation"),
        "referral": Referral.objects.select_related(
            "from_organisation", "to_organisation", "share__case"
        ),
    }
    found: dict[tuple[str, str], object] = {}
    for object_type, ids in wanted.items():
        qs = loaders.get(object_type)
        if qs is None:
            continue
        valid = [i for i in ids if _is_uuid(i)]
        for obj in qs.filter(public_id__in=valid):
            found[(object_type, str(obj.public_id))] = obj
    return found


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def given_by_public_id(
    *, organisation_id: int, grant_ids: Iterable[str], share_ids: Iterable[str]
) -> tuple[dict[str, SharingGrant], dict[str, CaseShare]]:
    """The grants ``organisation_id`` gave and the shares of its cases, by public id (two
    queries for a page of the "Outside access" list); ids of anything else are left out."""
    grants = sorted({g for g in grant_ids if _is_uuid(g)})
    shares = sorted({s for s in share_ids if _is_uuid(s)})
    found_grants = (
        {
            str(g.public_id): g
            for g in SharingGrant.objects.filter(
                granting_organisation_id=organisation_id, public_id__in=grants
            )
        }
        if grants
        else {}
    )
    found_shares = (
        {
            str(s.public_id): s
            for s in CaseShare.objects.filter(
                case__organisation_id=organisation_id, public_id__in=shares
            ).select_related("referral")
        }
        if shares
        else {}
    )
    return found_grants, found_shares


def notification_email_kinds(*, user) -> list[str]:
    """The kinds of notification ``user`` also receives by e-mail (none by default)."""
    return sorted(NotificationEmailOptIn.objects.filter(user=user).values_list("kind", flat=True))
