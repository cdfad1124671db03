"""Follow-up and timeline endpoints: thin views; access decided once by
``sharing_policies.access.followups`` (and handed down), writes in services, reads in
selectors."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from coord.followups import selectors, services
from coord.followups.models import FollowUp, FollowUpStatus
from coord.followups.serializers import (
    FollowUpInputSerializer,
    FollowUpOutputSerializer,
    TimelineOutputSerializer,
)
from coord.lib.api import Pagination
from coord.lib.errors import Invalid
from coord.lib.views import ApiView, gate_all
from sharing_policies.access import followups as policy
from sharing_policies.access.gate import Need


def _rows(request, allowed: policy.FollowUpAccess, followups: list[FollowUp]) -> list[dict]:
    notes = services.followup_notes(
        reader=request.user, case=allowed.case, followups=followups, request=request
    )
    today = timezone.localdate()
    out = []
    for row in followups:
        note, state = notes[row.pk]
        out.append(
            {
                "public_id": row.public_id,
                "kind": row.kind,
                "status": row.status,
                "due_date": row.due_date,
                "note": note,
                "note_state": state,
                "overdue": row.status == FollowUpStatus.PLANNED and row.due_date < today,
                "created_by": row.created_by.get_username()
                if allowed.access.is_owner and row.created_by
                else None,
                "created_at": row.created_at,
                "updated_at": row.updated_at,
            }
        )
    return out


class FollowUpListApi(ApiView):
    """The follow-ups of one case, or a new one."""

    gates = gate_all(Need.MEMBER, "followup.list_denied")
    throttle_scope = "pii_write"

    @extend_schema(
        operation_id="cases_follow_ups_list",
        summary="List a case's follow-ups",
        description=(
            "The follow-ups of a case, latest due date first, with their notes decrypted. "
            "The owning organisation sees all; a partner only while it may read the case's "
            "narrative (a narratives grant or a share including it), and never the `note` "
            "kind; a partner's read is audited. 404 for anyone else."
        ),
        responses={200: FollowUpOutputSerializer(many=True)},
    )
    def get(self, request, reference: str):
        allowed = policy.case_followups(request.user, reference, request=request)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.followup_list(case=allowed.case, kinds=allowed.kinds), request, view=self
        )
        rows = _rows(request, allowed, list(page))
        return paginator.get_paginated_response(FollowUpOutputSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="cases_follow_ups_create",
        summary="Add a follow-up",
        description=(
            "Adds a dated follow-up (visit, call, service delivered, referral step, note) to "
            "a case of the caller's organisation. The note passes the PII guard (400 "
            "`pii_detected` naming kind and position, never the value) and is stored "
            "encrypted under the case owner's key."
        ),
        request=FollowUpInputSerializer,
        responses={201: FollowUpOutputSerializer},
    )
    def post(self, request, reference: str):
        allowed = policy.case_followups(request.user, reference, write=True, request=request)
        data = FollowUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        followup = services.followup_create(
            actor=request.user, case=allowed.case, data=data.validated_data, request=request
        )
        row = _rows(request, allowed, [followup])[0]
        return Response(FollowUpOutputSerializer(row).data, status=status.HTTP_201_CREATED)


class FollowUpDetailApi(ApiView):
    """Change one follow-up (its status, date, kind or note)."""

    gates = gate_all(Need.MEMBER, "followup.update_denied")
    throttle_scope = "pii_write"

    @extend_schema(
        operation_id="cases_follow_ups_update",
        summary="Change a follow-up",
        description=(
            "Changes the given fields of one follow-up of a case of the caller's "
            'organisation, e.g. `{"status": "done"}`. The follow-up is named by its '
            "public id; the note passes the PII guard again."
        ),
        request=FollowUpInputSerializer(partial=True),
        responses={200: FollowUpOutputSerializer},
        parameters=[
            OpenApiParameter(
                "follow_up_id", str, OpenApiParameter.PATH, description="The follow-up's id."
            )
        ],
    )
    def patch(self, request, reference: str, follow_up_id: str):
        allowed = policy.case_followups(request.user, reference, write=True, request=request)
        followup = policy.followup_for(allowed, follow_up_id)
        data = FollowUpInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        followup = services.followup_update(
            actor=request.user, followup=followup, data=data.validated_data, request=request
        )
        return Response(FollowUpOutputSerializer(_rows(request, allowed, [followup])[0]).data)


class CaseTimelineApi(ApiView):
    """One chronological view of a case's history."""

    gates = gate_all(Need.MEMBER, "case.timeline_denied")

    @extend_schema(
        operation_id="cases_timeline_retrieve",
        summary="A case's timeline",
        description=(
            "What happened to a case, newest first: its creation, field changes (names, "
            "never values), follow-ups, shares, referrals and reads from outside (owner "
            "only). A partner sees the creation, its own organisation's interactions and the "
            "follow-ups its grant shows. Keyset pages: pass `next` back as `cursor`."
        ),
        parameters=[
            OpenApiParameter("cursor", str, description="The `next` of the previous page."),
            OpenApiParameter(
                "limit",
                int,
                description=f"Entries per page, 1 to {selectors.TIMELINE_MAX} "
                f"(default {selectors.TIMELINE_LIMIT}).",
            ),
        ],
        responses={200: TimelineOutputSerializer},
    )
    def get(self, request, reference: str):
        limit = _limit(request.query_params.get("limit"))
        cursor = selectors.Cursor.decode(request.query_params.get("cursor"))
        view = policy.case_timeline_view(request.user, reference, request=request)
        entries, following = selectors.case_timeline(
            case=view.case,
            viewer=view.viewer,
            fields=view.fields,
            kinds=view.kinds,
            cursor=cursor,
            limit=limit,
        )
        # Entries are already plain values in the documented shape (TimelineOutputSerializer);
        # running 200 of them through a nested serializer tripled the answer's time.
        return Response({"results": entries, "next": following.encode() if following else None})


def _limit(text: str | None) -> int:
    if not text:
        return selectors.TIMELINE_LIMIT
    if not text.isdigit() or not 1 <= int(text) <= selectors.TIMELINE_MAX:
        raise Invalid({"limit": [f"A whole number from 1 to {selectors.TIMELINE_MAX}."]})
    return int(text)
