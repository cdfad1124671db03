"""Writes for sharing: requests, grants, shares, referrals, notifications, expiry.

Each function is atomic and appends its audit event in the same transaction. Access
checks (who may call them on which object) are made by the callers through
``sharing_policies.sharing`` / ``sharing_policies.cases``; these functions check the
state of the objects and the validity of the values.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm
from rest_framework import status
from rest_framework.exceptions import APIException

from coord.audit.services import audit_append
from coord.cases.choices import Consent
from coord.cases.models import CaseSummary
from coord.crypto import services as crypto
from coord.crypto.exceptions import CryptoError
from coord.organisations.models import Membership, Organisation
from coord.organisations.selectors import organisation_of
from sharing_policies.apps import ACCESS_REQUEST_TABLE, REFERRAL_TABLE
from sharing_policies.cases import GRANTABLE_FIELDS, VIEW_SHARED_CASE, org_group_name
from sharing_policies.models import (
    AccessRequest,
    CaseShare,
    Notification,
    NotificationKind,
    Referral,
    ReferralStatus,
    RequestStatus,
    Scope,
    SharingGrant,
)

LIST_FILTER_KEYS = ("exploitation_types", "regions")
FILTER_KEYS = (*LIST_FILTER_KEYS, "reported_from", "reported_to")


class Conflict(APIException):
    """409, the same shape as ``coord.lib.api.Conflict`` (not imported here: importing
    coord.lib.api before rest_framework.views is set up is a circular import)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflicts with the current state."
    default_code = "conflict"


class StateConflict(Conflict):
    default_detail = "This is no longer possible in the object's current state."
    default_code = "invalid_state"


class DuplicateRequest(Conflict):
    default_detail = (
        "A pending request for this organisation and scope already exists; "
        "withdraw it before asking again."
    )
    default_code = "duplicate_request"


class DuplicateShare(Conflict):
    default_detail = "This case is already shared with this organisation."
    default_code = "duplicate_share"


def _today() -> date:
    return timezone.localdate()


def validate_valid_until(value: date | None, *, field: str = "valid_until") -> date:
    """Required, after today, and at most ``COORD_MAX_GRANT_DAYS`` days away."""
    if value is None:
        raise ValidationError({field: ["This field is required."]})
    if value <= _today():
        raise ValidationError({field: ["The end date must be in the future."]})
    limit = settings.COORD_MAX_GRANT_DAYS
    if value > _today() + timedelta(days=limit):
        raise ValidationError({field: [f"The end date can be at most {limit} days away."]})
    return value


def normalise_filter(filter_: dict[str, Any] | None) -> dict[str, Any]:
    """Canonical filter JSON: only known keys, sorted de-duplicated lists, ``YYYY-MM``
    months; empty values dropped (no key means "any")."""
    clean: dict[str, Any] = {}
    for key in LIST_FILTER_KEYS:
        values = (filter_ or {}).get(key) or []
        if values:
            clean[key] = sorted({str(v).upper() if key == "regions" else str(v) for v in values})
    for key in ("reported_from", "reported_to"):
        value = (filter_ or {}).get(key)
        if value:
            clean[key] = value if isinstance(value, str) else f"{value.year:04d}-{value.month:02d}"
    start, end = clean.get("reported_from"), clean.get("reported_to")
    if start and end and start > end:
        raise ValidationError({"filter": ["reported_from must not be after reported_to."]})
    return clean


def _notify(
    *,
    kind: str,
    obj,
    object_type: str,
    organisation: Organisation | None = None,
    user=None,
    admins_only: bool = False,
) -> None:
    Notification.objects.create(
        kind=kind,
        object_type=object_type,
        object_id=str(obj.public_id),
        recipient_organisation=organisation,
        recipient_user=user,
        admins_only=admins_only,
    )


# --- access requests and grants -------------------------------------------------------


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
        raise ValidationError({"to_organisation": ["Only organisation members can ask."]})
    if to_organisation.pk == from_org.pk:
        raise ValidationError({"to_organisation": ["You cannot ask your own organisation."]})
    if not to_organisation.active:
        raise ValidationError({"to_organisation": ["This organisation is not active."]})
    if scope not in Scope.values:
        raise ValidationError({"scope": ["Unknown scope."]})
    fields = sorted(set(fields or []))
    unknown = [f for f in fields if f not in GRANTABLE_FIELDS]
    if unknown:
        raise ValidationError({"fields": ["Unknown field names."]})
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
            _notify(
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


def _decrypted_text(*, token: str, organisation_id: int, table: str, field: str, row) -> str | None:
    """A stored free text in clear: "" when none was written, None when it cannot be read
    (keys shredded or ciphertext damaged)."""
    if not token:
        return ""
    try:
        return crypto.decrypt_text(
            organisation=organisation_id,
            table=table,
            field=field,
            row_id=str(row.public_id),
            token=token,
        )
    except CryptoError:
        return None


def access_request_purpose(access_request: AccessRequest) -> str | None:
    """The decrypted purpose, or None if it cannot be read (keys shredded)."""
    return _decrypted_text(
        token=access_request.purpose_ct,
        organisation_id=access_request.from_organisation_id,
        table=ACCESS_REQUEST_TABLE,
        field="purpose",
        row=access_request,
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
    errors: dict[str, list[str]] = {}
    if fields is not None and not _narrower_list(access_request.fields, fields):
        errors["fields"] = ["An approval can only remove fields from the request."]
    if filter_ is not None:
        asked = access_request.filter or {}
        for key in LIST_FILTER_KEYS:
            if not _narrower_list(asked.get(key), filter_.get(key)):
                errors.setdefault("filter", []).append(
                    f"{key}: an approval can only keep a subset of the requested values."
                )
        if asked.get("reported_from") and (
            not filter_.get("reported_from") or filter_["reported_from"] < asked["reported_from"]
        ):
            errors.setdefault("filter", []).append("reported_from: cannot start earlier.")
        if asked.get("reported_to") and (
            not filter_.get("reported_to") or filter_["reported_to"] > asked["reported_to"]
        ):
            errors.setdefault("filter", []).append("reported_to: cannot end later.")
    if valid_until is not None and valid_until > access_request.valid_until:
        errors["valid_until"] = ["An approval cannot end later than the request."]
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
            raise ValidationError({"fields": ["Unknown field names."]})
    check_not_wider(access_request, fields=fields, filter_=clean_filter, valid_until=valid_until)
    end = valid_until or access_request.valid_until
    validate_valid_until(end)
    with transaction.atomic():
        locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if locked.status != RequestStatus.PENDING:
            raise StateConflict
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
        _notify(
            kind=NotificationKind.REQUEST_APPROVED,
            obj=locked,
            object_type="access_request",
            organisation=access_request.from_organisation,
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
            raise StateConflict
        locked.status = status
        locked.decided_by, locked.decided_at = actor, timezone.now()
        fields = ["status", "decided_by", "decided_at"]
        if deny_reason is not None:
            locked.deny_reason = deny_reason[:500]
            fields.append("deny_reason")
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
        _notify(
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
    """Refuse a pending request; the optional reason (PII-checked by the caller) is kept."""
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
            raise StateConflict
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
        _notify(
            kind=NotificationKind.GRANT_REVOKED,
            obj=locked,
            object_type="grant",
            organisation=grant.grantee_organisation,
        )
    grant.refresh_from_db()
    return grant


# --- single-case shares ---------------------------------------------------------------


def _view_shared_case_permission() -> Permission:
    """``cases.view_shared_case``, created on first use (the cases app does not declare it)."""
    content_type = ContentType.objects.get_for_model(CaseSummary)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=VIEW_SHARED_CASE,
        defaults={"name": "Can view a case shared with the organisation"},
    )
    return permission


def organisation_group(organisation: Organisation) -> Group:
    """The organisation's guardian group (``org:<slug>``), created lazily, with its current
    members in it and former members out of it."""
    group, _ = Group.objects.get_or_create(name=org_group_name(organisation.slug))
    member_ids = set(
        Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True)
    )
    current = set(group.user_set.values_list("pk", flat=True))
    if member_ids - current:
        group.user_set.add(*(member_ids - current))
    if current - member_ids:
        group.user_set.remove(*(current - member_ids))
    return group


def share_create(
    *,
    actor,
    case: CaseSummary,
    organisation: Organisation,
    valid_until: date,
    include_narrative: bool = False,
    request=None,
    audit: bool = True,
) -> CaseShare:
    """Make one case visible to one partner organisation until ``valid_until``.

    Only cases with consent ``share`` can be shared; one live share per case and
    organisation (409 otherwise).
    """
    errors: dict[str, list[str]] = {}
    if organisation.pk == case.organisation_id:
        errors["organisation"] = ["The case already belongs to this organisation."]
    elif not organisation.active:
        errors["organisation"] = ["This organisation is not active."]
    if case.consent != Consent.SHARE:
        errors["case"] = ["The person's consent does not allow sharing this case."]
    if errors:
        raise ValidationError(errors)
    validate_valid_until(valid_until)
    with transaction.atomic():
        CaseSummary.objects.select_for_update(no_key=True).filter(pk=case.pk).first()
        live = CaseShare.objects.filter(
            case=case, organisation=organisation, revoked_at__isnull=True
        )
        if live.filter(valid_until__gte=_today()).exists():
            raise DuplicateShare
        share = CaseShare.objects.create(
            case=case,
            organisation=organisation,
            created_by=actor,
            valid_until=valid_until,
            include_narrative=include_narrative,
        )
        _view_shared_case_permission()
        assign_perm(f"cases.{VIEW_SHARED_CASE}", organisation_group(organisation), case)
        if audit:
            audit_append(
                action="share.create",
                actor=actor,
                organisation=case.organisation,
                object_type="case",
                object_id=case.reference,
                details={
                    "share": str(share.public_id),
                    "with": organisation.slug,
                    "valid_days": (valid_until - _today()).days,
                    "include_narrative": include_narrative,
                },
                request=request,
            )
        _notify(
            kind=NotificationKind.SHARE_CREATED,
            obj=share,
            object_type="share",
            organisation=organisation,
        )
    return share


def _drop_permission_if_unused(share: CaseShare) -> None:
    still_live = CaseShare.objects.filter(
        case_id=share.case_id,
        organisation_id=share.organisation_id,
        revoked_at__isnull=True,
        valid_until__gte=_today(),
    ).exclude(pk=share.pk)
    if not still_live.exists():
        group = Group.objects.filter(name=org_group_name(share.organisation.slug)).first()
        if group is not None:
            remove_perm(f"cases.{VIEW_SHARED_CASE}", group, share.case)


def share_revoke(*, actor, share: CaseShare, request=None, audit: bool = True) -> CaseShare:
    """End a share now and take the object permission back."""
    with transaction.atomic():
        locked = CaseShare.objects.select_for_update().get(pk=share.pk)
        if locked.revoked_at is not None:
            raise StateConflict
        locked.revoked_at, locked.revoked_by = timezone.now(), actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        _drop_permission_if_unused(share)
        if audit:
            audit_append(
                action="share.revoke",
                actor=actor,
                organisation=share.case.organisation,
                object_type="case",
                object_id=share.case.reference,
                details={"share": str(share.public_id), "with": share.organisation.slug},
                request=request,
            )
        _notify(
            kind=NotificationKind.SHARE_REVOKED,
            obj=locked,
            object_type="share",
            organisation=share.organisation,
        )
    share.refresh_from_db()
    return share


# --- referrals ------------------------------------------------------------------------

REFERRAL_TRANSITIONS = {
    # action: (allowed from states, new state)
    "accept": ({ReferralStatus.PENDING}, ReferralStatus.ACCEPTED),
    "decline": ({ReferralStatus.PENDING}, ReferralStatus.DECLINED),
    "withdraw": ({ReferralStatus.PENDING, ReferralStatus.ACCEPTED}, ReferralStatus.WITHDRAWN),
    "complete": ({ReferralStatus.ACCEPTED}, ReferralStatus.COMPLETED),
}


def referral_create(
    *,
    actor,
    case: CaseSummary,
    to_organisation: Organisation,
    reason: str,
    valid_until: date,
    message: str = "",
    request=None,
) -> Referral:
    """Refer a case to a partner: a share (no narrative) plus a pending referral; the
    message (PII-checked by the caller) is encrypted under the sending organisation."""
    with transaction.atomic():
        share = share_create(
            actor=actor,
            case=case,
            organisation=to_organisation,
            valid_until=valid_until,
            request=request,
            audit=False,
        )
        referral = Referral(
            public_id=uuid.uuid4(),
            share=share,
            from_organisation_id=case.organisation_id,
            to_organisation=to_organisation,
            created_by=actor,
            reason=reason,
        )
        if message:
            referral.message_ct = crypto.encrypt_text(
                organisation=case.organisation_id,
                table=REFERRAL_TABLE,
                field="message",
                row_id=str(referral.public_id),
                plaintext=message,
            )
        referral.save()
        audit_append(
            action="referral.create",
            actor=actor,
            organisation=case.organisation,
            object_type="case",
            object_id=case.reference,
            details={
                "referral": str(referral.public_id),
                "share": str(share.public_id),
                "to": to_organisation.slug,
                "reason": reason,
            },
            request=request,
        )
        _notify(
            kind=NotificationKind.REFERRAL_RECEIVED,
            obj=referral,
            object_type="referral",
            organisation=to_organisation,
        )
    return referral


def referral_message(referral: Referral) -> str | None:
    """The decrypted referral message, or None if it cannot be read (keys shredded)."""
    return _decrypted_text(
        token=referral.message_ct,
        organisation_id=referral.from_organisation_id,
        table=REFERRAL_TABLE,
        field="message",
        row=referral,
    )


def referral_transition(*, actor, referral: Referral, action: str, request=None) -> Referral:
    """Move a referral along its workflow; declining or withdrawing also ends its share."""
    sources, target = REFERRAL_TRANSITIONS[action]
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status not in sources:
            raise StateConflict
        locked.status = target
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        share = referral.share
        if target in {ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN} and (
            share.revoked_at is None
        ):
            share_revoke(actor=actor, share=share, request=request, audit=False)
        audit_append(
            action=f"referral.{action}",
            actor=actor,
            organisation=referral.from_organisation,
            object_type="case",
            object_id=share.case.reference,
            details={"referral": str(locked.public_id), "status": target},
            request=request,
        )
        other = referral.from_organisation if action != "withdraw" else referral.to_organisation
        _notify(
            kind=NotificationKind.REFERRAL_UPDATED,
            obj=locked,
            object_type="referral",
            organisation=other,
        )
    referral.refresh_from_db()
    return referral


# --- notifications and expiry ---------------------------------------------------------


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Mark read (idempotent); not audited: it changes nothing about access."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def sharing_expire(*, today: date | None = None) -> dict[str, int]:
    """Mark grants and shares past their end date as expired (auditing ``grant.expired``
    / ``share.expired`` once each) and warn both sides once, ``COORD_GRANT_WARN_DAYS``
    before the end. Access never depends on this having run."""
    today = today or _today()
    counts = {"grants_expired": 0, "shares_expired": 0, "grants_warned": 0, "shares_warned": 0}
    stale_grants = SharingGrant.objects.filter(
        expired=False, revoked_at__isnull=True, valid_until__lt=today
    ).select_related("granting_organisation", "grantee_organisation")
    for grant in stale_grants:
        with transaction.atomic():
            if not SharingGrant.objects.filter(pk=grant.pk, expired=False).update(expired=True):
                continue
            audit_append(
                action="grant.expired",
                organisation=grant.granting_organisation,
                object_type="grant",
                object_id=str(grant.public_id),
                details={
                    "grantee": grant.grantee_organisation.slug,
                    "days_past_end": (today - grant.valid_until).days,
                },
            )
            for org in (grant.granting_organisation, grant.grantee_organisation):
                _notify(
                    kind=NotificationKind.GRANT_EXPIRED,
                    obj=grant,
                    object_type="grant",
                    organisation=org,
                    admins_only=True,
                )
            counts["grants_expired"] += 1
    stale_shares = CaseShare.objects.filter(
        expired=False, revoked_at__isnull=True, valid_until__lt=today
    ).select_related("case__organisation", "organisation")
    for share in stale_shares:
        with transaction.atomic():
            if not CaseShare.objects.filter(pk=share.pk, expired=False).update(expired=True):
                continue
            _drop_permission_if_unused(share)
            audit_append(
                action="share.expired",
                organisation=share.case.organisation,
                object_type="case",
                object_id=share.case.reference,
                details={"share": str(share.public_id), "with": share.organisation.slug},
            )
            counts["shares_expired"] += 1
    horizon = today + timedelta(days=settings.COORD_GRANT_WARN_DAYS)
    soon = {"revoked_at__isnull": True, "valid_until__gte": today, "valid_until__lte": horizon}
    for grant in SharingGrant.objects.filter(warned_at__isnull=True, **soon).select_related(
        "granting_organisation", "grantee_organisation"
    ):
        with transaction.atomic():
            if not SharingGrant.objects.filter(pk=grant.pk, warned_at__isnull=True).update(
                warned_at=timezone.now()
            ):
                continue
            for org in (grant.granting_organisation, grant.grantee_organisation):
                _notify(
                    kind=NotificationKind.GRANT_EXPIRING,
                    obj=grant,
                    object_type="grant",
                    organisation=org,
                    admins_only=True,
                )
            counts["grants_warned"] += 1
    for share in CaseShare.objects.filter(warned_at__isnull=True, **soon).select_related(
        "case__organisation", "organisation"
    ):
        with transaction.atomic():
            if not CaseShare.objects.filter(pk=share.pk, warned_at__isnull=True).update(
                warned_at=timezone.now()
            ):
                continue
            for org in (share.case.organisation, share.organisation):
                _notify(
                    kind=NotificationKind.SHARE_EXPIRING,
                    obj=share,
                    object_type="share",
                    organisation=org,
                )
            counts["shares_warned"] += 1
    return counts
