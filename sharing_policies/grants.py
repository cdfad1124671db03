"""The grants domain as SQL and plain rules: what a live grant or share is, which cases a
grant's filter matches, and which case fields a grant may name.

Below the access policy: the policy (``sharing_policies.access``) and the sharing services
both build on these, and this module imports neither.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from coord.cases.choices import CATEGORY_FIELD_ORDER, COUNTED_CONSENT, Consent, Dimension
from coord.cases.models import CaseCategory, CaseSummary
from sharing_policies.models import (
    SCOPE_RANK,
    CaseGroupObjectPermission,
    CaseShare,
    Scope,
    SharingGrant,
)

# Every field a case detail can show; a reader's decision names a subset of these.
CATEGORY_FIELDS = frozenset(CATEGORY_FIELD_ORDER)
NARRATIVE_FIELDS = frozenset({"summary", "notes"})
META_FIELDS = frozenset({"reference", "organisation", "created_at", "updated_at"})
# Case work inside the owning organisation: who works the case and why it was closed. Never
# grantable, so partners never see them (docs/data-model.md "Case work").
CASEWORK_FIELDS = frozenset({"owner", "closure_reason"})
ALL_FIELDS = CATEGORY_FIELDS | NARRATIVE_FIELDS | META_FIELDS | CASEWORK_FIELDS
# Fields a grant's allowlist may name (``summary`` comes with scope narratives, never notes).
GRANTABLE_FIELDS = CATEGORY_FIELDS

VIEW_SHARED_CASE = "view_shared_case"  # codename of ``cases.view_shared_case``


def today() -> date:
    return timezone.localdate()


def org_group_name(slug: str) -> str:
    """The django-guardian group that holds an organisation's object permissions."""
    return f"org:{slug}"


# --- liveness: one predicate for grants and shares -------------------------------------


def live_q(model: type[SharingGrant] | type[CaseShare], *, on: date | None = None) -> Q:
    """Rows of ``model`` (grants or shares) that give access on ``on`` (default today):
    not revoked, started (``valid_from``, where the model has one) and not ended
    (``valid_until`` is inclusive)."""
    day = on or today()
    q = Q(revoked_at__isnull=True, valid_until__gte=day)
    if any(f.name == "valid_from" for f in model._meta.get_fields()):
        q &= Q(valid_from__lte=day)
    return q


def state_of(obj: SharingGrant | CaseShare, *, on: date | None = None) -> str:
    """``revoked``, ``expired``, ``scheduled`` (starts later) or ``live``, as of ``on``:
    the same rule as ``live_q``, for one object already loaded (never the beat task's
    ``expired`` flag)."""
    day = on or today()
    if obj.revoked_at is not None:
        return "revoked"
    if obj.valid_until < day:
        return "expired"
    valid_from = getattr(obj, "valid_from", None)
    if valid_from is not None and valid_from > day:
        return "scheduled"
    return "live"


def warning_horizon(*, on: date | None = None) -> date:
    """Grants and shares ending on or before this day are "ending soon"
    (``COORD_GRANT_WARN_DAYS``: one window for the home page, the lists and the warnings)."""
    return (on or today()) + timedelta(days=settings.COORD_GRANT_WARN_DAYS)


def ending_soon_q(model: type[SharingGrant] | type[CaseShare], *, on: date | None = None) -> Q:
    """Live rows whose end date falls inside the warning window."""
    return live_q(model, on=on) & Q(valid_until__lte=warning_horizon(on=on))


def is_ending_soon(obj: SharingGrant | CaseShare, *, on: date | None = None) -> bool:
    return state_of(obj, on=on) == "live" and obj.valid_until <= warning_horizon(on=on)


# --- what grants and shares make visible, as SQL -------------------------------------


def _month(text: str | None) -> date | None:
    if not text:
        return None
    year, month = str(text).split("-")[:2]
    return date(int(year), int(month), 1)


def grant_filter_q(granting_organisation_id: int, filter_: dict[str, Any]) -> Q:
    """The cases of the granting organisation that a grant's filter matches (no consent
    check: the caller adds it once for all grants)."""
    q = Q(organisation_id=granting_organisation_id)
    regions = filter_.get("regions") or []
    if regions:
        q &= Q(region__in=sorted(r.upper() for r in regions))
    start = _month(filter_.get("reported_from"))
    if start:
        q &= Q(reported_month__gte=start)
    end = _month(filter_.get("reported_to"))
    if end:
        q &= Q(reported_month__lte=end)
    types = filter_.get("exploitation_types") or []
    if types:
        q &= Q(
            Exists(
                CaseCategory.objects.filter(
                    case=OuterRef("pk"),
                    organisation_id=granting_organisation_id,  # lets the index skip the others
                    dimension=Dimension.EXPLOITATION_TYPE,
                    value__in=sorted(types),
                )
            )
        )
    return q


# What a person's consent admits: reading a case under a grant or share needs ``share``;
# counting it in a figure needs ``aggregate`` or ``share`` (``COUNTED_CONSENT``).
READ_CONSENT = (Consent.SHARE,)


def grant_cases(grant: SharingGrant, *, counting: bool = False) -> QuerySet[CaseSummary]:
    """The granting organisation's cases that ``grant`` admits: its filter, and the consent
    that reading (the case list) or counting (a breakdown) needs. The one predicate behind
    both the case list and every figure derived from a grant."""
    consent = COUNTED_CONSENT if counting else READ_CONSENT
    return CaseSummary.objects.filter(
        grant_filter_q(grant.granting_organisation_id, grant.filter or {}),
        consent__in=consent,
    ).order_by()


def live_grants_received(
    organisation_id: int, *, min_scope: str = Scope.SUMMARIES
) -> QuerySet[SharingGrant]:
    """Grants to ``organisation_id`` that are live today, of scope ``min_scope`` or wider,
    the widest first (so a row matched by several grants names the widest one)."""
    scopes = [s for s in Scope if SCOPE_RANK[s] >= SCOPE_RANK[Scope(min_scope)]]
    return SharingGrant.objects.filter(
        live_q(SharingGrant), grantee_organisation_id=organisation_id, scope__in=scopes
    ).order_by(
        Case(*(When(scope=s, then=Value(-r)) for s, r in SCOPE_RANK.items())),
        "-created_at",
    )


def live_shares(organisation_id: int) -> QuerySet[CaseShare]:
    """Single-case shares to ``organisation_id`` that are live today."""
    return CaseShare.objects.filter(live_q(CaseShare), organisation_id=organisation_id)


def shared_case_ids(organisation_id: int, slug: str) -> QuerySet:
    """Ids of the cases a live CaseShare row and the guardian group permission, both, give
    to the organisation."""
    from django.contrib.auth.models import Group, Permission

    # The group and the permission as values found once, so each share is one seek in
    # guardian's unique (group, permission, object) index rather than a walk of the group.
    permission = CaseGroupObjectPermission.objects.filter(
        content_object=OuterRef("case_id"),
        group_id=Subquery(Group.objects.filter(name=org_group_name(slug)).values("id")[:1]),
        permission_id=Subquery(
            Permission.objects.filter(
                codename=VIEW_SHARED_CASE, content_type__app_label="cases"
            ).values("id")[:1]
        ),
    )
    return live_shares(organisation_id).filter(Exists(permission)).order_by().values("case_id")


def grant_fields(scope: str, allowlist: list[str] | None) -> frozenset[str]:
    """Case fields a grant of ``scope`` with ``allowlist`` shows (all category fields when
    the allowlist is empty; the narrative summary with scope narratives; never notes)."""
    fields = set(allowlist) & GRANTABLE_FIELDS if allowlist else set(GRANTABLE_FIELDS)
    if scope == Scope.NARRATIVES:
        fields.add("summary")
    return frozenset(fields)


def share_fields(include_narrative: bool) -> frozenset[str]:
    """Case fields a single-case share shows: every category field, the summary if asked."""
    return CATEGORY_FIELDS | ({"summary"} if include_narrative else set())
