"""Sign-in, the current user, the organisation directory and member management."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, JsonResponse
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from coord.audit.models import Outcome
from coord.audit.services import audit_append
from coord.lib.api import StrictSerializer, paginated_response
from coord.lib.views import ApiView
from coord.organisations import selectors, services
from coord.organisations.models import Organisation, Role
from coord.pii.fields import PiiGuardedCharField
from sharing_policies.access import organisations as policy

# The schema's ``OrganisationKindEnum`` (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
ORGANISATION_KINDS = Organisation.Kind

User = get_user_model()


def lockout_response(request, original_response=None, credentials=None):
    """django-axes lockout: a 429 with Retry-After, JSON on the API; audited."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = (credentials or {}).get("username") or ""
    known = User.objects.filter(username=username).first() if username else None
    audit_append(
        action="auth.locked_out",
        actor_username=known.username if known else "",
        outcome=Outcome.DENIED,
        request=request,
    )
    message = f"Too many failed sign-ins. Try again in {minutes} minutes."
    retry = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    else:
        from django.shortcuts import render  # the web's page, in the reader's language

        response = render(request, "web/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = retry
    return response


class TokenLoginApi(ApiView):
    """Exchange a username and password for an expiring API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    def get_authenticate_header(self, request) -> str:
        return "Token"  # so a failed sign-in is a 401, not a 403

    class InputSerializer(StrictSerializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)
        otp = serializers.CharField(max_length=16, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        expiry = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        django_request = request._request
        credentials = {k: data.validated_data[k] for k in ("username", "password")}
        user = authenticate(django_request, **credentials)
        if getattr(django_request, "axes_locked_out", False):
            return lockout_response(django_request, credentials=credentials)
        if user is not None and selectors.requires_second_factor(user):
            self._check_second_factor(django_request, user, data.validated_data.get("otp", ""))
        if user is None:
            known = User.objects.filter(username=data.validated_data["username"]).first()
            audit_append(
                action="auth.login_failed",
                outcome=Outcome.DENIED,
                request=request,
                actor_username=known.username if known else "",
                details={"channel": "api"},
            )
            raise AuthenticationFailed("Wrong username or password.")
        refusal = selectors.sign_in_refusal(user)
        if refusal is not None:
            audit_append(
                action="auth.login_failed",
                outcome=Outcome.DENIED,
                request=request,
                actor_username=user.username,
                details={"channel": "api", "reason": refusal},
            )
            raise AuthenticationFailed(
                "This one-time code no longer works. Ask your admin for a new one.",
                code=refusal,
            )
        services.password_sign_in_recorded(user=user)
        instance, token = AuthToken.objects.create(user)
        audit_append(action="auth.login", actor=user, request=request, details={"channel": "api"})
        return Response(self.OutputSerializer({"token": token, "expiry": instance.expiry}).data)

    def _check_second_factor(self, django_request, user, otp: str) -> None:
        """A missing or wrong code fails the sign-in; a wrong one counts towards the lockout."""
        if not selectors.has_second_factor(user):
            audit_append(
                action="auth.login_failed",
                outcome=Outcome.DENIED,
                request=django_request,
                actor_username=user.username,
                details={"channel": "api", "reason": "2fa_not_enrolled"},
            )
            raise PermissionDenied("Set up a second factor on the web sign-in page first.")
        if not otp:
            raise AuthenticationFailed("A second-factor code is required.", code="otp_required")
        if not services.second_factor_verify(user=user, token=otp):
            user_login_failed.send(
                sender=__name__, request=django_request, credentials={"username": user.username}
            )
            audit_append(
                action="auth.login_failed",
                outcome=Outcome.DENIED,
                request=django_request,
                actor_username=user.username,
                details={"channel": "api", "reason": "bad_otp"},
            )
            raise AuthenticationFailed("Wrong second-factor code.", code="otp_invalid")


class TokenLogoutApi(ApiView):
    """Revoke the token used for this request (``?all=true``: every token of the user)."""

    allowed_before_password_change = True

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if request.query_params.get("all") == "true":
            services.revoke_tokens(user=request.user)
        elif isinstance(request.auth, AuthToken):
            request.auth.delete()
        audit_append(
            action="auth.logout",
            actor=request.user,
            request=request,
            details={"all": request.query_params.get("all") == "true"},
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        username = serializers.CharField()
        organisation = serializers.CharField(allow_null=True)
        role = serializers.ChoiceField(choices=Role.choices, allow_null=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request):
        org = selectors.organisation_of(request.user)
        role = selectors.role_of(request.user)
        return Response(
            self.OutputSerializer(
                {
                    "username": request.user.get_username(),
                    "organisation": org.slug if org else None,
                    "role": role.value if role else None,
                }
            ).data
        )


class PasswordChangeApi(ApiView):
    """Change your own password: the current one is required; every other token and
    browser session of the account stops working, this token keeps working. The one
    endpoint open to an account that must choose a new password."""

    allowed_before_password_change = True
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    class InputSerializer(StrictSerializer):
        current_password = serializers.CharField(max_length=128, trim_whitespace=False)
        new_password = serializers.CharField(max_length=128, trim_whitespace=False)

    @extend_schema(request=InputSerializer, responses={204: None})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_change(
            user=request.user,
            keep_token=request.auth if isinstance(request.auth, AuthToken) else None,
            request=request,
            **data.validated_data,
        )
        if not isinstance(request.auth, AuthToken):
            from django.contrib.auth import update_session_auth_hash

            update_session_auth_hash(request._request, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OrganisationOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "country", "kind", "active"]


class OrganisationListApi(ApiView):
    """The directory of the network: any signed-in user reads it; coordinators curate it."""

    class InputSerializer(StrictSerializer):
        slug = serializers.SlugField(max_length=50)
        name = PiiGuardedCharField(max_length=200)
        country = serializers.CharField(max_length=2)
        kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
        active = serializers.BooleanField(default=True)

    @extend_schema(responses={200: OrganisationOutputSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request, self, selectors.organisation_list(), OrganisationOutputSerializer
        )

    @extend_schema(request=InputSerializer, responses={201: OrganisationOutputSerializer})
    def post(self, request):
        if not policy.can_manage_directory(request.user):
            raise PermissionDenied("Only network coordinators manage the directory.")
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        org = services.organisation_create(actor=request.user, **data.validated_data)
        return Response(OrganisationOutputSerializer(org).data, status=status.HTTP_201_CREATED)


class OrganisationDetailApi(ApiView):
    class InputSerializer(StrictSerializer):
        name = PiiGuardedCharField(max_length=200, required=False)
        country = serializers.CharField(max_length=2, required=False)
        kind = serializers.ChoiceField(choices=Organisation.Kind.choices, required=False)
        active = serializers.BooleanField(required=False)

    def _get(self, slug: str) -> Organisation:
        org = selectors.organisation_get(slug=slug)
        if org is None:
            raise Http404
        return org

    @extend_schema(responses={200: OrganisationOutputSerializer})
    def get(self, request, slug: str):
        return Response(OrganisationOutputSerializer(self._get(slug)).data)

    @extend_schema(request=InputSerializer, responses={200: OrganisationOutputSerializer})
    def patch(self, request, slug: str):
        if not policy.can_manage_directory(request.user):
            raise PermissionDenied("Only network coordinators manage the directory.")
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        org = services.organisation_update(
            actor=request.user, organisation=self._get(slug), **data.validated_data
        )
        return Response(OrganisationOutputSerializer(org).data)


class MemberOutputSerializer(serializers.Serializer):
    username = serializers.CharField(source="user.username")
    role = serializers.CharField()
    active = serializers.BooleanField(source="user.is_active")
    joined = serializers.DateTimeField(source="created_at")


class MemberListApi(ApiView):
    """An organisation's members, for that organisation's admins only."""

    class InputSerializer(StrictSerializer):
        username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)
        role = serializers.ChoiceField(choices=[Role.CASEWORKER, Role.ADMIN])

    @extend_schema(responses={200: MemberOutputSerializer(many=True)})
    def get(self, request, slug: str):
        org = policy.organisation_for_member_admin(request.user, slug, request=request)
        return paginated_response(
            request, self, selectors.member_list(organisation=org), MemberOutputSerializer
        )

    @extend_schema(request=InputSerializer, responses={201: MemberOutputSerializer})
    def post(self, request, slug: str):
        org = policy.organisation_for_member_admin(request.user, slug, request=request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.member_create(
            actor=request.user, organisation=org, set_by_admin=True, **data.validated_data
        )
        return Response(MemberOutputSerializer(membership).data, status=status.HTTP_201_CREATED)


class MemberDetailApi(ApiView):
    class InputSerializer(StrictSerializer):
        role = serializers.ChoiceField(choices=[Role.CASEWORKER, Role.ADMIN], required=False)
        active = serializers.BooleanField(required=False)

    def _get(self, request, slug: str, username: str):
        org = policy.organisation_for_member_admin(request.user, slug, request=request)
        membership = selectors.member_get(organisation=org, username=username)
        if membership is None:
            raise Http404
        return membership

    @extend_schema(responses={200: MemberOutputSerializer})
    def get(self, request, slug: str, username: str):
        return Response(MemberOutputSerializer(self._get(request, slug, username)).data)

    @extend_schema(request=InputSerializer, responses={200: MemberOutputSerializer})
    def patch(self, request, slug: str, username: str):
        membership = self._get(request, slug, username)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data:
            policy.ensure_not_own_membership(request.user, membership, request=request)
        membership = services.member_update(
            actor=request.user,
            membership=membership,
            role=data.validated_data.get("role"),
            is_active=data.validated_data.get("active"),
        )
        return Response(MemberOutputSerializer(membership).data)

    @extend_schema(responses={204: None})
    def delete(self, request, slug: str, username: str):
        membership = self._get(request, slug, username)
        policy.ensure_not_own_membership(request.user, membership, request=request)
        services.member_remove(actor=request.user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberResetApi(ApiView):
    """Issue a one-time sign-in code for a member (returned once, never again): it signs
    in once within 24 hours, then the member must choose a new password. The member's old
    password, sessions and tokens stop working at once. Admins for the other members of
    their organisation, coordinators for organisation admins."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    class OutputSerializer(serializers.Serializer):
        username = serializers.CharField()
        code = serializers.CharField(help_text="Shown once; give it to the member in person.")
        expires = serializers.DateTimeField()
        sign_in_url = serializers.CharField()

    @extend_schema(request=None, responses={200: OutputSerializer})
    def post(self, request, slug: str, username: str):
        membership = policy.member_for_account_reset(request.user, slug, username, request=request)
        code, expires = services.member_password_reset(
            actor=request.user, membership=membership, request=request
        )
        return Response(
            self.OutputSerializer(
                {
                    "username": membership.user.username,
                    "code": code,
                    "expires": expires,
                    "sign_in_url": request.build_absolute_uri("/login/"),
                }
            ).data
        )


class MemberSecondFactorResetApi(ApiView):
    """Remove a member's second factor (a lost phone): they enrol again at next sign-in.
    The same people as the password reset may do it."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, slug: str, username: str):
        membership = policy.member_for_account_reset(request.user, slug, username, request=request)
        services.member_second_factor_reset(
            actor=request.user, membership=membership, request=request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
