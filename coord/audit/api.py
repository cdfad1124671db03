"""The audit trail's API: list and export events, start a verification, serve the public key."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.db import transaction
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from coord.audit import signing
from coord.audit.models import Outcome
from coord.audit.selectors import (
    audit_consistency_proof,
    audit_event_list,
    audit_inclusion_proof,
    audit_sth_get,
)
from coord.audit.services import audit_append
from coord.audit.sth import sth_as_json
from coord.jobs.api import job_started, job_started_schema
from coord.lib.api import Pagination, StrictSerializer
from coord.lib.cells import csv_safe
from coord.lib.errors import NotFound
from coord.lib.views import ApiView
from coord.organisations.selectors import organisation_of
from sharing_policies.access.audit import (
    audit_event_for_proof,
    hidden_detail_keys,
    visible_audit_events,
)
from sharing_policies.access.gate import Need


class EventFilterSerializer(StrictSerializer):
    """The filters of the list and the CSV export (unknown parameters are a 400)."""

    action = serializers.CharField(required=False, max_length=64)
    actor = serializers.CharField(required=False, max_length=150)
    organisation = serializers.SlugField(required=False, max_length=50)
    object_type = serializers.CharField(required=False, max_length=64)
    object_id = serializers.CharField(required=False, max_length=64)
    outcome = serializers.ChoiceField(required=False, choices=Outcome.choices)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
    # Paging parameters, accepted so the strict check does not refuse them.
    cursor = serializers.CharField(required=False)
    page_size = serializers.IntegerField(required=False, min_value=1)
    count = serializers.BooleanField(required=False)

    def validate(self, attrs):
        if attrs.get("since") and attrs.get("until") and attrs["since"] >= attrs["until"]:
            raise serializers.ValidationError({"until": ["Must be after since."]})
        return attrs


def _filters(request) -> dict:
    data = {key: request.query_params.get(key) for key in request.query_params}
    serializer = EventFilterSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    return {
        k: v
        for k, v in serializer.validated_data.items()
        if k not in {"cursor", "page_size", "count"}
    }


class EventOutputSerializer(serializers.Serializer):
    """An event as hashed, but for the actor's account number, which never leaves the
    database (docs/api.md "Keys"): ``actor_username`` names the actor."""

    seq = serializers.IntegerField(
        help_text="Position in the log (1, 2, 3, ... with no gap), not a database key."
    )
    at = serializers.DateTimeField()
    actor_username = serializers.CharField(
        help_text="Who acted (unique, never reused); empty for anonymous callers."
    )
    actor_withheld = serializers.SerializerMethodField()
    actor_organisation = serializers.CharField()
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    organisation = serializers.CharField()
    outcome = serializers.CharField()
    request_id = serializers.CharField()
    details = serializers.SerializerMethodField()
    prev_hash = serializers.CharField()

    def get_actor_withheld(self, event) -> bool:
        """True for an event written before actor ids left the hashed record: it holds the
        actor's internal account number, which the API does not give, so only the server
        (``POST /audit/verify/``) can recompute its ``hash``. Recompute every other event
        with ``"actor_id": null`` (docs/audit.md)."""
        return event.actor_id is not None

    def get_details(self, event) -> dict:
        hidden = self.context.get("hidden", frozenset())
        return {k: v for k, v in event.details.items() if k not in hidden}

    hash = serializers.CharField()


_FILTER_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.STR, required=False)
    for name in ("action", "actor", "organisation", "object_type", "object_id", "outcome")
] + [
    OpenApiParameter("since", OpenApiTypes.DATETIME, required=False),
    OpenApiParameter("until", OpenApiTypes.DATETIME, required=False),
]


class EventListApi(ApiView):
    """Audit events the caller may read, newest first, with cursor pagination."""

    gates = {"GET": (Need.AUDIT_READER, "audit.read_denied")}

    @extend_schema(
        parameters=_FILTER_PARAMETERS,
        responses={200: EventOutputSerializer(many=True)},
    )
    def get(self, request):
        queryset = audit_event_list(
            base=visible_audit_events(request.user), filters=_filters(request)
        ).order_by("-seq")
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        context = {"hidden": hidden_detail_keys(request.user)}
        data = EventOutputSerializer(page, many=True, context=context).data
        return paginator.get_paginated_response(data)


CSV_COLUMNS = (
    "seq",
    "at",
    "actor_username",
    "actor_organisation",
    "action",
    "object_type",
    "object_id",
    "organisation",
    "outcome",
    "request_id",
    "details",
    "hash",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(queryset, hidden: frozenset[str] = frozenset()) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for row in queryset.values_list(*CSV_COLUMNS).iterator(chunk_size=2000):
        cells = list(row)
        cells[1] = cells[1].isoformat()
        details = {k: v for k, v in cells[10].items() if k not in hidden}
        cells[10] = json.dumps(details, sort_keys=True, ensure_ascii=False)
        yield writer.writerow([csv_safe(cell) for cell in cells])


class EventExportApi(ApiView):
    """The same events as the list, as a streamed CSV; the export itself is audited."""

    gates = {"GET": (Need.AUDIT_READER, "audit.read_denied")}

    throttle_scope = "export"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(parameters=_FILTER_PARAMETERS, responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        filters = _filters(request)
        queryset = audit_event_list(
            base=visible_audit_events(request.user), filters=filters
        ).order_by("seq")
        audit_append(
            action="export.csv",
            actor=request.user,
            organisation=organisation_of(request.user),
            object_type="audit_trail",
            details={"export": "audit_events", "filters": sorted(filters)},
            request=request,
        )
        response = StreamingHttpResponse(
            _csv_rows(queryset, hidden_detail_keys(request.user)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="audit-events.csv"'
        response["Cache-Control"] = "no-store"
        return response


class VerifyInputSerializer(StrictSerializer):
    """No options: the body must be empty or ``{}``."""


class VerifyApi(ApiView):
    """Coordinators: verify the whole chain in a background job; poll the job for the result.

    POST starts a job (202, one "job started" body, ``Location``); GET is not offered (405):
    reading must never start work (issue 24). The job's result is the same JSON as
    ``manage.py verify_audit``.
    """

    gates = {"POST": (Need.COORDINATOR, "audit.verify_denied")}

    @extend_schema(
        **job_started_schema(
            operation_id="audit_verify",
            summary="Verify the audit trail",
            description=(
                "Starts an `audit.verify` job over the whole chain, Merkle tree and signed "
                "tree heads. Each call starts a new job. Coordinators only."
            ),
            request=VerifyInputSerializer,
        )
    )
    def post(self, request):
        from coord.audit.tasks import audit_verify_task
        from coord.jobs.services import job_create, job_enqueue

        VerifyInputSerializer(data=request.data or {}).is_valid(raise_exception=True)
        with transaction.atomic():
            job = job_create(kind="audit.verify", actor=request.user, request=request)
            job_enqueue(job.pk, audit_verify_task)
        return job_started(job)


class PublicKeyApi(ApiView):
    """The Ed25519 public key that checks the chain's checkpoints (hand it to auditors)."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "AuditPublicKey",
                fields={
                    "algorithm": serializers.CharField(),
                    "key_id": serializers.CharField(),
                    "public_key": serializers.CharField(),
                    "pem": serializers.CharField(),
                },
            )
        }
    )
    def get(self, request):
        return Response(
            {
                "algorithm": signing.ALGORITHM,
                "key_id": signing.key_id(),
                "public_key": signing.public_key_b64(),
                "pem": signing.public_key_pem(),
            }
        )


class TreeSizeSerializer(StrictSerializer):
    tree_size = serializers.IntegerField(required=False, min_value=0)


class ConsistencySerializer(StrictSerializer):
    first = serializers.IntegerField(min_value=0)
    second = serializers.IntegerField(min_value=0)

    def validate(self, attrs):
        if attrs["first"] > attrs["second"]:
            raise serializers.ValidationError({"first": ["Must not exceed second."]})
        return attrs


class InclusionSerializer(StrictSerializer):
    seq = serializers.IntegerField(min_value=1)
    tree_size = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        if attrs["seq"] > attrs["tree_size"]:
            raise serializers.ValidationError({"seq": ["Must not exceed tree_size."]})
        return attrs


def _query(request, serializer_class) -> dict:
    serializer = serializer_class(
        data={k: request.query_params.get(k) for k in request.query_params}
    )
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


_STH_RESPONSE = inline_serializer(
    "SignedTreeHead",
    fields={
        "tree_size": serializers.IntegerField(),
        "root_hash": serializers.CharField(),
        "timestamp": serializers.IntegerField(),
        "key_id": serializers.CharField(),
        "signature": serializers.CharField(),
    },
)


class SignedTreeHeadApi(ApiView):
    """The latest signed tree head, or the one of ``?tree_size=N`` (what witnesses fetch)."""

    gates = {"GET": (Need.SIGNED_IN, "audit.sth_denied")}

    @extend_schema(
        parameters=[OpenApiParameter("tree_size", OpenApiTypes.INT, required=False)],
        responses={200: _STH_RESPONSE},
    )
    def get(self, request):
        size = _query(request, TreeSizeSerializer).get("tree_size")
        sth = audit_sth_get(tree_size=size)
        if sth is None:
            raise NotFound
        return Response(sth_as_json(sth))


class ConsistencyProofApi(ApiView):
    """RFC 9162 PROOF that the tree of ``second`` leaves extends the tree of ``first``."""

    gates = {"GET": (Need.SIGNED_IN, "audit.proof_denied")}

    @extend_schema(
        parameters=[
            OpenApiParameter("first", OpenApiTypes.INT, required=True),
            OpenApiParameter("second", OpenApiTypes.INT, required=True),
        ],
        responses={
            200: inline_serializer(
                "ConsistencyProof",
                fields={
                    "first": serializers.IntegerField(),
                    "second": serializers.IntegerField(),
                    "proof": serializers.ListField(child=serializers.CharField()),
                },
            )
        },
    )
    def get(self, request):
        query = _query(request, ConsistencySerializer)
        first, second = query["first"], query["second"]
        proof = audit_consistency_proof(first=first, second=second)
        if proof is None:
            raise NotFound
        return Response({"first": first, "second": second, "proof": [h.hex() for h in proof]})


class InclusionProofApi(ApiView):
    """RFC 9162 PATH of event ``seq`` (leaf ``seq - 1``) in the tree of ``tree_size`` leaves:
    only for an event the caller may read (404 otherwise, as for one that does not exist)."""

    gates = {"GET": (Need.SIGNED_IN, "audit.proof_denied")}

    @extend_schema(
        parameters=[
            OpenApiParameter("seq", OpenApiTypes.INT, required=True),
            OpenApiParameter("tree_size", OpenApiTypes.INT, required=True),
        ],
        responses={
            200: inline_serializer(
                "InclusionProof",
                fields={
                    "seq": serializers.IntegerField(),
                    "tree_size": serializers.IntegerField(),
                    "leaf_index": serializers.IntegerField(),
                    "leaf_hash": serializers.CharField(),
                    "proof": serializers.ListField(child=serializers.CharField()),
                },
            )
        },
    )
    def get(self, request):
        query = _query(request, InclusionSerializer)
        event = audit_event_for_proof(request.user, query["seq"], request=request)
        found = audit_inclusion_proof(seq=event.seq, tree_size=query["tree_size"])
        if found is None:
            raise NotFound
        leaf, proof = found
        return Response(
            {
                "seq": event.seq,
                "tree_size": query["tree_size"],
                "leaf_index": event.seq - 1,
                "leaf_hash": leaf.hex(),
                "proof": [h.hex() for h in proof],
            }
        )
