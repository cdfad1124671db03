"""Notifications read, and the expiry sweep: bookkeeping and warnings only. Access never
depends on the sweep having run (``sharing_policies.grants.live_q`` decides at query time)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from coord.audit.services import audit_append
from sharing_policies.grants import ending_soon_q
from sharing_policies.grants import today as _today
from sharing_policies.models import CaseShare, Notification, NotificationKind, SharingGrant
from sharing_policies.services.common import notify
from sharing_policies.services.shares import drop_permission_if_unused


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Mark read (idempotent); not audited: it changes nothing about access."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor, notifications) -> int:
    """Mark every unread notification of ``notifications`` (what the policy lets ``actor``
    see) read at once; returns how many."""
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


def notifications_prune(*, older_than_days: int) -> int:
    """Delete notifications read more than ``older_than_days`` days ago (unread ones stay
    however old: nobody has seen them yet); returns how many."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _kinds = Notification.objects.filter(read_at__lt=cutoff).delete()
    return deleted


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
                notify(
                    kind=NotificationKind.GRANT_EXPIRED,
                    obj=grant,
                    object_type="grant",
                    organisation=org,
                    admins_only=True,
                )
            counts["grants_expired"] += 1
    stale_shares = CaseShare.objects.filter(
        expired=False, revoked_at__isnull=True, valid_until__lt=today
    ).select_related("case__organisation", "case__created_by", "organisation", "created_by")
    for share in stale_shares:
        with transaction.atomic():
            if not CaseShare.objects.filter(pk=share.pk, expired=False).update(expired=True):
                continue
            drop_permission_if_unused(share)
            audit_append(
                action="share.expired",
                organisation=share.case.organisation,
                object_type="case",
                object_id=share.case.reference,
                details={"share": str(share.public_id), "with": share.organisation.slug},
            )
            if not hasattr(share, "referral"):
                notify(
                    kind=NotificationKind.SHARE_EXPIRED,
                    obj=share,
                    object_type="share",
                    organisation=share.organisation,
                    admins_only=True,
                    users=(share.created_by, share.case.created_by),
                )
            counts["shares_expired"] += 1
    for grant in SharingGrant.objects.filter(
        ending_soon_q(SharingGrant, on=today), warned_at__isnull=True
    ).select_related("granting_organisation", "grantee_organisation"):
        with transaction.atomic():
            if not SharingGrant.objects.filter(pk=grant.pk, warned_at__isnull=True).update(
                warned_at=timezone.now()
            ):
                continue
            for org in (grant.granting_organisation, grant.grantee_organisation):
                notify(
                    kind=NotificationKind.GRANT_EXPIRING,
                    obj=grant,
                    object_type="grant",
                    organisation=org,
                    admins_only=True,
                )
            counts["grants_warned"] += 1
    for share in CaseShare.objects.filter(
        ending_soon_q(CaseShare, on=today), warned_at__isnull=True
    ).select_related("case__organisation", "case__created_by", "organisation", "created_by"):
        with transaction.atomic():
            if not CaseShare.objects.filter(pk=share.pk, warned_at__isnull=True).update(
                warned_at=timezone.now()
            ):
                continue
            notify(
                kind=NotificationKind.SHARE_EXPIRING,
                obj=share,
                object_type="share",
                organisation=share.organisation,
                admins_only=True,
                users=(share.created_by, share.case.created_by),
            )
            counts["shares_warned"] += 1
    return counts
