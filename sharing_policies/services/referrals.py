"""Referrals: a case sent to a partner (a share without narrative plus a pending referral)
and its workflow (accept, decline, complete, withdraw)."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from coord.audit.services import audit_append
from coord.cases.models import CaseSummary
from coord.crypto import services as crypto
from coord.organisations.models import Organisation
from coord.pii.validation import refuse_pii
from sharing_policies.apps import REFERRAL_TABLE
from sharing_policies.errors import ReferralClosed, ReferralNotAccepted, ReferralNotPending
from sharing_policies.grants import live_q
from sharing_policies.models import CaseShare, NotificationKind, Referral, ReferralStatus
from sharing_policies.services.common import decrypt_for_readers, notify
from sharing_policies.services.shares import share_create, share_revoke

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
    convert_share: bool = False,
    request=None,
) -> Referral:
    """Refer a case to a partner: a share (no narrative) plus a pending referral; the
    message (PII-checked by the caller) is encrypted under the sending organisation.

    ``convert_share``: when the case is already shared with that partner (a plain share,
    not a referral), that share ends and the referral replaces it in the same transaction
    (one step instead of "stop sharing, then refer"); without it such a case is a 409.
    """
    with transaction.atomic():
        replaced = None
        if convert_share:
            # Only the share row: "no referral yet" is an outer join, which PostgreSQL
            # refuses to lock on its nullable side.
            replaced = (
                CaseShare.objects.select_for_update(of=("self",))
                .filter(live_q(CaseShare), case=case, organisation=to_organisation)
                .filter(referral__isnull=True)
                .first()
            )
            if replaced is not None:
                share_revoke(actor=actor, share=replaced, request=request, audit=False)
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
                **({"replaces_share": str(replaced.public_id)} if replaced else {}),
            },
            request=request,
        )
        # Incoming referrals are worked by the receiving organisation's caseworkers and
        # admins alike (they accept, decline and complete them), so all of them are told.
        notify(
            kind=NotificationKind.REFERRAL_RECEIVED,
            obj=referral,
            object_type="referral",
            organisation=to_organisation,
        )
    return referral


def referral_messages(*, reader, referrals: list[Referral], request=None) -> dict[int, str | None]:
    """Each referral's message in clear, by pk (None where it cannot be read: keys
    shredded). A message read by the receiving organisation is audited."""
    return decrypt_for_readers(
        reader=reader,
        rows=referrals,
        ciphertext_attr="message_ct",
        owner_attr="from_organisation",
        table=REFERRAL_TABLE,
        field="message",
        object_type="referral",
        request=request,
    )


CLOSED = {ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN, ReferralStatus.COMPLETED}


def _transition_refusal(action: str, status: str) -> Exception:
    """Why ``action`` is not possible in the referral's current ``status``, the same way for
    every repeat: accept/decline of a referral no longer pending is ``referral_not_pending``;
    complete/withdraw of a closed one (declined, withdrawn, completed; a repeat included)
    ``referral_closed``; complete of a pending one ``referral_not_accepted`` (not yet)."""
    if action in {"accept", "decline"}:
        return ReferralNotPending()
    if status in CLOSED:
        return ReferralClosed()
    return ReferralNotAccepted()


REFERRAL_NOTES = {
    "accept": NotificationKind.REFERRAL_ACCEPTED,
    "decline": NotificationKind.REFERRAL_DECLINED,
    "complete": NotificationKind.REFERRAL_COMPLETED,
}


DECLINE_REASON_MAX = 500


def referral_decline_reasons(
    *, reader, referrals: list[Referral], request=None
) -> dict[int, str | None]:
    """Each referral's decline reason in clear, by pk ("" when none). A reason read by the
    sending organisation is audited (``referral.decrypt``)."""
    return decrypt_for_readers(
        reader=reader,
        rows=referrals,
        ciphertext_attr="decline_reason_ct",
        owner_attr="to_organisation",
        table=REFERRAL_TABLE,
        field="decline_reason",
        object_type="referral",
        request=request,
    )


def referral_transition(
    *, actor, referral: Referral, action: str, reason: str = "", request=None
) -> Referral:
    """Move a referral along its workflow; declining or withdrawing also ends its share.
    A decline may carry a ``reason`` for the sender: PII-guarded, at most 500 characters,
    encrypted under the declining organisation."""
    sources, target = REFERRAL_TRANSITIONS[action]
    reason = (reason or "").strip() if action == "decline" else ""
    if len(reason) > DECLINE_REASON_MAX:
        message = gettext("At most %(n)s characters.") % {"n": DECLINE_REASON_MAX}
        raise ValidationError({"reason": [ValidationError(message, code="max_length")]})
    refuse_pii(reason, field="reason")
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status not in sources:
            raise _transition_refusal(action, locked.status)
        locked.status = target
        locked.decided_by, locked.decided_at = actor, timezone.now()
        fields = ["status", "decided_by", "decided_at"]
        if reason:
            locked.decline_reason_ct = crypto.encrypt_text(
                organisation=locked.to_organisation_id,
                table=REFERRAL_TABLE,
                field="decline_reason",
                row_id=str(locked.public_id),
                plaintext=reason,
            )
            fields.append("decline_reason_ct")
        locked.save(update_fields=fields)
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
        if action == "withdraw":
            # The receiving organisation was working on it: all its members are told.
            notify(
                kind=NotificationKind.REFERRAL_WITHDRAWN,
                obj=locked,
                object_type="referral",
                organisation=referral.to_organisation,
                skip=actor,
            )
        else:
            # The sender and the sending organisation's admins.
            notify(
                kind=REFERRAL_NOTES[action],
                obj=locked,
                object_type="referral",
                organisation=referral.from_organisation,
                admins_only=True,
                user=referral.created_by,
                skip=actor,
            )
    referral.refresh_from_db()
    return referral
