"""Sharing endpoints: thin views. Access decided by ``sharing_policies.access`` (``grants``,
``cases``), writes in ``services``, reads in ``selectors``. Objects are named by public
UUIDs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from coord.cases.choices import ExploitationType
from coord.cases.validation import format_month, is_first_level_region, parse_month
from coord.idempotency.api import IDEMPOTENCY_KEY_PARAMETER, idempotent
from coord.lib.api import Pagination, StrictSerializer, paginated_response
from coord.lib.views import ApiView
from coord.organisations.selectors import organisation_get
from coord.pii.fields import PiiGuardedCharField
from sharing_policies import selectors, services
from sharing_policies.access import cases as case_policy
from sharing_policies.access import grants as sharing
from sharing_policies.access.gate import Need
from sharing_policies.grants import GRANTABLE_FIELDS, state_of
from sharing_policies.models import (
    NotificationKind,
    ReferralReason,
    ReferralStatus,
    RequestStatus,
    Scope,
)

# --- enums of the output -----------------------------------------------------------------

# ``sharing_policies.grants.state_of``: the lifecycle of a grant or share as of today.
LIFECYCLE = (
    ("live", "live"),
    ("scheduled", "scheduled"),
    ("expired", "expired"),
    ("revoked", "revoked"),
)
# Case fields a grant's allowlist may name, as the schema's ``GrantableFieldEnum``.
GRANTABLE_FIELD_CHOICES = sorted(GRANTABLE_FIELDS)
REQUEST_DIRECTIONS = ("incoming", "outgoing")
GRANT_DIRECTIONS = ("given", "received")


@extend_schema_field(
    {
        "type": "string",
        "enum": [value for value, _ in LIFECYCLE],
        "deprecated": True,
        "description": "Deprecated alias of `status` (kept until API v2; docs/api.md).",
    }
)
class DeprecatedStateField(serializers.Field):
    """``state``, the old name of a grant's or share's ``status``: the same value."""

    def __init__(self, **kwargs) -> None:
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return state_of(value)


# --- fields ---------------------------------------------------------------------------


class OrganisationSlugField(serializers.SlugField):
    """An active organisation by slug; the error never repeats the given value."""

    def to_internal_value(self, data: Any):
        slug = super().to_internal_value(data)
        org = organisation_get(slug=slug)
        if org is None or not org.active:
            raise serializers.ValidationError("Unknown organisation.", code="unknown")
        return org


class MonthTextField(serializers.Field):
    """``YYYY-MM`` in and out (months in the future are allowed in a filter)."""

    def to_internal_value(self, data: Any) -> str:
        try:
            return format_month(parse_month(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def to_representation(self, value: str) -> str:
        return value


class RegionCodeField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 8)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if not is_first_level_region(value):
            raise serializers.ValidationError(
                "Use an ISO 3166-2 first-level region code, for example KH-12.", code="region"
            )
        return value.upper()


def _choice(choices, **kwargs) -> serializers.ChoiceField:
    values = [c[0] if isinstance(c, tuple) else c for c in choices]
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": f"Allowed values: {', '.join(map(str, values))}."},
        **kwargs,
    )


class FilterInputSerializer(StrictSerializer):
    exploitation_types = serializers.ListField(
        child=_choice(ExploitationType.choices), required=False, max_length=20
    )
    regions = serializers.ListField(child=RegionCodeField(), required=False, max_length=50)
    reported_from = MonthTextField(required=False)
    reported_to = MonthTextField(required=False)


def _fields_field(**kwargs) -> serializers.ListField:
    return serializers.ListField(child=_choice(sorted(GRANTABLE_FIELDS)), max_length=20, **kwargs)


def _validated(serializer_class, request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _choice_param(request, name: str, allowed) -> str | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if value not in allowed:
        raise serializers.ValidationError(
            {name: [f"Allowed values: {', '.join(sorted(allowed))}."]}
        )
    return value


# --- access requests ------------------------------------------------------------------


class AccessRequestInputSerializer(StrictSerializer):
    to_organisation = OrganisationSlugField()
    scope = _choice(Scope.choices)
    fields = _fields_field(required=False)
    filter = FilterInputSerializer(required=False)
    purpose = PiiGuardedCharField(required=False, allow_blank=True, max_length=1000)
    valid_until = serializers.DateField()


class AccessRequestOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    from_organisation = serializers.CharField(source="from_organisation.slug")
    to_organisation = serializers.CharField(source="to_organisation.slug")
    requested_by = serializers.SerializerMethodField()
    scope = serializers.ChoiceField(choices=Scope.choices)
    fields = serializers.ListField(child=serializers.ChoiceField(choices=sorted(GRANTABLE_FIELDS)))
    filter = serializers.DictField()
    purpose = serializers.SerializerMethodField()
    valid_until = serializers.DateField()
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    deny_reason = serializers.SerializerMethodField()
    grant = serializers.SerializerMethodField()

    def get_requested_by(self, obj) -> str | None:
        """The requester's username; ``null`` once that account is gone (never ``""``)."""
        return obj.requested_by.get_username() if obj.requested_by else None

    def get_purpose(self, obj) -> str | None:
        """Decrypted by the view for the whole page (audited when the reader is the other
        organisation): ``context["purposes"]`` by pk."""
        return self.context["purposes"].get(obj.pk)

    def get_deny_reason(self, obj) -> str | None:
        """Decrypted by the view under the denying organisation (audited when the reader is
        the requester): ``context["deny_reasons"]`` by pk."""
        return self.context["deny_reasons"].get(obj.pk)

    def get_grant(self, obj) -> str | None:
        grant = getattr(obj, "grant", None)
        return str(grant.public_id) if grant else None


def _requests_response(request, requests, *, status_code=status.HTTP_200_OK, many=False):
    """Access requests as answered: each purpose and deny reason decrypted once, audited
    for the other side."""
    rows = list(requests)
    purposes = services.access_request_purposes(
        reader=request.user, access_requests=rows, request=request
    )
    deny_reasons = services.access_request_deny_reasons(
        reader=request.user, access_requests=rows, request=request
    )
    data = AccessRequestOutputSerializer(
        rows if many else rows[0],
        many=many,
        context={"purposes": purposes, "deny_reasons": deny_reasons},
    ).data
    return data if many else Response(data, status=status_code)


class AccessRequestListApi(ApiView):
    """Organisation admins list the requests they sent or received, and ask partners."""

    gates = {
        "GET": (Need.ADMIN, "access_request.list_denied"),
        "POST": (Need.ADMIN, "access_request.create_denied"),
    }
    throttle_scope = "pii_write"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "direction",
                str,
                enum=list(REQUEST_DIRECTIONS),
                description="incoming: sent to the caller's organisation; outgoing: sent by it.",
            ),
            OpenApiParameter(
                "status",
                str,
                enum=RequestStatus.values,
                description="Only requests in this status.",
            ),
        ],
        responses={200: AccessRequestOutputSerializer(many=True)},
    )
    def get(self, request):
        direction = _choice_param(request, "direction", set(REQUEST_DIRECTIONS))
        state = _choice_param(request, "status", set(RequestStatus.values))
        qs = selectors.access_request_list(
            organisation_id=request.caller.organisation_id, direction=direction, status=state
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(_requests_response(request, page, many=True))

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        request=AccessRequestInputSerializer,
        responses={201: AccessRequestOutputSerializer},
    )
    def post(self, request):
        def create() -> tuple[Response, str]:
            data = _validated(AccessRequestInputSerializer, request)
            obj = services.access_request_create(actor=request.user, request=request, **data)
            response = _requests_response(request, [obj], status_code=status.HTTP_201_CREATED)
            return response, str(obj.public_id)

        return idempotent(
            request, create=create, replay=lambda public_id: _read_request(request, public_id)
        )


def _read_request(request, request_id) -> Response:
    """One access request for its two organisations' admins (404 for anyone else)."""
    obj = sharing.get_access_request_for(request.user, request_id, action="read", request=request)
    return _requests_response(request, [obj])


class AccessRequestDetailApi(ApiView):
    """One access request, for the admins of the organisation that sent or received it."""

    gates = {"GET": (Need.ADMIN, "access_request.read_denied")}

    @extend_schema(responses={200: AccessRequestOutputSerializer})
    def get(self, request, request_id):
        return _read_request(request, request_id)


class ApproveInputSerializer(StrictSerializer):
    fields = _fields_field(required=False)
    filter = FilterInputSerializer(required=False)
    valid_until = serializers.DateField(required=False)


class GrantOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    request = serializers.SerializerMethodField()
    granting_organisation = serializers.CharField(source="granting_organisation.slug")
    grantee_organisation = serializers.CharField(source="grantee_organisation.slug")
    scope = serializers.ChoiceField(choices=Scope.choices)
    fields = serializers.ListField(child=serializers.ChoiceField(choices=sorted(GRANTABLE_FIELDS)))
    filter = serializers.DictField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    status = serializers.SerializerMethodField()
    state = DeprecatedStateField()

    def get_request(self, obj) -> str | None:
        return str(obj.request.public_id) if obj.request_id else None

    @extend_schema_field(serializers.ChoiceField(choices=LIFECYCLE))
    def get_status(self, obj) -> str:
        """``live``, ``revoked``, ``expired`` or ``scheduled`` as of today
        (``sharing_policies.grants.state_of``, never the beat task's flag)."""
        return state_of(obj)


class AccessRequestApproveApi(ApiView):
    """The receiving organisation's admin approves, optionally narrower (never wider)."""

    @extend_schema(request=ApproveInputSerializer, responses={201: GrantOutputSerializer})
    def post(self, request, request_id):
        obj = sharing.get_access_request_for(
            request.user, request_id, action="approve", request=request
        )
        data = _validated(ApproveInputSerializer, request)
        grant = services.access_request_approve(
            actor=request.user, access_request=obj, request=request, **data
        )
        return Response(GrantOutputSerializer(grant).data, status=status.HTTP_201_CREATED)


class DenyInputSerializer(StrictSerializer):
    reason = PiiGuardedCharField(required=False, allow_blank=True, max_length=500)


class AccessRequestDenyApi(ApiView):
    throttle_scope = "pii_write"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(request=DenyInputSerializer, responses={200: AccessRequestOutputSerializer})
    def post(self, request, request_id):
        obj = sharing.get_access_request_for(
            request.user, request_id, action="deny", request=request
        )
        data = _validated(DenyInputSerializer, request)
        obj = services.access_request_deny(
            actor=request.user, access_request=obj, reason=data.get("reason", ""), request=request
        )
        return _requests_response(request, [obj])


class EmptyInputSerializer(StrictSerializer):
    """No body (or ``{}``); anything else is an unknown field."""


class AccessRequestWithdrawApi(ApiView):
    @extend_schema(request=EmptyInputSerializer, responses={200: AccessRequestOutputSerializer})
    def post(self, request, request_id):
        obj = sharing.get_access_request_for(
            request.user, request_id, action="withdraw", request=request
        )
        _validated(EmptyInputSerializer, request)
        obj = services.access_request_withdraw(
            actor=request.user, access_request=obj, request=request
        )
        return _requests_response(request, [obj])


# --- grants ---------------------------------------------------------------------------


class GrantListApi(ApiView):
    gates = {"GET": (Need.MEMBER, "grant.list_denied")}

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "direction",
                str,
                enum=list(GRANT_DIRECTIONS),
                description="given: by the caller's organisation; received: by it.",
            )
        ],
        responses={200: GrantOutputSerializer(many=True)},
    )
    def get(self, request):
        direction = _choice_param(request, "direction", set(GRANT_DIRECTIONS))
        qs = selectors.grant_list(
            organisation_id=request.caller.organisation_id, direction=direction
        )
        return paginated_response(request, self, qs, GrantOutputSerializer)


class GrantRevokeApi(ApiView):
    """The granting organisation's admin ends a grant at once."""

    @extend_schema(request=EmptyInputSerializer, responses={200: GrantOutputSerializer})
    def post(self, request, grant_id):
        grant = sharing.get_grant_for(request.user, grant_id, action="revoke", request=request)
        _validated(EmptyInputSerializer, request)
        grant = services.grant_revoke(actor=request.user, grant=grant, request=request)
        return Response(GrantOutputSerializer(grant).data)


# --- case shares ----------------------------------------------------------------------


class ShareInputSerializer(StrictSerializer):
    organisation = OrganisationSlugField()
    valid_until = serializers.DateField()
    include_narrative = serializers.BooleanField(required=False, default=False)


class ShareOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    case = serializers.CharField(source="case.reference")
    organisation = serializers.CharField(source="organisation.slug")
    valid_until = serializers.DateField()
    include_narrative = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    status = serializers.SerializerMethodField()
    state = DeprecatedStateField()

    @extend_schema_field(serializers.ChoiceField(choices=LIFECYCLE))
    def get_status(self, obj) -> str:
        """As a grant's: ``sharing_policies.grants.state_of`` as of today."""
        return state_of(obj)


class CaseShareListApi(ApiView):
    """The owning organisation's members share one case with a partner, and list shares."""

    @extend_schema(responses={200: ShareOutputSerializer(many=True)})
    def get(self, request, reference: str):
        case = case_policy.case_access(
            request.user, reference, action="share", request=request
        ).case
        return paginated_response(
            request, self, selectors.share_list(case=case), ShareOutputSerializer
        )

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        request=ShareInputSerializer,
        responses={201: ShareOutputSerializer},
    )
    def post(self, request, reference: str):
        case = case_policy.case_access(
            request.user, reference, action="share", request=request
        ).case

        def create() -> tuple[Response, str]:
            data = _validated(ShareInputSerializer, request)
            share = services.share_create(actor=request.user, case=case, request=request, **data)
            response = Response(ShareOutputSerializer(share).data, status=status.HTTP_201_CREATED)
            return response, str(share.public_id)

        return idempotent(
            request,
            create=create,
            replay=lambda public_id: _read_share(request, reference, public_id),
        )


def _read_share(request, reference: str, share_id) -> Response:
    """One share of a case, for the members of the organisation that owns the case."""
    case = case_policy.case_access(request.user, reference, action="share", request=request).case
    share = sharing.get_share_for(request.user, case, share_id, request=request)
    return Response(ShareOutputSerializer(share).data)


class CaseShareDetailApi(ApiView):
    """One share of a case: read it or end it (the owning organisation's members)."""

    @extend_schema(responses={200: ShareOutputSerializer})
    def get(self, request, reference: str, share_id):
        return _read_share(request, reference, share_id)

    @extend_schema(responses={204: None})
    def delete(self, request, reference: str, share_id):
        case = case_policy.case_access(
            request.user, reference, action="share", request=request
        ).case
        share = sharing.get_share_for(request.user, case, share_id, request=request)
        services.share_revoke(actor=request.user, share=share, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- referrals ------------------------------------------------------------------------


class ReferralInputSerializer(StrictSerializer):
    case = serializers.CharField(max_length=12)
    to_organisation = OrganisationSlugField()
    reason = _choice(ReferralReason.choices)
    message = PiiGuardedCharField(required=False, allow_blank=True, max_length=2000)
    valid_until = serializers.DateField()


class ReferralOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    case = serializers.CharField(source="share.case.reference")
    share = serializers.UUIDField(source="share.public_id")
    from_organisation = serializers.CharField(source="from_organisation.slug")
    to_organisation = serializers.CharField(source="to_organisation.slug")
    reason = serializers.ChoiceField(choices=ReferralReason.choices)
    message = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    valid_until = serializers.DateField(source="share.valid_until")
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.SerializerMethodField(
        help_text="Why the receiver declined (null unless declined with a reason)."
    )

    def get_message(self, obj) -> str | None:
        """Decrypted by the view for the whole page (audited when the reader is the receiving
        organisation): ``context["messages"]`` by pk."""
        return self.context["messages"].get(obj.pk)

    def get_decline_reason(self, obj) -> str | None:
        """Decrypted by the view for the page (audited when the sender reads it)."""
        return self.context["decline_reasons"].get(obj.pk) or None


def _referrals_data(request, referrals, *, many: bool):
    rows = list(referrals)
    messages = services.referral_messages(reader=request.user, referrals=rows, request=request)
    reasons = services.referral_decline_reasons(
        reader=request.user, referrals=rows, request=request
    )
    return ReferralOutputSerializer(
        rows if many else rows[0],
        many=many,
        context={"messages": messages, "decline_reasons": reasons},
    ).data


class ReferralListApi(ApiView):
    gates = {
        "GET": (Need.MEMBER, "referral.list_denied"),
        "POST": (Need.MEMBER, "referral.create_denied"),
    }
    throttle_scope = "pii_write"  # issue 9: rate limit (settings DEFAULT_THROTTLE_RATES)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "direction",
                str,
                enum=list(REQUEST_DIRECTIONS),
                description="incoming: referred to the caller's organisation; outgoing: by it.",
            )
        ],
        responses={200: ReferralOutputSerializer(many=True)},
    )
    def get(self, request):
        direction = _choice_param(request, "direction", set(REQUEST_DIRECTIONS))
        qs = selectors.referral_list(
            organisation_id=request.caller.organisation_id, direction=direction
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(_referrals_data(request, page, many=True))

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        request=ReferralInputSerializer,
        responses={201: ReferralOutputSerializer},
    )
    def post(self, request):
        def create() -> tuple[Response, str]:
            data = dict(_validated(ReferralInputSerializer, request))
            case = case_policy.case_access(
                request.user, data.pop("case"), action="share", request=request
            ).case
            referral = services.referral_create(
                actor=request.user, case=case, request=request, **data
            )
            data = _referrals_data(request, [referral], many=False)
            return Response(data, status=status.HTTP_201_CREATED), str(referral.public_id)

        return idempotent(
            request, create=create, replay=lambda public_id: _read_referral(request, public_id)
        )


def _read_referral(request, referral_id) -> Response:
    """One referral for the members of its two organisations (404 for anyone else)."""
    referral = sharing.get_referral_for(request.user, referral_id, action="read", request=request)
    return Response(_referrals_data(request, [referral], many=False))


class ReferralDetailApi(ApiView):
    """One referral, for the members of the organisation that sent or received it."""

    gates = {"GET": (Need.MEMBER, "referral.read_denied")}

    @extend_schema(responses={200: ReferralOutputSerializer})
    def get(self, request, referral_id):
        return _read_referral(request, referral_id)


class ReferralActionApi(ApiView):
    """accept / decline / complete (receiver) and withdraw (sender)."""

    action_name = ""
    input_serializer: type[StrictSerializer] = EmptyInputSerializer

    @extend_schema(request=EmptyInputSerializer, responses={200: ReferralOutputSerializer})
    def post(self, request, referral_id):
        referral = sharing.get_referral_for(
            request.user, referral_id, action=self.action_name, request=request
        )
        data = _validated(self.input_serializer, request)
        referral = services.referral_transition(
            actor=request.user,
            referral=referral,
            action=self.action_name,
            reason=data.get("reason", ""),
            request=request,
        )
        return Response(_referrals_data(request, [referral], many=False))


class ReferralDeclineInputSerializer(StrictSerializer):
    reason = PiiGuardedCharField(
        max_length=500, help_text="Why the referral is declined; shown to the sender."
    )


class ReferralDeclineApi(ReferralActionApi):
    """decline (receiver): a reason is required, as on the web; the sender sees it."""

    throttle_scope = "pii_write"  # free text, like an access request's deny reason
    input_serializer = ReferralDeclineInputSerializer

    @extend_schema(
        request=ReferralDeclineInputSerializer, responses={200: ReferralOutputSerializer}
    )
    def post(self, request, referral_id):
        return super().post(request, referral_id)


# --- notifications --------------------------------------------------------------------


class NotificationOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class NotificationListApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unread", bool, description="true: only notifications not yet marked read."
            )
        ],
        responses={200: NotificationOutputSerializer(many=True)},
    )
    def get(self, request):
        unread = request.query_params.get("unread") in {"1", "true", "yes"}
        qs = selectors.notification_list(
            base=sharing.visible_notifications(request.user), unread=unread
        )
        return paginated_response(request, self, qs, NotificationOutputSerializer)


class NotificationReadApi(ApiView):
    @extend_schema(request=EmptyInputSerializer, responses={200: NotificationOutputSerializer})
    def post(self, request, notification_id):
        obj = sharing.get_notification_for(request.user, notification_id, request=request)
        obj = services.notification_mark_read(actor=request.user, notification=obj)
        return Response(NotificationOutputSerializer(obj).data)
