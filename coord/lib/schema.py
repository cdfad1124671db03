"""OpenAPI schema tweaks. The schema drives the API fuzzing in CI (scripts/schemathesis.sh),
so it must describe the API exactly; imported lazily by DRF (DEFAULT_SCHEMA_CLASS)."""

from __future__ import annotations

import re
from copy import deepcopy

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as _AutoSchema
from rest_framework import serializers

from coord.pii.validation import KIND_LABELS

# The schema's ``PiiKindEnum`` (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
PII_KINDS = sorted(KIND_LABELS)


class FieldErrorSerializer(serializers.Serializer):
    """One problem with one field. A PII finding adds ``kind``, ``start`` and ``end``
    (0-based, end exclusive): where the identifier is, never what it is."""

    code = serializers.CharField(help_text="Stable machine code, e.g. `required`, `pii_detected`.")
    message = serializers.CharField(help_text="A sentence for people, in the request's language.")
    path = serializers.CharField(
        required=False,
        help_text="Where inside the field, for list items and nested input: `filter.regions.1`.",
    )
    kind = serializers.ChoiceField(choices=PII_KINDS, required=False)
    start = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="Where the identifier starts, in Unicode code points (not visible letters).",
    )
    end = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="Where it ends (exclusive), in Unicode code points.",
    )


class ErrorSerializer(serializers.Serializer):
    """Every error answer of the API (docs/api.md "Errors")."""

    code = serializers.CharField(
        help_text="Stable machine code: `invalid`, `not_found`, `grant_already_revoked`, ..."
    )
    detail = serializers.CharField(help_text="A sentence for people; never echoes the input.")
    fields = serializers.DictField(
        child=FieldErrorSerializer(many=True),
        required=False,
        help_text="Invalid input only: input field name -> its problems.",
    )


class AutoSchema(_AutoSchema):
    """Component names from the qualified class name, so the many nested
    ``SomeApi.InputSerializer`` classes no longer collide into one component."""

    def get_serializer_name(self, serializer, direction: str) -> str:
        if isinstance(serializer, ErrorSerializer | FieldErrorSerializer):
            return serializer.__class__.__name__.removesuffix("Serializer")
        return serializer.__class__.__qualname__.replace(".", "")

    def get_operation_id(self) -> str:
        """``cases_list``, ``cases_retrieve``, ``referrals_accept``: the resource path without
        the version and the parameters, then the action (a state change's own verb)."""
        parts = self.path.removeprefix("/api/v1/").strip("/").split("/")
        names = [re.sub(r"[^a-z0-9]+", "_", p.lower()) for p in parts if not p.startswith("{")]
        base = "_".join(names) or "root"
        if self.method == "POST" and names and names[-1] in VERBS:
            return base
        action = {
            "GET": "list" if self._is_list_view() else "retrieve",
            "POST": "create",
            "PUT": "replace",
            "PATCH": "update",
            "DELETE": "delete",
        }.get(self.method, self.method.lower())
        return f"{base}_{action}"

    def get_tags(self) -> list[str]:
        """One tag per domain (the first path segment, grouped), not one ``v1`` for all."""
        first = self.path.removeprefix("/api/v1/").strip("/").split("/")[0]
        return [TAGS.get(first, first)]

    def _get_paginator(self):
        """Our APIViews page every list through ``coord.lib.api.paginated_response``, so a
        ``many=True`` response is the paged envelope (count, cursors, results)."""
        from coord.lib.api import Pagination

        return super()._get_paginator() or (Pagination() if self.method == "GET" else None)

    def _get_response_bodies(self, direction: str = "response") -> dict:
        """Document the error answers every endpoint may give: each one body, the ``Error``
        component (coord.lib.api.error_body), so clients and the fuzzer know a
        400/401/403/404/409/413/429 is expected and generate one error model. A create that
        takes an ``Idempotency-Key`` also declares ``Idempotent-Replayed`` on its success."""
        responses = super()._get_response_bodies(direction)
        codes = ERROR_CODES if self.method in ("POST", "PUT", "PATCH") else READ_ERROR_CODES
        if self.method == "DELETE":  # ending a share twice is 409 `share_already_revoked`
            codes = {**codes, "409": ERROR_CODES["409"]}
        if any(
            getattr(p, "name", None) == "Idempotency-Key" for p in self.get_override_parameters()
        ):
            codes = {**codes, **IDEMPOTENT_ERROR_CODES}
            for code, success in responses.items():
                if str(code).startswith("2"):
                    headers = success.setdefault("headers", {})
                    headers["Idempotent-Replayed"] = deepcopy(REPLAYED_HEADER)
        for code, description in codes.items():
            if code == "414":
                body = {"description": description, "content": SERVER_PAGE_CONTENT}
            else:
                body = self._get_response_for_code(ErrorSerializer, code)
                body["description"] = description
            responses.setdefault(code, body)
        return responses


# Path segments that name a state change: ``POST .../accept/`` is ``referrals_accept``.
VERBS = {
    "accept",
    "approve",
    "complete",
    "decline",
    "deny",
    "logout",
    "read",
    "revoke",
    "rotate",
    "verify",
    "withdraw",
}
TAGS = {
    "access-requests": "sharing",
    "grants": "sharing",
    "referrals": "sharing",
    "notifications": "sharing",
    "me": "organisations",
    "trend-observations": "trends",
    "trends.csv": "trends",
}

# gunicorn (or the proxy in front) refuses an over-long request line with its own page.
SERVER_PAGE_CONTENT = {"text/html": {"schema": {"type": "string"}}}
READ_ERROR_CODES = {
    "400": "Invalid query parameters (code `invalid`; `fields` names each parameter)",
    "401": "Not signed in (code `not_authenticated` or `authentication_failed`)",
    "403": "Signed in, but this role may not do this (code `permission_denied`)",
    "404": "No such object, or not visible to you (code `not_found`)",
    "414": "Request line too long (refused by the web server)",
    "429": "Too many requests (code `throttled`; see Retry-After)",
    "503": "Briefly unavailable (code `unavailable` or `keys_unavailable`; see Retry-After)",
}
ERROR_CODES = {
    **READ_ERROR_CODES,
    "400": "Invalid input (code `invalid` or a domain code; `fields` names each field)",
    "409": "Conflicts with the current state (a domain code, e.g. `grant_already_revoked`)",
    "413": "Request body too large (code `payload_too_large`)",
    "415": "Unsupported media type (code `unsupported_media_type`)",
}

# Creates that take an ``Idempotency-Key`` (coord/idempotency/api.py).
IDEMPOTENT_ERROR_CODES = {
    "409": (
        "Conflicts with the current state (a domain code), or the first request with this "
        "Idempotency-Key is still running (code `idempotency_in_progress`)"
    ),
    "422": "This Idempotency-Key was used for a different request (`idempotency_key_reused`)",
}

# On the success answer of those creates: set only when the answer is a replay.
REPLAYED_HEADER = {
    "schema": {"type": "string", "enum": ["true"]},
    "description": (
        "`true` when this answer replays the first create with the same Idempotency-Key "
        "(nothing new was created); absent on the first answer."
    ),
}


class _MonthFieldExtension(OpenApiSerializerFieldExtension):
    """``YYYY-MM`` month fields (cases, sharing filters) are strings with a pattern."""

    target_class = "coord.cases.serializers.MonthField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2025-03"}


class _CodeListFieldExtension(OpenApiSerializerFieldExtension):
    """A stored list of codes: an array of its choice set's enum (a named component)."""

    target_class = "coord.cases.serializers.CodeListField"

    def map_serializer_field(self, auto_schema, direction) -> dict:
        from rest_framework import serializers

        choices = self.target.choices_class
        if choices is None:
            return {"type": "array", "items": {"type": "string"}}
        item = serializers.ChoiceField(choices=tuple(choices.choices))
        return {"type": "array", "items": auto_schema._map_serializer_field(item, direction)}


class _JobResultFieldExtension(OpenApiSerializerFieldExtension):
    """A job's ``result``: one of the per-kind result components, or ``{}`` before it ends.
    The four are exclusive (each requires what the others lack), so ``oneOf`` holds."""

    target_class = "coord.jobs.api.JobResultField"

    def map_serializer_field(self, auto_schema, direction) -> dict:
        from drf_spectacular.plumbing import ResolvedComponent

        from coord.jobs.api import (
            AuditVerifyResultSerializer,
            ImportCommitResultSerializer,
            ReencryptResultSerializer,
        )

        verify = auto_schema.resolve_serializer(AuditVerifyResultSerializer, direction)
        # verify_audit's JSON may grow new keys; a client must not fail on them.
        verify.schema["additionalProperties"] = True
        reencrypt = auto_schema.resolve_serializer(ReencryptResultSerializer, direction)
        imported = auto_schema.resolve_serializer(ImportCommitResultSerializer, direction)
        empty = ResolvedComponent(
            name="NoJobResult",
            type=ResolvedComponent.SCHEMA,
            object="NoJobResult",
            schema={
                "type": "object",
                "maxProperties": 0,
                "additionalProperties": False,
                "description": "The result of a job that has not succeeded (yet): `{}`.",
            },
        )
        auto_schema.registry.register_on_missing(empty)
        return {
            "oneOf": [verify.ref, reencrypt.ref, imported.ref, empty.ref],
            "description": "`{}` until the job succeeds; then the result of its `kind`.",
        }


class _MonthTextFieldExtension(_MonthFieldExtension):
    target_class = "sharing_policies.api.MonthTextField"


def _varname(value: object) -> str:
    """A readable constant name for an enum value no choices class names."""
    text = str(value).replace("+", "_plus")
    name = re.sub(r"\W+", "_", text).strip("_").upper() or "BLANK"
    return f"V_{name}" if name[0].isdigit() else name


def _override_varnames() -> dict[str, dict[str, str]]:
    """Component name -> {value: Python member name}, from the choices classes that
    ``ENUM_NAME_OVERRIDES`` names."""
    from django.utils.module_loading import import_string
    from drf_spectacular.settings import spectacular_settings

    names = {}
    for component, source in spectacular_settings.ENUM_NAME_OVERRIDES.items():
        if not isinstance(source, str):
            continue
        choices = import_string(source)
        if hasattr(choices, "names") and hasattr(choices, "values"):
            pairs = zip(choices.names, choices.values, strict=True)
            names[component] = {str(value): name for name, value in pairs}
    return names


def enum_varnames(result: dict, generator, **kwargs) -> dict:
    """Postprocessing hook: ``x-enum-varnames`` on every enum component, so generated
    clients say ``AgeBandEnum.A18_20`` instead of ``VALUE_2`` (issue 24)."""
    known = _override_varnames()
    for component, schema in result.get("components", {}).get("schemas", {}).items():
        values = schema.get("enum")
        if not values or None in values:
            continue
        mapping = known.get(component, {})
        schema["x-enum-varnames"] = [mapping.get(str(v)) or _varname(v) for v in values]
    return result


# One description per operation (issue 24): the views' docstrings describe a class, and a
# view without one inherited ``ApiView``'s, so these say what each method does, who may call
# it and how a repeat is answered. An operation missing here keeps its view's own docstring.
DESCRIPTIONS = {
    "access_requests_list": (
        "Organisation admins: the access requests their organisation sent (`outgoing`) or "
        "received (`incoming`), newest first; purposes and deny reasons decrypted for the "
        "reader (the other side's reads are audited)."
    ),
    "access_requests_create": (
        "Organisation admins ask another organisation for access at a scope, optionally "
        "narrowed to fields and a filter. A second pending request for the same organisation "
        "and scope is 409 `duplicate_request`. With an `Idempotency-Key`, a retry answers the "
        "request it created (201, `Idempotent-Replayed: true`) instead of a 409."
    ),
    "access_requests_retrieve": (
        "One access request, for the admins of the organisation that sent or received it "
        "(the purpose decrypted; the other side's read is audited). 404 for anyone else."
    ),
    "access_requests_approve": (
        "The receiving organisation's admin approves a pending request, optionally narrower "
        "(never wider), and gets the grant. Repeating it, or approving a denied or withdrawn "
        "request, is 409 `request_not_pending`."
    ),
    "access_requests_deny": (
        "The receiving organisation's admin denies a pending request, with an optional reason "
        "(PII-guarded, encrypted). Repeating it is 409 `request_not_pending`."
    ),
    "access_requests_withdraw": (
        "The requesting organisation's admin withdraws a pending request. Repeating it is 409 "
        "`request_not_pending`."
    ),
    "cases_retrieve": (
        "One case with the narrative its reader may see (decrypted; a partner's read is "
        "audited). A partner's answer leaves out what its grant or share hides and names it "
        "in `visible_via`. 404 for a case the caller may not see, as for one that does not exist."
    ),
    "cases_update": (
        "Change some fields of a case of the caller's organisation (`Patched` input: every "
        "field optional). Narrative passes the PII guard and is re-encrypted."
    ),
    "cases_delete": (
        "Delete a case of the caller's organisation (admins); audited. Repeating it is 404: "
        "the case no longer exists."
    ),
    "cases_shares_list": "The single-case shares of a case, for its organisation's members.",
    "cases_shares_create": (
        "Share one case with another organisation until a date, optionally with the narrative "
        "summary. The case needs consent `share`; a live share with the same organisation is "
        "409 `duplicate_share`. With an `Idempotency-Key`, a retry answers the share it "
        "created (201, `Idempotent-Replayed: true`)."
    ),
    "cases_shares_retrieve": (
        "One share of a case, for the members of the organisation that owns the case; 404 "
        "for anyone else."
    ),
    "cases_shares_delete": (
        "End a share now; the partner loses the case at once (an expired share too: the "
        "revocation is recorded). Repeating it is 409 `share_already_revoked`."
    ),
    "grants_list": (
        "Grants the caller's organisation gave (`given`) or received (`received`), each with "
        "its `status` as of today."
    ),
    "grants_revoke": (
        "The granting organisation's admin ends a grant now (an expired or scheduled grant "
        "too: the revocation is recorded). Repeating it is 409 `grant_already_revoked`."
    ),
    "me_retrieve": "The signed-in user: username, organisation and role.",
    "notifications_list": "The caller's notifications, newest first (`unread=true`: unread only).",
    "notifications_read": (
        "Mark a notification read. Repeating it answers 200 with `read_at` unchanged: it sets "
        "the caller's own flag, not the state of a shared object, so a repeat is not a conflict."
    ),
    "organisations_list": "The network's directory: every signed-in user may read it.",
    "organisations_create": "Coordinators add an organisation to the directory.",
    "organisations_retrieve": "One organisation of the directory.",
    "organisations_update": "Coordinators change an organisation's directory entry.",
    "organisations_members_list": "An organisation's members, for its admins only.",
    "organisations_members_create": "An organisation's admin adds a member (caseworker or admin).",
    "organisations_members_retrieve": "One member, for the organisation's admins.",
    "organisations_members_update": "An organisation's admin changes a member's role or status.",
    "organisations_members_delete": (
        "An organisation's admin removes a member (the account is deactivated, kept for the "
        "audit trail). Repeating it is 404: the account is no longer a member."
    ),
    "referrals_list": (
        "Referrals the caller's organisation sent (`outgoing`) or received (`incoming`); the "
        "message is decrypted for the reader (the receiver's reads are audited)."
    ),
    "referrals_create": (
        "Refer a case of the caller's organisation to another for a service: shares the case "
        "until `valid_until` and sends an optional message (PII-guarded, encrypted). With an "
        "`Idempotency-Key`, a retry answers the referral it created (201, "
        "`Idempotent-Replayed: true`)."
    ),
    "referrals_retrieve": (
        "One referral, for the members of the two organisations on it (the message decrypted; "
        "the receiver's read is audited). 404 for anyone else."
    ),
    "referrals_accept": (
        "The receiving organisation accepts a pending referral. Repeating it, or accepting a "
        "declined or withdrawn one, is 409 `referral_not_pending`."
    ),
    "referrals_decline": (
        "The receiving organisation declines a pending referral; its share ends. Repeating it, "
        "or declining an accepted, withdrawn or completed one, is 409 `referral_not_pending`."
    ),
    "referrals_complete": (
        "The receiving organisation marks an accepted referral completed. Repeating it, or "
        "completing a declined or withdrawn referral, is 409 `referral_closed`; completing a "
        "pending one is 409 `referral_not_accepted` (accept it first)."
    ),
    "referrals_withdraw": (
        "The sending organisation withdraws a pending or accepted referral; its share ends. "
        "Repeating it, or withdrawing a declined or completed referral, is 409 "
        "`referral_closed`."
    ),
    "trend_observations_list": "The caller's organisation's observations (nothing decrypted).",
    "trend_observations_create": (
        "Log an observation of a trend (categories and an optional note: PII-guarded, encrypted)."
    ),
    "trend_observations_retrieve": "One observation of the caller's organisation, with its note.",
    "trend_observations_update": (
        "Change some fields of an observation of the caller's organisation."
    ),
}

# Parameters documented by name wherever they appear (path ids, the audit filters, paging).
PARAMETERS = {
    "reference": "The case's reference (as in `reference` of a case).",
    "request_id": "Public id of the access request.",
    "grant_id": "Public id of the grant.",
    "share_id": "Public id of the share.",
    "referral_id": "Public id of the referral.",
    "notification_id": "Public id of the notification.",
    "job_id": "Id of the job (`id`, or the end of `url`/`Location`, of a job started answer).",
    "import_id": "Id of the import (`id` of the upload's answer).",
    "public_id": "Public id of the observation.",
    "slug": "The organisation's slug.",
    "username": "The member's username.",
    "page_size": "Rows per page, 1 to 200 (default 50).",
    "cursor": "Opaque position from `next_cursor` or `previous_cursor` of the previous page.",
    "action": "Only events of this action, e.g. `case.read`.",
    "actor": "Only events by this username.",
    "object_type": "Only events about this kind of object, e.g. `case`.",
    "object_id": "Only events about this object (its public id or reference).",
    "organisation": "Only events of this organisation (slug).",
    "outcome": "Only events with this outcome (`success` or `denied`).",
    "since": "Only events at or after this time (ISO 8601).",
    "until": "Only events before this time (ISO 8601).",
    "first": "Size of the older tree.",
    "second": "Size of the newer tree (at least `first`).",
    "seq": "Sequence number of the event to prove.",
    "tree_size": "Size of the tree (the signed tree head's `tree_size`).",
}


def describe(result: dict, generator, **kwargs) -> dict:
    """Postprocessing hook: the per-operation descriptions and the parameter descriptions
    above, where the view did not give its own."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            text = DESCRIPTIONS.get(operation["operationId"])
            if text:
                operation["description"] = text
            for parameter in operation.get("parameters", []):
                if not parameter.get("description") and parameter["name"] in PARAMETERS:
                    parameter["description"] = PARAMETERS[parameter["name"]]
    return result
