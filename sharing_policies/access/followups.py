"""Who may see and write a case's follow-ups and its timeline (docs/sharing.md "Follow-ups").

Follow-ups follow the narrative permission: the owning organisation's members read and
write them all; a partner reads them, never writes them, only while it may read the
case's narrative summary (a live ``narratives`` grant whose filter matches the case, or a
live share with ``include_narrative``), and then every kind but ``note``, which stays
inside the owning organisation like the case's caseworker notes. Anyone else gets the same
404 as for a case that does not exist (audited as denied).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from coord.followups.models import CASE_OWNER_FIELD, FollowUp, Kind
from coord.lib.errors import NotFound
from sharing_policies.access.caller import caller_for
from sharing_policies.access.cases import CaseAccess, case_access
from sharing_policies.access.deny import deny

ALL_KINDS = frozenset(Kind.values)
# Kinds a partner with narrative access sees: all but internal notes.
PARTNER_KINDS = ALL_KINDS - {Kind.NOTE}


@dataclass(frozen=True)
class FollowUpAccess:
    """The policy's answer for the follow-ups of one case and one caller."""

    access: CaseAccess
    kinds: frozenset[str]

    @property
    def case(self):
        return self.access.case

    @property
    def may_write(self) -> bool:
        return self.access.may("update")


def followup_kinds(access: CaseAccess) -> frozenset[str]:
    """The follow-up kinds the holder of ``access`` may read (empty: none)."""
    if access.is_owner:
        return ALL_KINDS
    return PARTNER_KINDS if "summary" in access.fields else frozenset()


def case_followups(user, reference: str, *, write: bool = False, request=None) -> FollowUpAccess:
    """Follow-ups of case ``reference`` for ``user``: ``write`` needs the case's ``update``
    (owners; a partner gets the case's audited 403); reading needs narrative access, else
    the audited 404 every unseen object gets."""
    access = case_access(user, reference, action="update" if write else "read", request=request)
    kinds = followup_kinds(access)
    if not kinds:
        deny(
            user=user,
            action="followup.read_denied",
            organisation=caller_for(user).organisation,
            object_type="case",
            object_id=access.case.reference,
            request=request,
        )
    return FollowUpAccess(access=access, kinds=kinds)


def followup_for(allowed: FollowUpAccess, followup_id: str) -> FollowUp:
    """One follow-up of the case ``allowed`` names, of a kind it may see; 404 otherwise
    (a malformed id too, never echoed)."""
    try:
        public_id = uuid.UUID(str(followup_id))
    except ValueError:
        raise NotFound from None
    found = (
        FollowUp.objects.filter(
            case=allowed.case, public_id=public_id, kind__in=sorted(allowed.kinds)
        )
        .select_related("case", "organisation")
        .first()
    )
    if found is None:
        raise NotFound
    return found


def my_followups(user) -> QuerySet[FollowUp]:
    """Follow-ups the signed-in member answers for: those it wrote and those on cases it
    owns, inside its own organisation only. Nothing for anyone else."""
    caller = caller_for(user)
    if not caller.is_member:
        return FollowUp.objects.none()
    return FollowUp.objects.filter(
        Q(created_by=user) | Q(**{f"case__{CASE_OWNER_FIELD}": user}),
        organisation_id=caller.organisation_id,
    )


@dataclass(frozen=True)
class TimelineView:
    """What one caller may see of one case's timeline."""

    case: object
    viewer: str | None  # None: the owning organisation's view; else the partner's slug
    fields: frozenset[str]
    kinds: frozenset[str]


def case_timeline_view(user, reference: str, *, request=None) -> TimelineView:
    """Whoever may read the case may read its timeline (the case read is audited as usual):
    the owner all of it, a partner the creation, its own organisation's interactions and
    the follow-up kinds it may read."""
    access = case_access(user, reference, action="read", request=request)
    return TimelineView(
        case=access.case,
        viewer=None if access.is_owner else caller_for(user).organisation.slug,
        fields=access.fields,
        kinds=followup_kinds(access),
    )
