"""Access requests and the grants they make: ask, approve (never wider), deny, withdraw,
revoke. Each write is atomic and appends its audit event in the same transaction; who may
call them on which object is the access policy's decision, made by the caller."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coord.audit.services import audit_append
from coord.crypto import services as crypto
from coord.organisations.models import Organisation
from coord.organisations.selectors import organisation_of
from coord.pii.validation import refuse_pii
from sharing_policies.apps import ACCESS_REQUEST_TABLE
from sharing_policies.errors import DuplicateRequest, GrantAlreadyRevoked, RequestNotPending
from sharing_policies.grants import GRANTABLE_FIELDS
from sharing_policies.grants import today as _today
from sharing_policies.models import (
    AccessRequest,
    NotificationKind,
    RequestStatus,
    Scope,
    SharingGrant,
)
from sharing_policies.services.common import (
    LIST_FILTER_KEYS,
    decrypt_for_readers,
    normalise_filter,
    notify,
    validate_valid_until,
)

DENY_REASON_MAX = 500


# What an approval may narrow, one sentence per filter (issue 26: no field names in messages).
_SUBSET_MESSAGES = {
    "exploitation_types": _(
        "An approval can only keep some of the requested exploitation types, not add others."
    ),
    "regions": _("An approval can only keep some of the requested regions, not add others."),
}


def access_request_create(
    *,
    actor,
    to_organisation: Organisation,
    scope: str,
    valid_until: date,
    purpose: str = "",
    fields: list[str] | None = None,
    filter: dict[str, Any] | None = None,
    request=None,
) -> AccessRequest:
    """Ask ``to_organisation`` for access on behalf of the actor's organisation.

    The purpose (already PII-checked by the caller's serializer) is encrypted under
    the requesting organisation; a duplicate pending request is a 409.
    """
    from_org = organisation_of(actor)
    if from_org is None:
        raise ValidationError(
            {
                "to_organisation": [
                    ValidationError(_("Only organisation members can ask."), code="not_member")
                ]
            }
        )
    if to_organisation.pk == from_org.pk:
        raise ValidationError(
            {
                "to_organisation": [
                    ValidationError(
                        _("You cannot ask your own organisation."), code="own_organisation"
                    )
                ]
            }
        )
    if not to_organisation.active:
        raise ValidationError(
            {
                "to_organisation": [
                    ValidationError(
                        _("This organisation is not active."), code="inactive_organisation"
                    )
                ]
            }
        )
    if scope not in Scope.values:
        raise ValidationError(
            {"scope": [ValidationError(_("Unknown scope."), code="unknown_scope")]}
        )
    fields = sorted(set(fields or []))
    unknown = [f for f in fields if f not in GRANTABLE_FIELDS]
    if unknown:
        raise ValidationError(
            {"fields": [ValidationError(_("Unknown field names."), code="unknown_field")]}
        )
    validate_valid_until(valid_until)
    clean_filter = normalise_filter(filter)
    if AccessRequest.objects.filter(
        from_organisation=from_org,
        to_organisation=to_organisation,
        scope=scope,
        status=RequestStatus.PENDING,
    ).exists():
        raise DuplicateRequest
    try:
        with transaction.atomic():
            obj = AccessRequest(
                public_id=uuid.uuid4(),
                from_organisation=from_org,
                to_organisation=to_organisation,
                requested_by=actor,
                scope=scope,
                fields=fields,
                filter=clean_filter,
                valid_until=valid_until,
            )
            if purpose:
                obj.purpose_ct = crypto.encrypt_text(
                    organisation=from_org,
                    table=ACCESS_REQUEST_TABLE,
                    field="purpose",
                    row_id=str(obj.public_id),
                    plaintext=purpose,
                )
            obj.save()
            audit_append(
                action="access_request.create",
                actor=actor,
                organisation=to_organisation,
                object_type="access_request",
                object_id=str(obj.public_id),
                details={"from": from_org.slug, "to": to_organisation.slug, "scope": scope},
                request=request,
            )
            notify(
                kind=NotificationKind.REQUEST_RECEIVED,
                obj=obj,
                object_type="access_request",
                organisation=to_organisation,
                admins_only=True,
            )
    except IntegrityError:
        # Two identical requests raced; the partial unique constraint kept one.
        raise DuplicateRequest from None
    return obj


def access_request_purposes(
    *, reader, access_requests: list[AccessRequest], request=None
) -> dict[int, str | None]:
    """Each request's purpose in clear, by pk (None where it cannot be read: keys
    shredded). A purpose read by the other organisation's admins is audited."""
    return decrypt_for_readers(
        reader=reader,
        rows=access_requests,
        ciphertext_attr="purpose_ct",
        owner_attr="from_organisation",
        table=ACCESS_REQUEST_TABLE,
        field="purpose",
        object_type="access_request",
        request=request,
    )


def access_request_deny_reasons(
    *, reader, access_requests: list[AccessRequest], request=None
) -> dict[int, str | None]:
    """Each request's deny reason in clear, by pk, decrypted under the denying organisation
    (None where it cannot be read). A reason read by the requester's admins is audited."""
    return decrypt_for_readers(
        reader=reader,
        rows=access_requests,
        ciphertext_attr="deny_reason_ct",
        owner_attr="to_organisation",
        table=ACCESS_REQUEST_TABLE,
        field="deny_reason",
        object_type="access_request",
        request=request,
    )


def _narrower_list(requested: list[str] | None, proposed: list[str] | None) -> bool:
    """Is ``proposed`` as narrow as ``requested``? An absent/empty list means "all"."""
    if not requested:
        return True
    return bool(proposed) and set(proposed) <= set(requested)


def check_not_wider(
    access_request: AccessRequest,
    *,
    fields: list[str] | None,
    filter_: dict[str, Any] | None,
    valid_until: date | None,
) -> None:
    """400 (with the offending fields named) if approval would widen the request."""
    errors: dict[str, list[ValidationError]] = {}
    if fields is not None and not _narrower_list(access_request.fields, fields):
        errors["fields"] = ["An approval can only remove fields from the request."]
    if filter_ is not None:
        asked = access_request.filter or {}
        for key in LIST_FILTER_KEYS:
            if not _narrower_list(asked.get(key), filter_.get(key)):
                errors.setdefault("filter", []).append(
                    ValidationError(_SUBSET_MESSAGES[key], code="not_a_subset")
                )
        if asked.get("reported_from") and (
            not filter_.get("reported_from") or filter_["reported_from"] < asked["reported_from"]
        ):
            errors.setdefault("filter", []).append(
                ValidationError(
                    _("An approval cannot start earlier than the request."), code="wider"
                )
            )
        if asked.get("reported_to") and (
            not filter_.get("reported_to") or filter_["reported_to"] > asked["reported_to"]
        ):
            errors.setdefault("filter", []).append(
                ValidationError(
                    _("An approval cannot cover later months than the request."), code="wider"
                )
            )
    if valid_until is not None and valid_until > access_request.valid_until:
        errors["valid_until"] = [
            ValidationError(_("An approval cannot end later than the request."), code="wider")
        ]
    if errors:
        raise ValidationError(errors)


def access_request_approve(
    *,
    actor,
    access_request: AccessRequest,
    fields: list[str] | None = None,
    filter: dict[str, Any] | None = None,
    valid_until: date | None = None,
    request=None,
) -> SharingGrant:
    """Approve a pending request, optionally narrower; never wider. Makes a grant."""
    clean_filter = normalise_filter(filter) if filter is not None else None
    if fields is not None:
        fields = sorted(set(fields))
        if any(f not in GRANTABLE_FIELDS for f in fields):
            raise ValidationError(
                {"fields": [ValidationError(_("Unknown field names."), code="unknown_field")]}
            )
    check_not_wider(access_request, fields=fields, filter_=clean_filter, valid_until=valid_until)
    end = valid_until or access_request.valid_until
    validate_valid_until(end)
    with transaction.atomic():
        locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if locked.status != RequestStatus.PENDING:
            raise RequestNotPending
        now = timezone.now()
        grant = SharingGrant.objects.create(
            request=locked,
            granting_organisation_id=locked.to_organisation_id,
            grantee_organisation_id=locked.from_organisation_id,
            scope=locked.scope,
            fields=fields if fields is not None else list(locked.fields),
            filter=clean_filter if clean_filter is not None else dict(locked.filter),
            valid_from=_today(),
            valid_until=end,
            approved_by=actor,
        )
        locked.status = RequestStatus.APPROVED
        locked.decided_by, locked.decided_at = actor, now
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        audit_append(
            action="grant.approve",
            actor=actor,
            organisation=access_request.to_organisation,
            object_type="grant",
            object_id=str(grant.public_id),
            details={
                "request": str(locked.public_id),
                "grantee": access_request.from_organisation.slug,
                "scope": grant.scope,
                "valid_days": (end - _today()).days,  # a date would look like a phone number
                "narrowed": fields is not None or filter is not None or valid_until is not None,
            },
            request=request,
        )
        narrowed = fields is not None or filter is not None or valid_until is not None
        kind = NotificationKind.REQUEST_NARROWED if narrowed else NotificationKind.REQUEST_APPROVED
        notify(
            kind=kind,
            obj=locked,
            object_type="access_request",
            organisation=access_request.from_organisation,
            admins_only=True,
        )
    access_request.refresh_from_db()
    return grant


def _access_request_close(
    *,
    actor,
    access_request: AccessRequest,
    status: str,
    action: str,
    notify_kind: str,
    notify_organisation,
    deny_reason: str | None = None,
    request=None,
) -> AccessRequest:
    """Move a pending request to a final state, audited, and tell the other side."""
    with transaction.atomic():
        locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if locked.status != RequestStatus.PENDING:
            raise RequestNotPending
        locked.status = status
        locked.decided_by, locked.decided_at = actor, timezone.now()
        fields = ["status", "decided_by", "decided_at"]
        if deny_reason:
            locked.deny_reason_ct = crypto.encrypt_text(
                organisation=locked.to_organisation_id,
                table=ACCESS_REQUEST_TABLE,
                field="deny_reason",
                row_id=str(locked.public_id),
                plaintext=deny_reason,
            )
            fields.append("deny_reason_ct")
        locked.save(update_fields=fields)
        audit_append(
            action=action,
            actor=actor,
            organisation=access_request.to_organisation,
            object_type="access_request",
            object_id=str(locked.public_id),
            details={"requester": access_request.from_organisation.slug},
            request=request,
        )
        notify(
            kind=notify_kind,
            obj=locked,
            object_type="access_request",
            organisation=notify_organisation,
            admins_only=True,
        )
    access_request.refresh_from_db()
    return access_request


def access_request_deny(
    *, actor, access_request: AccessRequest, reason: str = "", request=None
) -> AccessRequest:
    """Refuse a pending request. The optional reason is checked by the PII guard here too
    (every entry point, not only the ones whose form or serializer checks it) and stored
    encrypted under the denying organisation, like every other free text."""
    reason = (reason or "").strip()
    if len(reason) > DENY_REASON_MAX:
        message = gettext("At most %(n)s characters.") % {"n": DENY_REASON_MAX}
        raise ValidationError({"reason": [ValidationError(message, code="max_length")]})
    refuse_pii(reason, field="reason")
    return _access_request_close(
        actor=actor,
        access_request=access_request,
        status=RequestStatus.DENIED,
        action="grant.deny",
        notify_kind=NotificationKind.REQUEST_DENIED,
        notify_organisation=access_request.from_organisation,
        deny_reason=reason,
        request=request,
    )


def access_request_withdraw(*, actor, access_request: AccessRequest, request=None) -> AccessRequest:
    """The requester takes back a pending request."""
    return _access_request_close(
        actor=actor,
        access_request=access_request,
        status=RequestStatus.WITHDRAWN,
        action="access_request.withdraw",
        notify_kind=NotificationKind.REQUEST_WITHDRAWN,
        notify_organisation=access_request.to_organisation,
        request=request,
    )


def grant_revoke(*, actor, grant: SharingGrant, request=None) -> SharingGrant:
    """Stop a grant now: the next request of the grantee no longer sees anything by it."""
    with transaction.atomic():
        locked = SharingGrant.objects.select_for_update().get(pk=grant.pk)
        if locked.revoked_at is not None:
            raise GrantAlreadyRevoked
        locked.revoked_at, locked.revoked_by = timezone.now(), actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit_append(
            action="grant.revoke",
            actor=actor,
            organisation=grant.granting_organisation,
            object_type="grant",
            object_id=str(locked.public_id),
            details={"grantee": grant.grantee_organisation.slug},
            request=request,
        )
        notify(
            kind=NotificationKind.GRANT_REVOKED,
            obj=locked,
            object_type="grant",
            organisation=grant.grantee_organisation,
            admins_only=True,
        )
    grant.refresh_from_db()
    return grant
