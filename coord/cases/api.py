"""Case summary endpoints: thin views; access in sharing_policies.cases, writes in services."""

from __future__ import annotations

from collections.abc import Mapping

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from coord.cases import selectors, services
from coord.cases.filters import CaseFilter
from coord.cases.serializers import (
    AccessLogOutputSerializer,
    CaseDetailOutputSerializer,
    CaseInputSerializer,
    CaseListOutputSerializer,
)
from coord.lib.api import paginated_response
from coord.organisations.selectors import organisation_of
from sharing_policies import cases as policy


def _detail(request, case, *, written: Mapping | None = None) -> dict:
    """The detail shape, restricted to the fields this reader may see.

    ``written``: the input this request has just created the case from; its narrative is
    answered as given rather than read back and decrypted.
    """
    fields = policy.fields_for(request.user, case)
    if written is None:
        narrative = services.case_read_summary(
            reader=request.user, case=case, request=request, fields=fields
        )
    else:
        narrative = services.case_narrative_written(data=written, fields=fields)
    data = dict(CaseListOutputSerializer(case).data)
    data.update(narrative)
    allowed = fields | {f"{name}_state" for name in fields}
    return {key: value for key, value in data.items() if key in allowed}


# Which case field each list filter reads.
FILTER_FIELDS = {
    "status": "status",
    "consent": "consent",
    "exploitation_type": "exploitation_types",
    "technology": "technologies",
    "region": "region",
    "reported_month_from": "reported_month",
    "reported_month_to": "reported_month",
}


def _refuse_filters_on_hidden_fields(request) -> None:
    """On shared data, a filter may only use fields every grant of the reader shows."""
    allowed = policy.shared_filterable_fields(request.user)
    hidden = sorted(
        name
        for name, field in FILTER_FIELDS.items()
        if request.query_params.get(name) and field not in allowed
    )
    if hidden:
        raise serializers.ValidationError(
            {
                name: [
                    "A grant to your organisation hides this field: it cannot be filtered on "
                    "when the list includes shared cases."
                ]
                for name in hidden
            }
        )


class CaseListApi(APIView):
    """List the cases the user may see (no narrative, nothing decrypted) or record a new one."""

    throttle_scope = "pii_write"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str)
            for name in (
                "status",
                "consent",
                "exploitation_type",
                "technology",
                "region",
                "reported_month_from",
                "reported_month_to",
            )
        ],
        responses={200: CaseListOutputSerializer(many=True)},
    )
    def get(self, request):
        policy.ensure_can_list_cases(request.user, request=request)
        scope = policy.list_scope(request)  # sharing_policies (issue 6): ?scope=own|shared|all
        base = policy.visible_cases(request.user, scope=scope)
        if scope != "own":
            _refuse_filters_on_hidden_fields(request)
        filterset = CaseFilter(request.query_params, queryset=selectors.case_list(base=base))
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        if scope != "own":  # sharing_policies (issue 6): rows cut to their grant, audited
            return policy.shared_list_response(
                request, self, filterset.qs, CaseListOutputSerializer
            )
        return paginated_response(request, self, filterset.qs, CaseListOutputSerializer)

    @extend_schema(request=CaseInputSerializer, responses={201: CaseDetailOutputSerializer})
    def post(self, request):
        policy.ensure_can_list_cases(request.user, request=request)
        data = CaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_create(
            actor=request.user,
            organisation=organisation_of(request.user),
            data=data.validated_data,
            request=request,
        )
        return Response(
            _detail(request, case, written=data.validated_data), status=status.HTTP_201_CREATED
        )


class CaseDetailApi(APIView):
    """One case: read (decrypting what the reader may see), change or delete."""

    throttle_scope = "pii_write"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(responses={200: CaseDetailOutputSerializer})
    def get(self, request, reference: str):
        case = policy.get_case_for(request.user, reference, action="read", request=request)
        return Response(_detail(request, case))

    @extend_schema(request=CaseInputSerializer, responses={200: CaseDetailOutputSerializer})
    def patch(self, request, reference: str):
        case = policy.get_case_for(request.user, reference, action="update", request=request)
        data = CaseInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        case = services.case_update(
            actor=request.user, case=case, data=data.validated_data, request=request
        )
        return Response(_detail(request, case))

    @extend_schema(responses={204: None})
    def delete(self, request, reference: str):
        case = policy.get_case_for(request.user, reference, action="delete", request=request)
        services.case_delete(actor=request.user, case=case, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseAccessLogApi(APIView):
    """Who did what to this case, for the owning organisation's members only."""

    @extend_schema(responses={200: AccessLogOutputSerializer(many=True)})
    def get(self, request, reference: str):
        case = policy.get_case_for(request.user, reference, action="access_log", request=request)
        events = selectors.case_access_log(case=case)
        return paginated_response(request, self, events, AccessLogOutputSerializer)
