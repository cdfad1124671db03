"""Case summary endpoints: thin views; access decided once by sharing_policies.access.cases
(and handed down), writes in services, reads in selectors."""

from __future__ import annotations

from collections.abc import Mapping

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from coord.cases import selectors, services
from coord.cases.filters import ORDERING_LABELS, ORDERINGS, CaseListing, find_cases
from coord.cases.serializers import (
    AccessLogOutputSerializer,
    CaseAssignInputSerializer,
    CaseCloseInputSerializer,
    CaseDetailOutputSerializer,
    CaseInputSerializer,
    CaseListOutputSerializer,
    CaseUpdateInputSerializer,
)
from coord.idempotency.api import IDEMPOTENCY_KEY_PARAMETER, idempotent
from coord.lib.api import Pagination, StrictSerializer, paginated_response, wants_count
from coord.lib.keyset import page_size_from
from coord.lib.views import ApiView, gate_all
from coord.organisations.selectors import member_get
from sharing_policies.access import cases as policy
from sharing_policies.access.gate import Need


def _detail(
    request, case, fields, *, via: Mapping | None = None, written: Mapping | None = None
) -> dict:
    """The detail shape, restricted to ``fields`` (the policy's decision for this reader).

    ``via``: the policy's ``CaseAccess.via`` (``None`` for the owner), answered as
    ``visible_via``. ``written``: the input this request has just created the case from;
    its narrative is answered as given rather than read back and decrypted.
    """
    if written is None:
        narrative = services.case_read_summary(
            reader=request.user, case=case, request=request, fields=fields
        )
    else:
        narrative = services.case_narrative_written(data=written, fields=fields)
    data = dict(CaseListOutputSerializer(case).data)
    data.update(narrative)
    allowed = fields | {f"{name}_state" for name in fields}
    out = {key: value for key, value in data.items() if key in allowed}
    out["visible_via"] = dict(via) if via else None
    return out


def _enum(component: str) -> dict:
    """A filter parameter typed by the named enum its field has in the responses."""
    return {"$ref": f"#/components/schemas/{component}"}


class CasePagination(Pagination):
    """The common envelope, for a page the access policy has already cut (merged from each
    grant's part for shared lists)."""

    def show(self, request, listing: CaseListing, data) -> Response:
        self.request = request
        self.set_page(listing.page, count=listing.count)
        return self.get_paginated_response(data)


class CaseListApi(ApiView):
    """List the cases the user may see (no narrative, nothing decrypted) or record a new one."""

    gates = gate_all(Need.MEMBER, "case.list_denied")
    throttle_scope = "pii_write"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(
        operation_id="cases_list",
        summary="List cases",
        description=(
            "The cases the caller may see, newest first, categories only (nothing is "
            "decrypted). `scope=own` (default) lists the caller's organisation's cases; "
            "`shared` the other organisations' cases visible through a live grant or share, "
            "each row cut to the fields that grant allows and naming it in `visible_via`; "
            "`all` both. Filters for every category, `search` by reference, `ordering`; "
            "pages by keyset cursor with a capped count (docs/api.md, Pagination). On "
            "`shared`/`all`, a filter or an ordering on a field some grant hides is a 400 "
            "`field_hidden`."
        ),
        parameters=[
            OpenApiParameter(
                "scope",
                str,
                enum=list(policy.SCOPES),
                default="own",
                description="Whose cases: own, shared (through grants and shares), or all.",
            ),
            OpenApiParameter(
                "search",
                str,
                description="A case reference, complete (exact match) or its beginning "
                "(prefix), with or without `C-`, any case.",
            ),
            OpenApiParameter(
                "ordering",
                str,
                enum=list(ORDERINGS),
                description="Sort order: by month reported, by last activity (`updated_at`) "
                "or by status; `-` for descending. Left out: `-reported_month`, or "
                "`-updated_at` on a shared list when a grant hides the month. "
                + "; ".join(f"`{k}`: {v}" for k, v in ORDERING_LABELS.items())
                + ". On `shared`/`all`, sorting by a field some grant hides is a 400 "
                "`field_hidden`.",
            ),
            OpenApiParameter("status", _enum("CaseStatusEnum"), description="Case status."),
            OpenApiParameter("age_band", _enum("AgeBandEnum"), description="Age band."),
            OpenApiParameter("gender", _enum("GenderEnum"), description="Gender."),
            OpenApiParameter(
                "industry", _enum("IndustryEnum"), description="Industry (ISIC section)."
            ),
            OpenApiParameter(
                "citizenship",
                str,
                description="Cases recording this citizenship (ISO 3166-1 alpha-2, e.g. KH).",
            ),
            OpenApiParameter("consent", _enum("ConsentEnum"), description="Consent level."),
            OpenApiParameter(
                "exploitation_type",
                _enum("ExploitationTypeEnum"),
                description="Cases recording this exploitation type.",
            ),
            OpenApiParameter(
                "technology",
                _enum("TechnologyEnum"),
                description="Cases recording this technology.",
            ),
            OpenApiParameter(
                "region", str, description="ISO 3166-2 first-level region code, e.g. KH-12."
            ),
            OpenApiParameter(
                "reported_month_from",
                str,
                pattern=r"^\d{4}-\d{2}$",
                description="Reported in or after this month (YYYY-MM).",
            ),
            OpenApiParameter(
                "reported_month_to",
                str,
                pattern=r"^\d{4}-\d{2}$",
                description="Reported in or before this month (YYYY-MM).",
            ),
            OpenApiParameter(
                "owner",
                str,
                description=(
                    'Whose caseload: `me` (the caller: "My cases"), `none` (unassigned) or '
                    "a member's username. Without a `status` filter, closed cases are left "
                    "out. Only on `scope=own`: a partner never learns who works a case."
                ),
            ),
        ],
        responses={200: CaseListOutputSerializer(many=True)},
    )
    def get(self, request):
        params = request.query_params
        scope = policy.parse_scope(params.get("scope"))
        listing = find_cases(
            request.user,
            params,
            scope=scope,
            size=page_size_from(params.get("page_size"), maximum=CasePagination.max_page_size),
            count=wants_count(request),
        )
        if listing.page is None:
            raise serializers.ValidationError(listing.filterset.errors)
        rows = listing.page.rows
        data = CaseListOutputSerializer(rows, many=True).data
        if scope != "own":
            data = policy.cut_rows(request.user, zip(rows, data, strict=True))
            policy.audit_case_reads(request.user, rows, request=request, listed=True)
        return CasePagination().show(request, listing, data)

    @extend_schema(
        summary="Record a case",
        description=(
            "Records a de-identified case for the caller's organisation. Free text passes the "
            "PII guard (400 `pii_detected` naming kind and position, never the value); the "
            "narrative is stored encrypted. Answers the case as its owner reads it. With an "
            "`Idempotency-Key`, a retry answers the case it created instead of a second one."
        ),
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        request=CaseInputSerializer,
        responses={201: CaseDetailOutputSerializer},
    )
    def post(self, request):
        def create() -> tuple[Response, str]:
            data = CaseInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            case = services.case_create(
                actor=request.user,
                organisation=request.caller.organisation,
                data=data.validated_data,
                request=request,
            )
            body = _detail(request, case, policy.ALL_FIELDS, written=data.validated_data)
            return Response(body, status=status.HTTP_201_CREATED), case.reference

        return idempotent(request, create=create, replay=lambda ref: _read(request, ref))


def _read(request, reference: str) -> Response:
    """One case as the caller may read it now (the plain read and an idempotent replay)."""
    access = policy.case_access(request.user, reference, action="read", request=request)
    return Response(_detail(request, access.case, access.fields, via=access.via))


class CaseDetailApi(ApiView):
    """One case: read (decrypting what the reader may see), change or delete."""

    throttle_scope = "pii_write"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(responses={200: CaseDetailOutputSerializer})
    def get(self, request, reference: str):
        return _read(request, reference)

    @extend_schema(request=CaseUpdateInputSerializer, responses={200: CaseDetailOutputSerializer})
    def patch(self, request, reference: str):
        access = policy.case_access(request.user, reference, action="update", request=request)
        data = CaseUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        case = services.case_update(
            actor=request.user, case=access.case, data=data.validated_data, request=request
        )
        return Response(_detail(request, case, access.fields, via=access.via))

    @extend_schema(responses={204: None})
    def delete(self, request, reference: str):
        access = policy.case_access(request.user, reference, action="delete", request=request)
        services.case_delete(actor=request.user, case=access.case, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseAccessLogApi(ApiView):
    """Who did what to this case, for the owning organisation's members only."""

    @extend_schema(responses={200: AccessLogOutputSerializer(many=True)})
    def get(self, request, reference: str):
        access = policy.case_access(request.user, reference, action="access_log", request=request)
        events = selectors.case_access_log(case=access.case)
        return paginated_response(request, self, events, AccessLogOutputSerializer)


class CaseEmptyInputSerializer(StrictSerializer):
    """No body (or ``{}``); anything else is an unknown field."""


class CaseTransitionApi(ApiView):
    """One step of the status workflow (open -> active -> closed -> reopened), by any member
    of the owning organisation; audited as ``case.<action>``. Subclasses name the action."""

    throttle_scope = "pii_write"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)
    action_name = ""
    input_serializer: type[StrictSerializer] = CaseEmptyInputSerializer

    def transition(self, request, reference: str) -> Response:
        access = policy.case_access(request.user, reference, action="update", request=request)
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_transition(
            actor=request.user,
            case=access.case,
            action=self.action_name,
            closure_reason=data.validated_data.get("closure_reason", ""),
            request=request,
        )
        return Response(_detail(request, case, access.fields, via=access.via))


class CaseActivateApi(CaseTransitionApi):
    action_name = "activate"

    @extend_schema(
        operation_id="cases_activate",
        summary="Start working a case",
        description=(
            "open or reopened -> active. 409 `case_already_active` if it is active, "
            "`case_closed` if it is closed (reopen it first)."
        ),
        request=CaseEmptyInputSerializer,
        responses={200: CaseDetailOutputSerializer},
    )
    def post(self, request, reference: str):
        return self.transition(request, reference)


class CaseCloseApi(CaseTransitionApi):
    action_name = "close"
    input_serializer = CaseCloseInputSerializer

    @extend_schema(
        operation_id="cases_close",
        summary="Close a case",
        description=(
            "open, active or reopened -> closed, with a `closure_reason` from the fixed list. "
            '409 `case_already_closed` if it is closed. The case leaves "My cases" but '
            "stays in the organisation's list; its live shares keep working until each ends."
        ),
        request=CaseCloseInputSerializer,
        responses={200: CaseDetailOutputSerializer},
    )
    def post(self, request, reference: str):
        return self.transition(request, reference)


class CaseReopenApi(CaseTransitionApi):
    action_name = "reopen"

    @extend_schema(
        operation_id="cases_reopen",
        summary="Reopen a closed case",
        description=(
            "closed -> reopened; the closure reason is cleared. 409 `case_not_closed` otherwise."
        ),
        request=CaseEmptyInputSerializer,
        responses={200: CaseDetailOutputSerializer},
    )
    def post(self, request, reference: str):
        return self.transition(request, reference)


class CaseAssignApi(ApiView):
    """Reassign a case to another caseworker: the owning organisation's admins only (its
    caseworkers get 403, everyone else 404). Audited; the new owner is notified."""

    throttle_scope = "pii_write"

    @extend_schema(
        operation_id="cases_assign",
        summary="Reassign a case",
        description=(
            "Makes another active member of the case's organisation its owner. Admins of "
            "the organisation only: its caseworkers get 403, anyone else 404. 409 "
            "`already_owner` if nothing would change; 400 if the username is not an active "
            "member of the organisation."
        ),
        request=CaseAssignInputSerializer,
        responses={200: CaseDetailOutputSerializer},
    )
    def post(self, request, reference: str):
        access = policy.case_access(request.user, reference, action="assign", request=request)
        data = CaseAssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = member_get(
            organisation=access.case.organisation, username=data.validated_data["owner"]
        )
        case = services.case_assign(
            actor=request.user,
            case=access.case,
            owner=member.user if member is not None else None,
            request=request,
        )
        return Response(_detail(request, case, access.fields, via=access.via))
