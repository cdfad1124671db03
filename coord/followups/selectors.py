"""Reads of follow-ups and of a case's timeline. The access policy decides who sees what
and hands its decision down (``kinds``, ``viewer``); nothing here checks access."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet

from coord.audit.models import AuditEvent, AuditEventObject
from coord.cases.models import CaseSummary
from coord.followups.models import FollowUp, FollowUpStatus
from coord.lib.errors import Invalid

TIMELINE_LIMIT = 50
TIMELINE_MAX = 200
_AUDIT, _FOLLOWUP = 1, 0  # tie-break between the two sources at the same instant


def followup_list(*, case: CaseSummary, kinds: Collection[str]) -> QuerySet[FollowUp]:
    """The follow-ups of ``case`` of the given kinds, latest due date first."""
    return (
        FollowUp.objects.filter(case=case, kind__in=sorted(kinds))
        .select_related("created_by")
        .order_by("-due_date", "-id")
    )


def followups_due(*, base: QuerySet[FollowUp], until: date) -> QuerySet[FollowUp]:
    """Planned follow-ups of ``base`` due on or before ``until`` (overdue ones first)."""
    return (
        base.filter(status=FollowUpStatus.PLANNED, due_date__lte=until)
        .select_related("case")
        .defer("note_ct")
        .order_by("due_date", "id")
    )


# --- the timeline ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    at: datetime
    source: int
    pk: int

    def encode(self) -> str:
        raw = f"{self.at.isoformat()}|{self.source}|{self.pk}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        if not text:
            return None
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            at, source, pk = raw.split("|")
            parsed = cls(datetime.fromisoformat(at), int(source), int(pk))
        except (ValueError, UnicodeDecodeError, binascii.Error):
            raise Invalid({"cursor": ["Not a cursor this list gave out."]}) from None
        if parsed.at.tzinfo is None or parsed.source not in (_AUDIT, _FOLLOWUP):
            raise Invalid({"cursor": ["Not a cursor this list gave out."]})
        return parsed


def _before(cursor: Cursor | None, source: int, at_field: str) -> Q:
    """Rows of ``source`` strictly after ``cursor`` in (at, source, id) descending order."""
    if cursor is None:
        return Q()
    if source < cursor.source:
        return Q(**{f"{at_field}__lte": cursor.at})
    if source > cursor.source:
        return Q(**{f"{at_field}__lt": cursor.at})
    return Q(**{f"{at_field}__lt": cursor.at}) | Q(**{at_field: cursor.at, "pk__lt": cursor.pk})


def _followup_summary(row) -> dict[str, Any]:
    """``(public_id, kind, status, due_date)`` as a timeline entry's follow-up."""
    public_id, kind, status, due_date = row
    return {"id": str(public_id), "kind": kind, "status": status, "due_date": due_date}


def case_timeline(
    *,
    case: CaseSummary,
    viewer: str | None,
    fields: Collection[str],
    kinds: Collection[str],
    cursor: Cursor | None = None,
    limit: int = TIMELINE_LIMIT,
) -> tuple[list[dict[str, Any]], Cursor | None]:
    """One page of ``case``'s history, newest first, and the cursor of the next page.

    ``viewer`` None: the owning organisation's view: every event the audit trail holds
    about the case under its owner (creation, field changes by name, follow-ups, shares,
    referrals, reads from outside), follow-ups through their own events. A partner's slug:
    the creation, that organisation's own events on the case, and the follow-ups of
    ``kinds`` (from the follow-up table). Names of people are shown only for the viewer's
    own organisation; field names only among ``fields``. Two queries at most.
    """
    owner = case.organisation.slug
    about = Q(object_type="case", object_id=case.reference)
    listed = Q(
        seq__in=AuditEventObject.objects.filter(
            object_type="case", object_id=case.reference
        ).values("seq")
    )
    if viewer is None:
        where = (about | listed) & Q(organisation=owner)
    else:
        where = ((about | listed) & Q(actor_organisation=viewer)) | (
            about & Q(organisation=owner, action="case.create")
        )
    # Plain tuples, not model instances: a page of 200 entries is mostly this loop.
    events = list(
        AuditEvent.objects.filter(where, _before(cursor, _AUDIT, "at"))
        .order_by("-at", "-pk")
        .values_list(
            "pk", "at", "actor_username", "actor_organisation", "action", "outcome", "details"
        )[: limit + 1]
    )
    summary_fields = ("public_id", "kind", "status", "due_date")
    followups: list[tuple] = []
    known: dict[str, tuple] = {}
    if viewer is not None and kinds:
        followups = list(
            FollowUp.objects.filter(case=case, kind__in=sorted(kinds))
            .filter(_before(cursor, _FOLLOWUP, "created_at"))
            .order_by("-created_at", "-pk")
            .values_list("pk", "created_at", *summary_fields)[: limit + 1]
        )
    elif viewer is None and any(isinstance(e[6], dict) and e[6].get("follow_up") for e in events):
        # The case's follow-ups by id, read by the case index: cheaper than naming up to 200
        # ids in an IN list, and a case holds tens of follow-ups, not thousands.
        known = {
            str(row[0]): row
            for row in FollowUp.objects.filter(case=case).values_list(*summary_fields)
        }
    items: list[tuple[Cursor, dict[str, Any]]] = []
    # Field names a partner may see; the owner sees every name (follow-ups' ``note`` too).
    visible = set(fields) | ({"note", "kind", "status", "due_date"} if viewer is None else set())
    for pk, at, username, org, action, outcome, details in events:
        details = details if isinstance(details, dict) else {}
        entry = {
            "at": at,
            "event": action,
            "outcome": outcome,
            # People are named to their own organisation; the owner sees every name.
            "actor": (username or None) if viewer is None or org == viewer else None,
            "actor_organisation": (org or None)
            if viewer is None or org in (viewer, owner)
            else None,
            "fields": sorted(set(details.get("fields") or ()) & visible),
            "follow_up": None,
        }
        if viewer is None and details.get("follow_up"):
            row = known.get(str(details["follow_up"]))
            entry["follow_up"] = _followup_summary(row) if row else None
        items.append((Cursor(at, _AUDIT, pk), entry))
    for pk, created_at, *summary in followups:
        entry = {
            "at": created_at,
            "event": "followup.create",
            "outcome": "allowed",
            "actor": None,
            "actor_organisation": owner,
            "fields": [],
            "follow_up": _followup_summary(summary),
        }
        items.append((Cursor(created_at, _FOLLOWUP, pk), entry))
    items.sort(key=lambda pair: (pair[0].at, pair[0].source, pair[0].pk), reverse=True)
    page = items[:limit]
    following = page[-1][0] if len(items) > limit else None
    return [entry for _, entry in page], following
