"""Trend endpoints: thin views; access in sharing_policies.access.trends, writes in services."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from coord.audit.services import audit_append
from coord.lib.api import paginated_response
from coord.lib.cells import csv_safe
from coord.lib.views import ApiView, gate_all
from coord.organisations.selectors import organisation_of
from coord.trends import selectors, services
from coord.trends.aggregates import minimum_k
from coord.trends.serializers import (
    ObservationDetailOutputSerializer,
    ObservationInputSerializer,
    ObservationOutputSerializer,
    TrendQueryInputSerializer,
    TrendTableOutputSerializer,
)
from sharing_policies.access import trends as policy
from sharing_policies.access.gate import Need


def _detail(observation) -> dict[str, Any]:
    observation.note, observation.note_state = services.trend_observation_read_note(
        observation=observation
    )
    return ObservationDetailOutputSerializer(observation).data


class ObservationListApi(ApiView):
    """List the own organisation's observations (nothing decrypted) or log a new one."""

    gates = gate_all(Need.MEMBER, "trend_observation.list_denied")

    throttle_scope = "pii_write"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(responses={200: ObservationOutputSerializer(many=True)})
    def get(self, request):
        base = policy.visible_observations(request.user)
        return paginated_response(
            request, self, selectors.observation_list(base=base), ObservationOutputSerializer
        )

    @extend_schema(
        request=ObservationInputSerializer, responses={201: ObservationDetailOutputSerializer}
    )
    def post(self, request):
        data = ObservationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        observation = services.trend_observation_create(
            actor=request.user,
            organisation=organisation_of(request.user),
            data=data.validated_data,
            request=request,
        )
        return Response(_detail(observation), status=status.HTTP_201_CREATED)


class ObservationDetailApi(ApiView):
    """One observation of the own organisation, with its note; change some of its fields."""

    throttle_scope = "pii_write"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(responses={200: ObservationDetailOutputSerializer})
    def get(self, request, public_id: str):
        observation = policy.get_observation_for(request.user, public_id, request=request)
        return Response(_detail(observation))

    @extend_schema(
        request=ObservationInputSerializer, responses={200: ObservationDetailOutputSerializer}
    )
    def patch(self, request, public_id: str):
        observation = policy.get_observation_for(
            request.user, public_id, action="update", request=request
        )
        data = ObservationInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        observation = services.trend_observation_update(
            actor=request.user, observation=observation, data=data.validated_data, request=request
        )
        return Response(_detail(observation))


QUERY_PARAMETERS = [
    OpenApiParameter(
        "group_by",
        {"type": "array", "items": {"type": "string", "enum": list(selectors.DIMENSIONS)}},
        required=True,
        style="form",
        explode=False,
        description="Dimensions to group by, comma-separated, at most 3 (observations: no "
        "age_band or gender).",
    ),
    OpenApiParameter("from", str, description="YYYY-MM"),
    OpenApiParameter("to", str, description="YYYY-MM"),
    OpenApiParameter(
        "source",
        str,
        enum=["cases", "observations"],
        description="Count cases or trend observations.",
    ),
    OpenApiParameter("region", str, description="ISO 3166-2 first-level code"),
    OpenApiParameter("k", int, description="raise the suppression threshold (never lower)"),
    OpenApiParameter("organisation", str, description="slug: own or granting organisation"),
    OpenApiParameter("dp_epsilon", float, description="add Laplace noise with this epsilon"),
]


def published_table(request, params: Mapping[str, str]) -> dict[str, Any]:
    """The trend table as it is published: ``params`` checked by
    ``TrendQueryInputSerializer`` (a DRF ``ValidationError`` with field messages), access
    decided by the policy, small cells suppressed, and an audit event when it reads another
    organisation's own breakdown. The API and the web pages both call this, so a page can
    never show a number the API would not."""
    policy.ensure_can_read_trends(request.user, request=request)
    checked = TrendQueryInputSerializer(data=dict(params))
    checked.is_valid(raise_exception=True)
    v = checked.validated_data
    breakdown = None
    if "organisation" in v:
        used = {name: "group_by" for name in v["group_by"]}
        for param, dimension in (("region", "region"), ("from", "month"), ("to", "month")):
            if v.get(param):
                used.setdefault(dimension, param)
        breakdown = policy.breakdown_for(
            request.user, v["organisation"], dimensions=used, request=request
        )
    org = breakdown.organisation if breakdown else None
    query = selectors.TrendQuery(
        group_by=tuple(v["group_by"]),
        source=v["source"],
        month_from=v.get("from"),
        month_to=v.get("to"),
        region=v.get("region"),
        organisation_id=org.pk if org else None,
        cases=breakdown.cases if breakdown else None,
        observations=breakdown.observations if breakdown else None,
    )
    return services.trend_table_read(
        actor=request.user,
        query=query,
        k=v.get("k", minimum_k()),
        dp_epsilon=v.get("dp_epsilon"),
        organisation=org,
        exact=breakdown.exact if breakdown else False,
        audience=breakdown.audience if breakdown else "network",
        request=request,
    )


class TrendsApi(ApiView):
    """Suppressed network counts grouped by up to three dimensions."""

    @extend_schema(parameters=QUERY_PARAMETERS, responses={200: TrendTableOutputSerializer})
    def get(self, request):
        return Response(
            TrendTableOutputSerializer(published_table(request, request.query_params.dict())).data
        )


def table_csv(table: dict[str, Any]) -> str:
    """Cells first, then the totals, with ``fewer than k`` in place of suppressed counts."""
    out = io.StringIO()
    writer = csv.writer(out)
    group_by = table["group_by"]
    fewer = f"fewer than {table['k']}"

    def count(entry: dict) -> str:
        return fewer if entry["suppressed"] else str(entry["count"])

    writer.writerow([*group_by, "count"])
    for cell in table["cells"]:
        writer.writerow([csv_safe(cell[d]) for d in group_by] + [csv_safe(count(cell))])
    for name in group_by:
        for entry in table["totals"].get(name, []):
            row = ["(all)"] * len(group_by)
            row[group_by.index(name)] = entry[name]
            writer.writerow([csv_safe(x) for x in row] + [csv_safe(count(entry))])
    writer.writerow([csv_safe("(all)")] * len(group_by) + [csv_safe(count(table["totals"]["all"]))])
    if table.get("dp"):
        writer.writerow([f"# noise added: laplace, epsilon={table['dp']['epsilon']}"])
    return out.getvalue()


class TrendsCsvApi(ApiView):
    """The same table as CSV (an export: audited)."""

    throttle_scope = "export"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(parameters=QUERY_PARAMETERS, responses={(200, "text/csv"): str})
    def get(self, request):
        with transaction.atomic():
            table = published_table(request, request.query_params.dict())
            audit_append(
                action="trends.export",
                actor=request.user,
                organisation=organisation_of(request.user),
                object_type="trends",
                object_id=",".join(table["group_by"]),
                details={"source": table["source"], "rows": len(table["cells"])},
                request=request,
            )
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="trends.csv"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
