"""Who may see and do what with case summaries.

Members of the owning organisation see all of its cases and fields. Outside it, a case is
visible only while its consent is ``share`` and either a live grant's filter matches it or
a live single-case share names the reader's organisation ("live" is decided at query time
by ``sharing_policies.grants.live_q``, so an expired grant stops working before the beat
task marks it). Outsiders get 404 whether a case exists or not, and an attempt on an
existing case is audited as denied. Coordinators never see cases (separation of duties):
403 on the list, 404 on a case. Every read by someone outside the owning org is audited
(``case.read``, naming the grant or share). See docs/sharing.md.

A view asks once: ``case_access`` answers with a ``CaseAccess`` (the case, how it is
visible, the fields the caller may read, what it may do) that the view hands down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy

from coord.audit.services import audit_append_many, audit_event
from coord.cases.choices import Consent
from coord.cases.models import CROCKFORD, REFERENCE_LENGTH, REFERENCE_PREFIX, CaseSummary
from coord.cases.selectors import case_list
from coord.lib.errors import Invalid
from coord.lib.keyset import (
    BACKWARD,
    Cursor,
    KeysetPage,
    after_q,
    build_page,
    capped_count,
    count_cap,
    reverse,
)
from sharing_policies.access.caller import Caller, caller_for
from sharing_policies.access.deny import deny
from sharing_policies.grants import (
    ALL_FIELDS,
    GRANTABLE_FIELDS,
    META_FIELDS,
    grant_cases,
    grant_fields,
    grant_filter_q,
    live_grants_received,
    live_shares,
    share_fields,
    shared_case_ids,
)
from sharing_policies.models import SharingGrant

ACTIONS = ("read", "update", "delete", "access_log", "share", "assign")
SCOPES = ("own", "shared", "all")


@dataclass(frozen=True)
class CaseAccess:
    """The policy's answer for one case and one caller."""

    case: CaseSummary
    fields: frozenset[str]
    actions: frozenset[str]
    via: dict[str, str] | None  # {"grant": id} and/or {"share": id}; None for the owner

    @property
    def is_owner(self) -> bool:
        return self.via is None

    def may(self, action: str) -> bool:
        return action in self.actions


def _owner_actions(caller: Caller, case: CaseSummary) -> frozenset[str]:
    """Owners read, edit (status changes included), share and see the access log; deleting
    is for the organisation's admins and the caseworker who created the case; reassigning
    the case to another caseworker is for the admins."""
    actions = {"read", "update", "access_log", "share"}
    if caller.is_admin or case.created_by_id == getattr(caller.user, "pk", None):
        actions.add("delete")
    if caller.is_admin:
        actions.add("assign")
    return frozenset(actions)


def can_list_cases(user) -> bool:
    """Organisation members list cases; coordinators and people without a role do not."""
    return caller_for(user).is_member


def require_case_member(user, *, request=None, action: str = "case.list_denied") -> Caller:
    """The caller, if it belongs to an organisation; 403 (audited) for coordinators and
    users without one."""
    caller = caller_for(user)
    if not caller.is_member:
        deny(user=user, action=action, request=request, not_found=False)
    return caller


# --- the visible queryset ----------------------------------------------------------------


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


def live_grants_for(user) -> list[SharingGrant]:
    """The grants live today to ``user``'s organisation, the widest first: one query, asked
    once per request and handed to ``shared_filterable_fields`` and ``case_list_page``
    (also kept by public id for ``row_fields``)."""
    caller = caller_for(user)
    if not caller.is_member:
        return []
    grants = list(
        live_grants_received(caller.organisation_id).only(
            "public_id", "scope", "fields", "filter", "granting_organisation", "valid_until"
        )
    )
    for grant in grants:
        caller.grants[str(grant.public_id)] = grant
    return grants


def _via_annotations(caller: Caller, grants: list[SharingGrant]) -> dict[str, Any]:
    """``via_grant`` / ``via_share`` / ``via_share_narrative`` of each shared row: which live
    grant's filter matches it (the widest first), which live share names it."""
    grant_whens = [
        When(
            grant_filter_q(grant.granting_organisation_id, grant.filter or {}),
            then=Value(str(grant.public_id)),
        )
        for grant in grants
    ]
    live = (
        live_shares(caller.organisation_id)
        .filter(case=OuterRef("pk"))
        .order_by("-include_narrative")
    )
    return {
        "via_grant": Case(*grant_whens, default=Value(None), output_field=CharField())
        if grant_whens
        else Value(None, output_field=CharField()),
        "via_share": Subquery(live.values("public_id")[:1]),
        "via_share_narrative": Subquery(live.values("include_narrative")[:1]),
    }


def _shared_parts(caller: Caller, grants: list[SharingGrant]) -> list[QuerySet[CaseSummary]]:
    """Each way another organisation's case becomes visible, as its own query: one per live
    grant (its filter, consent ``share``) and one for the live single-case shares. Each is
    an index range of one organisation's cases, planned on its own."""
    org_id = caller.organisation_id
    parts = [grant_cases(grant) for grant in grants]
    shared = shared_case_ids(org_id, caller.organisation.slug)
    # The shares' ids first, then the rows by primary key: with ``IN`` PostgreSQL may walk
    # the month index of every case looking for the few shared ones (ORDER BY ... LIMIT).
    parts.append(CaseSummary.objects.filter(_pk_in(shared), consent=Consent.SHARE).order_by())
    return [part.exclude(organisation_id=org_id) for part in parts]


def _shared_condition(caller: Caller) -> tuple[Q, dict[str, Any]]:
    """(condition, annotations) for cases shared with the caller's organisation.

    One query for the live grants; then the case query is a single statement however many
    grants exist: ``pk IN (grant 1's cases UNION grant 2's ... UNION the shared cases)``.
    Used for one case (``case_access``) and counts; a list page uses ``case_list_page``,
    which limits each part before merging.
    """
    grants = live_grants_for(caller.user)
    parts = [part.values("pk") for part in _shared_parts(caller, grants)]
    ids = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    condition = Q(consent=Consent.SHARE) & ~Q(organisation_id=caller.organisation_id) & _pk_in(ids)
    return condition, _via_annotations(caller, grants)


def visible_cases(user, *, scope: str = "own") -> QuerySet[CaseSummary]:
    """The cases ``user`` may see.

    ``own``: its organisation's cases; ``shared``: other organisations' cases made visible
    by a live grant (summaries or narratives) or a live share, each row annotated with
    ``via_grant`` / ``via_share`` (public ids); ``all``: both. Two SQL queries at most
    (the live grants, then the cases), however many grants.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    caller = caller_for(user)
    if not caller.is_member:
        return CaseSummary.objects.none()
    own = Q(organisation_id=caller.organisation_id)
    if scope == "own":
        return CaseSummary.objects.filter(own)
    shared, annotations = _shared_condition(caller)
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


def _grant(caller: Caller, grant_id: str) -> SharingGrant | None:
    grant = caller.grants.get(grant_id)
    if grant is None:
        grant = SharingGrant.objects.filter(public_id=grant_id).first()
        if grant is not None:
            caller.grants[grant_id] = grant
    return grant


def row_fields(user, case: CaseSummary) -> frozenset[str]:
    """Field names of a row from ``visible_cases`` that ``user`` may read.

    Owner members: everything. Through a grant: its allowlist (all category fields when
    empty) plus ``summary`` with scope narratives; through a share: every category field
    plus ``summary`` if ``include_narrative``. ``notes`` never leave the owning
    organisation.
    """
    caller = caller_for(user)
    if caller.is_member and case.organisation_id == caller.organisation_id:
        return ALL_FIELDS
    fields: set[str] = set()
    grant_id = getattr(case, "via_grant", None)
    if grant_id:
        grant = _grant(caller, str(grant_id))
        if grant is not None:
            fields |= grant_fields(grant.scope, list(grant.fields or []))
    if getattr(case, "via_share", None):
        fields |= share_fields(bool(getattr(case, "via_share_narrative", False)))
    if not fields:
        return frozenset()
    return frozenset((fields | META_FIELDS) - {"notes"})


def row_grant(user, case: CaseSummary) -> SharingGrant | None:
    """The live grant that made a shared row visible (already loaded with the list)."""
    grant_id = getattr(case, "via_grant", None)
    return _grant(caller_for(user), str(grant_id)) if grant_id else None


# --- one case --------------------------------------------------------------------------


def case_access(user, reference: str, *, action: str = "read", request=None) -> CaseAccess:
    """The case ``reference`` if ``user`` may do ``action`` on it, with how it is visible,
    the fields it may read and everything it may do.

    Missing and invisible cases raise the same ``NotFound`` (the latter audited as denied);
    a visible case the caller may not change raises an audited ``Forbidden``. A read from
    outside the owning organisation is audited as ``case.read``.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    reference = reference if isinstance(reference, str) else ""
    case = (
        CaseSummary.objects.select_related("organisation", "owner")
        .filter(reference=reference)
        .first()
    )
    caller = caller_for(user)
    audit = {
        "user": user,
        "action": f"case.{action}_denied",
        "organisation": case.organisation if case is not None else None,
        "object_type": "case",
        "object_id": reference,
        "request": request,
    }
    if case is not None and caller.is_member and caller.organisation_id == case.organisation_id:
        access = CaseAccess(
            case=case, fields=ALL_FIELDS, actions=_owner_actions(caller, case), via=None
        )
        if not access.may(action):
            deny(**audit, not_found=False)
        return access
    # A reference that does not exist and one the caller may not see take this same path:
    # the same query, the same event, the same 404 (issue 16).
    shared = (
        visible_cases(user, scope="shared")
        .select_related("organisation")
        .filter(reference=reference)
        .first()
        if caller.is_member
        else None
    )
    if shared is None:
        _deny_unseen_case(user, caller, action, reference, case, request)
    if action != "read":
        deny(**audit, not_found=False)
    audit_case_reads(user, [shared], request=request)
    return CaseAccess(
        case=shared,
        fields=row_fields(user, shared),
        actions=frozenset({"read"}),
        via=visible_via(shared),
    )


def _deny_unseen_case(user, caller, action: str, reference: str, case, request) -> None:
    """The audited 404 for a case the caller cannot see, whether or not it exists.

    The event names the caller's own organisation (so its admins see the attempt and learn
    nothing more), the reference only when it is shaped like one (a typed-in name must not
    land in the log), and, in ``details.owner``, the owning organisation or "" for a
    reference that does not exist: only coordinators are shown that key
    (``sharing_policies.access.audit.hidden_detail_keys``).
    """
    shaped = (
        len(reference) == len(REFERENCE_PREFIX) + REFERENCE_LENGTH
        and reference.startswith(REFERENCE_PREFIX)
        and set(reference[len(REFERENCE_PREFIX) :]) <= set(CROCKFORD)
    )
    deny(
        user=user,
        action=f"case.{action}_denied",
        organisation=caller.organisation,
        object_type="case",
        object_id=reference if shaped else "",
        request=request,
        details={"owner": case.organisation.slug if case is not None else ""},
    )


# --- lists of cases -----------------------------------------------------------------


def parse_scope(value: str | None) -> str:
    """``?scope=own|shared|all`` of a case list (default ``own``); anything else is invalid."""
    scope = value or "own"
    if scope not in SCOPES:
        raise Invalid({"scope": [f"Allowed values: {', '.join(SCOPES)}."]})
    return scope


class ListCode(StrEnum):
    FIELD_HIDDEN = "field_hidden"


HIDDEN_FIELD_MESSAGE = gettext_lazy(
    "A partner's grant hides this detail from your organisation, so shared cases cannot be "
    "filtered or sorted by it. Choose another, or list only your own cases."
)


def shared_filterable_fields(user, grants: list[SharingGrant] | None = None) -> frozenset[str]:
    """Fields a partner may filter or sort shared cases by: those that EVERY live grant to
    its organisation lets it read, plus what every row shows (reference, dates). Filtering
    or sorting on a field some grant hides would reveal that field's value through which
    rows come back, or in which order."""
    caller = caller_for(user)
    if not caller.is_member:
        return frozenset()
    fields = set(GRANTABLE_FIELDS)
    for grant in live_grants_for(user) if grants is None else grants:
        if grant.fields:
            fields &= set(grant.fields)
    return frozenset(fields | META_FIELDS)


def refuse_hidden_fields(
    user,
    used: Mapping[str, str],
    *,
    scope: str = "shared",
    grants: list[SharingGrant] | None = None,
) -> None:
    """On a list holding shared cases, a filter or an ordering may only read fields every
    grant of the reader shows: ``Invalid`` (code ``field_hidden``) naming each parameter
    (``used`` maps a parameter in use to the case field it reads). Own lists: anything."""
    if scope == "own":
        return
    allowed = shared_filterable_fields(user, grants)
    hidden = sorted(name for name, field in used.items() if field not in allowed)
    if hidden:
        raise Invalid(
            {name: [str(HIDDEN_FIELD_MESSAGE)] for name in hidden}, code=ListCode.FIELD_HIDDEN
        )


def _any_of(parts: list[QuerySet]) -> Q:
    """The row is one of the (already limited) ``parts``' rows, as one condition.

    PostgreSQL: ``pk = ANY(ARRAY((part 1 LIMIT n) UNION ALL (part 2 LIMIT n) ...))``, each
    part an ordered index scan that stops after ``n`` rows. SQLite cannot put a LIMIT inside
    a compound select, so there it is ``pk IN (part 1) OR pk IN (part 2) ...`` (a LIMIT
    inside ``IN`` is fine)."""
    ids = [part.values("pk") for part in parts]
    if connection.vendor == "postgresql":
        return _pk_in(ids[0].union(*ids[1:], all=True) if len(ids) > 1 else ids[0])
    condition = Q(pk__in=ids[0])
    for more in ids[1:]:
        condition |= Q(pk__in=more)
    return condition


def case_list_page(
    user,
    *,
    scope: str,
    narrow: Callable[[QuerySet[CaseSummary]], QuerySet[CaseSummary]],
    keys: tuple[str, ...],
    cursor: str | None,
    size: int,
    count: bool = True,
    grants: list[SharingGrant] | None = None,
) -> tuple[KeysetPage, tuple[int, bool] | None]:
    """One keyset page of the cases ``user`` may see in ``scope``, and the capped count.

    ``narrow`` applies the list's filters and search; ``keys`` is the ordering (ending in a
    unique key); ``grants``: from ``live_grants_for`` when the caller has them already. Own
    cases: one ordered, limited scan of the organisation's index. Shared
    cases (issue 22): each grant's and the shares' cases are scanned on their own, ordered
    and limited to the page (filters and the cursor applied inside each), and the few rows
    found are merged and ordered again, so a page reads about (grants + 1) times the page size rows
    however much is shared. The count reads at most ``cap + 1`` rows per part.
    Shared rows carry ``via_grant`` / ``via_share`` as ``visible_cases`` does.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    caller = caller_for(user)
    position = Cursor.decode(cursor, width=len(keys))
    reading = reverse(keys) if position is not None and position.direction == BACKWARD else keys
    after = after_q(reading, position.values) if position is not None else Q()
    own = CaseSummary.objects.filter(organisation_id=caller.organisation_id)
    parts = [] if scope == "shared" else [own]
    if scope != "own" and caller.is_member:
        grants = live_grants_for(user) if grants is None else grants
        parts += _shared_parts(caller, grants)
    if not caller.is_member:
        parts = []
    if not parts:
        return KeysetPage(rows=[], next=None, previous=None), ((0, False) if count else None)
    if len(parts) == 1:
        outer = narrow(parts[0]).filter(after)
    else:
        limited = [narrow(part).filter(after).order_by(*reading)[: size + 1] for part in parts]
        outer = CaseSummary.objects.filter(_any_of(limited))
    if scope != "own":
        outer = outer.annotate(**_via_annotations(caller, grants or []))
    rows = list(case_list(base=outer).order_by(*reading)[: size + 1])
    page = build_page(rows, keys=keys, cursor=position, size=size)
    total = None
    if count:
        cap = count_cap()
        if len(parts) == 1:
            total = capped_count(narrow(parts[0]), cap=cap)
        else:
            limited = [narrow(part).order_by()[: cap + 1] for part in parts]
            total = capped_count(CaseSummary.objects.filter(_any_of(limited)), cap=cap)
    return page, total


def cut_rows(user, rows: Iterable[tuple[CaseSummary, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Serialised list rows, each cut to the fields ``user`` may see, plus ``visible_via``."""
    caller = caller_for(user)
    out = []
    for case, data in rows:
        if case.organisation_id == caller.organisation_id:
            out.append({**data, "visible_via": None})
            continue
        allowed = row_fields(user, case)
        row = {key: value for key, value in data.items() if key in allowed}
        row["visible_via"] = visible_via(case)
        out.append(row)
    return out


def audit_case_reads(user, cases, *, request=None, listed: bool = False) -> None:
    """Audit the cases ``user`` read from outside the owning organisation (owners' reads are
    not logged), naming the grant or share that allowed each.

    One case: a ``case.read`` event. A list page (``listed``): one ``case.list_read`` event
    per owning organisation on the page (usually one), naming the references shown and how
    each was visible; the owner's access log finds each through ``AuditEventObject``.
    """
    own_org = caller_for(user).organisation_id
    outside = [case for case in cases if case.organisation_id != own_org]
    events = []
    if not listed:
        for case in outside:
            events.append(
                audit_event(
                    action="case.read",
                    actor=user,
                    organisation=case.organisation,
                    object_type="case",
                    object_id=case.reference,
                    details=dict(visible_via(case) or {}),
                    request=request,
                )
            )
    by_owner: dict[int, list] = {}
    for case in outside if listed else ():
        by_owner.setdefault(case.organisation_id, []).append(case)
    for page in by_owner.values():
        events.append(
            audit_event(
                action="case.list_read",
                actor=user,
                organisation=page[0].organisation,
                object_type="case",
                details={
                    "references": [case.reference for case in page],
                    "via": {case.reference: visible_via(case) or {} for case in page},
                },
                request=request,
            )
        )
    audit_append_many(events)
