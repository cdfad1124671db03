"""Who may see and do what with case summaries: the single access helper for cases.

Members of the owning organisation see all of its cases and fields. Outside it, a
case is visible only while its consent is ``share`` and either a live grant's
filter matches it or a live single-case share names the reader's organisation.
"Live" is decided here, at query time (not revoked, ``valid_until >= today``), so
an expired grant stops working before the beat task marks it. Outsiders get 404
whether a case exists or not, and an attempt on an existing case is audited as
denied. Coordinators never see cases (separation of duties): 403 on the list,
404 on a case. Every read by someone outside the owning org is audited
(``case.read``, naming the grant or share). See docs/sharing.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from coord.cases.choices import Consent, Dimension
from coord.cases.models import CaseCategory, CaseSummary
from coord.organisations.models import Role
from coord.organisations.selectors import membership_of
from sharing_policies.policy import deny

# Every field a case detail can show; ``fields_for`` returns a subset of these.
CATEGORY_FIELDS = frozenset(
    {
        "reported_month",
        "region",
        "age_band",
        "gender",
        "citizenship",
        "exploitation_types",
        "recruitment_methods",
        "control_methods",
        "industry",
        "technologies",
        "services_provided",
        "status",
        "consent",
    }
)
NARRATIVE_FIELDS = frozenset({"summary", "notes"})
META_FIELDS = frozenset({"reference", "organisation", "created_at", "updated_at"})
ALL_FIELDS = CATEGORY_FIELDS | NARRATIVE_FIELDS | META_FIELDS
# Fields a grant's allowlist may name (``summary`` comes with scope narratives, never notes).
GRANTABLE_FIELDS = CATEGORY_FIELDS

ACTIONS = ("read", "update", "delete", "access_log", "share")
SCOPES = ("own", "shared", "all")

VIEW_SHARED_CASE = "view_shared_case"  # codename of ``cases.view_shared_case``
_GRANT_CACHE = "_coord_grant_fields"


def _today() -> date:
    return timezone.localdate()


def _owner_member(user, case: CaseSummary) -> bool:
    membership = membership_of(user)
    return (
        membership is not None
        and membership.organisation_id is not None
        and membership.organisation_id == case.organisation_id
    )


def org_group_name(slug: str) -> str:
    """The django-guardian group that holds an organisation's object permissions."""
    return f"org:{slug}"


def can_list_cases(user) -> bool:
    """Organisation members list cases; coordinators and people without a role do not."""
    membership = membership_of(user)
    return membership is not None and membership.organisation_id is not None


def ensure_can_list_cases(user, *, request=None) -> None:
    """403 (audited) for coordinators and users without an organisation."""
    if not can_list_cases(user):
        deny(user=user, action="case.list_denied", request=request, not_found=False)


# --- grants and shares as SQL --------------------------------------------------------


def _month(text: str | None) -> date | None:
    if not text:
        return None
    year, month = str(text).split("-")[:2]
    return date(int(year), int(month), 1)


class _EqualsAny(Func):
    """``lhs = ANY(rhs)``, a boolean usable in ``filter()``."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def _pk_in(ids: QuerySet) -> Q:
    """The row's pk is among ``ids`` (a one-column query).

    On PostgreSQL as ``pk = ANY(ARRAY(ids))``: the ids are computed once and the rows
    fetched by primary key, where ``IN`` let the planner hash-join a scan of every
    shareable case (docs/performance.md). Elsewhere a plain ``IN``.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        return Q(_EqualsAny(F("pk"), ArraySubquery(ids)))
    return Q(pk__in=ids)


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


def live_grants_received(organisation_id: int, *, min_scope: str = "summaries"):
    """Grants to ``organisation_id`` that are live today, of scope ``min_scope`` or wider."""
    from sharing_policies.models import SCOPE_RANK, Scope, SharingGrant

    scopes = [s for s in Scope if SCOPE_RANK[s] >= SCOPE_RANK[Scope(min_scope)]]
    return SharingGrant.objects.filter(
        grantee_organisation_id=organisation_id,
        revoked_at__isnull=True,
        valid_until__gte=_today(),
        valid_from__lte=_today(),
        scope__in=scopes,
    ).order_by(
        # the widest scope first, so a row matched by several grants names the widest one
        Case(*(When(scope=s, then=Value(-r)) for s, r in SCOPE_RANK.items())),
        "-created_at",
    )


def _live_shares(organisation_id: int):
    from sharing_policies.models import CaseShare

    return CaseShare.objects.filter(
        organisation_id=organisation_id, revoked_at__isnull=True, valid_until__gte=_today()
    )


def _shared_case_ids(organisation_id: int, slug: str) -> QuerySet:
    """Ids of the cases a live CaseShare row and the guardian group permission, both, give
    to the organisation."""
    from django.contrib.auth.models import Group, Permission

    from sharing_policies.models import CaseGroupObjectPermission

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
    return _live_shares(organisation_id).filter(Exists(permission)).order_by().values("case_id")


def _shared_queryset(user, membership) -> tuple[Q, dict[str, Any]]:
    """(condition, annotations) for cases shared with the user's organisation.

    One query for the live grants; then the case query is a single statement however many
    grants exist: ``pk IN (grant 1's cases UNION grant 2's ... UNION the shared cases)``.
    Each part is planned on its own (an index scan of one organisation's cases), where an
    OR of the grants' conditions made PostgreSQL read every shareable case
    (docs/performance.md).
    """
    org_id = membership.organisation_id
    grants = list(
        live_grants_received(org_id).only(
            "public_id", "scope", "fields", "filter", "granting_organisation"
        )
    )
    cache = getattr(user, _GRANT_CACHE, None)
    if cache is None:
        cache = {}
        setattr(user, _GRANT_CACHE, cache)
    grant_whens = []
    shareable = CaseSummary.objects.filter(consent=Consent.SHARE).order_by()
    parts = []
    for grant in grants:
        q = grant_filter_q(grant.granting_organisation_id, grant.filter or {})
        cache[str(grant.public_id)] = (grant.scope, list(grant.fields or []))
        grant_whens.append(When(q, then=Value(str(grant.public_id))))
        parts.append(shareable.filter(q).values("pk"))
    parts.append(_shared_case_ids(org_id, membership.organisation.slug))
    ids = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    condition = Q(consent=Consent.SHARE) & ~Q(organisation_id=org_id) & _pk_in(ids)
    live = _live_shares(org_id).filter(case=OuterRef("pk")).order_by("-include_narrative")
    annotations = {
        "via_grant": Case(*grant_whens, default=Value(None), output_field=CharField())
        if grant_whens
        else Value(None, output_field=CharField()),
        "via_share": Subquery(live.values("public_id")[:1]),
        "via_share_narrative": Subquery(live.values("include_narrative")[:1]),
    }
    return condition, annotations


def visible_cases(user, *, scope: str = "own") -> QuerySet[CaseSummary]:
    """The cases ``user`` may see.

    ``own``: its organisation's cases; ``shared``: other organisations' cases made
    visible by a live grant (summaries or narratives) or a live share, each row
    annotated with ``via_grant`` / ``via_share`` (public ids); ``all``: both.
    Two SQL queries at most (the live grants, then the cases), however many grants.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    membership = membership_of(user)
    if membership is None or membership.organisation_id is None:
        return CaseSummary.objects.none()
    own = Q(organisation_id=membership.organisation_id)
    if scope == "own":
        return CaseSummary.objects.filter(own)
    shared, annotations = _shared_queryset(user, membership)
    condition = shared if scope == "shared" else own | shared
    return CaseSummary.objects.filter(condition).annotate(**annotations)


def visible_via(case: CaseSummary) -> dict[str, str] | None:
    """What made a shared row visible: ``{"grant": id}`` and/or ``{"share": id}``; None for
    the reader's own cases."""
    via = {}
    if getattr(case, "via_grant", None):
        via["grant"] = str(case.via_grant)
    if getattr(case, "via_share", None):
        via["share"] = str(case.via_share)
    return via or None


def _shared_instance(user, case: CaseSummary) -> CaseSummary | None:
    """``case`` as seen through the user's grants and shares, or None if it is not shared."""
    if not can_list_cases(user):
        return None
    return (
        visible_cases(user, scope="shared")
        .select_related("organisation")
        .filter(pk=case.pk)
        .first()
    )


# --- object decisions ------------------------------------------------------------------


def can_read(user, case: CaseSummary) -> bool:
    """Owners read their cases; others while a live grant or share covers it."""
    return _owner_member(user, case) or _shared_instance(user, case) is not None


def can_edit(user, case: CaseSummary) -> bool:
    """Caseworkers and admins of the owning organisation edit its cases."""
    return _owner_member(user, case)


def can_delete(user, case: CaseSummary) -> bool:
    """Deleting is final: owner-organisation admins, or the caseworker who created the case."""
    if not _owner_member(user, case):
        return False
    membership = membership_of(user)
    return membership.role == Role.ADMIN or case.created_by_id == user.pk


def can_read_access_log(user, case: CaseSummary) -> bool:
    """Owners see who touched their case; nobody else does."""
    return _owner_member(user, case)


def can_share(user, case: CaseSummary) -> bool:
    """The owning organisation's caseworkers and admins share and refer its cases."""
    return _owner_member(user, case)


def audit_case_reads(user, cases, *, request=None, listed: bool = False) -> None:
    """Append one ``case.read`` event per case that ``user`` read from outside the owning
    organisation, naming the grant or share that allowed it (owners' reads are not logged).
    A page's events go in one append (one lock, one INSERT)."""
    from coord.audit.services import audit_append_many, audit_event

    membership = membership_of(user)
    own_org = membership.organisation_id if membership else None
    events = []
    for case in cases:
        if case.organisation_id == own_org:
            continue
        details: dict[str, Any] = dict(visible_via(case) or {})
        if listed:
            details["list"] = True
        events.append(
            audit_event(
                action="case.read",
                actor=user,
                organisation=case.organisation,
                object_type="case",
                object_id=case.reference,
                details=details,
                request=request,
            )
        )
    audit_append_many(events)


def get_case_for(user, reference: str, *, action: str = "read", request=None) -> CaseSummary:
    """The case ``reference`` if ``user`` may do ``action`` on it.

    Missing and invisible cases raise the same ``Http404`` (the latter audited as
    denied); a visible case the user may not change raises an audited 403. A read from
    outside the owning organisation is audited as ``case.read`` and the returned case
    carries ``via_grant`` / ``via_share``.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    case = (
        CaseSummary.objects.select_related("organisation").filter(reference=reference).first()
        if isinstance(reference, str)
        else None
    )
    if case is None:
        raise Http404
    audit = {
        "user": user,
        "action": f"case.{action}_denied",
        "organisation": case.organisation,
        "object_type": "case",
        "object_id": case.reference,
        "request": request,
    }
    if _owner_member(user, case):
        allowed = {
            "read": True,
            "update": can_edit(user, case),
            "delete": can_delete(user, case),
            "access_log": can_read_access_log(user, case),
            "share": can_share(user, case),
        }[action]
        if not allowed:
            deny(**audit, not_found=False)
        return case
    shared = _shared_instance(user, case)
    if shared is None:
        deny(**audit)
    if action != "read":
        deny(**audit, not_found=False)
    audit_case_reads(user, [shared], request=request)
    return shared


def _grant_fields(user, grant_id: str) -> tuple[str, list[str]] | None:
    cache = getattr(user, _GRANT_CACHE, None) or {}
    if grant_id in cache:
        return cache[grant_id]
    from sharing_policies.models import SharingGrant

    grant = SharingGrant.objects.filter(public_id=grant_id).only("scope", "fields").first()
    return (grant.scope, list(grant.fields or [])) if grant else None


def fields_for(user, case: CaseSummary) -> set[str]:
    """Field names of ``case`` that ``user`` may read.

    Owner members: everything. Through a grant: its allowlist (all category fields
    when empty) plus ``summary`` with scope narratives; through a share: every
    category field plus ``summary`` if ``include_narrative``. ``notes`` never leave
    the owning organisation. Nothing for anyone else.
    """
    if _owner_member(user, case):
        return set(ALL_FIELDS)
    if not hasattr(case, "via_grant"):
        shared = _shared_instance(user, case)
        if shared is None:
            return set()
        case = shared
    fields: set[str] = set()
    grant_id = getattr(case, "via_grant", None)
    if grant_id:
        found = _grant_fields(user, str(grant_id))
        if found is not None:
            scope, allowlist = found
            fields |= set(allowlist) & GRANTABLE_FIELDS if allowlist else set(GRANTABLE_FIELDS)
            if scope == "narratives":
                fields.add("summary")
    if getattr(case, "via_share", None):
        fields |= set(CATEGORY_FIELDS)
        if getattr(case, "via_share_narrative", False):
            fields.add("summary")
    if not fields:
        return set()
    return (fields | META_FIELDS) - {"notes"}


def shared_row(user, case: CaseSummary, data: dict[str, Any]) -> dict[str, Any]:
    """A serialised list row cut down to the fields ``user`` may see, plus ``visible_via``."""
    allowed = fields_for(user, case)
    row = {key: value for key, value in data.items() if key in allowed}
    row["visible_via"] = visible_via(case)
    return row


def aggregate_organisations(user) -> set[int]:
    """Organisations whose own breakdown ``user`` may see in trends: its own, plus every
    organisation with a live grant of scope aggregates or wider to it. Coordinators and
    people without an organisation get an empty set (they see network totals only)."""
    membership = membership_of(user)
    if membership is None or membership.organisation_id is None:
        return set()
    granting = live_grants_received(membership.organisation_id, min_scope="aggregates").values_list(
        "granting_organisation_id", flat=True
    )
    return {membership.organisation_id, *granting}


def shared_filterable_fields(user) -> set[str]:
    """Fields a partner may filter shared cases on: those that EVERY live grant to its
    organisation lets it read. Filtering on a field some grant hides would reveal that
    field's value through which rows come back."""
    membership = membership_of(user)
    if membership is None or membership.organisation_id is None:
        return set()
    fields = set(GRANTABLE_FIELDS)
    for allowlist in live_grants_received(membership.organisation_id).values_list(
        "fields", flat=True
    ):
        if allowlist:
            fields &= set(allowlist)
    return fields


def list_scope(request) -> str:
    """``?scope=own|shared|all`` of a case list (default ``own``); anything else is a 400."""
    from rest_framework.exceptions import ValidationError as DRFValidationError

    scope = request.query_params.get("scope") or "own"
    if scope not in SCOPES:
        raise DRFValidationError({"scope": [f"Allowed values: {', '.join(SCOPES)}."]})
    return scope


def shared_list_response(request, view, queryset, serializer_class):
    """One page of a case list that may hold other organisations' cases: each such row is
    cut to the fields its grant or share allows, names it in ``visible_via``, and is
    audited as ``case.read`` (one event per row shown)."""
    from coord.lib.api import CountInPagePagination

    paginator = CountInPagePagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    user = request.user
    own_org = membership_of(user).organisation_id
    rows = []
    for case, data in zip(page, serializer_class(page, many=True).data, strict=True):
        if case.organisation_id == own_org:
            rows.append({**data, "visible_via": None})
        else:
            rows.append(shared_row(user, case, data))
    audit_case_reads(user, page, request=request, listed=True)
    return paginator.get_paginated_response(rows)
