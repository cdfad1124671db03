"""Access requests, grants, single-case shares, referrals and notifications.

Every public id (``public_id``) is a random UUID; the integer primary key never
leaves the database. End dates are inclusive calendar dates (UTC), checked at
query time; the ``expired`` flags are bookkeeping set by the beat task, never
the reason access stops.
See docs/sharing.md.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase


class Scope(models.TextChoices):
    """What a grant lets the grantee see; each scope includes the ones before it."""

    AGGREGATES = "aggregates", _("Aggregates (the organisation's own trend breakdown)")
    SUMMARIES = "summaries", _("Case summaries (allowed fields, no narrative)")
    NARRATIVES = "narratives", _("Case summaries with the narrative summary")


SCOPE_RANK = {Scope.AGGREGATES: 0, Scope.SUMMARIES: 1, Scope.NARRATIVES: 2}


class RequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("access request status", "Pending")
    APPROVED = "approved", pgettext_lazy("access request status", "Approved")
    DENIED = "denied", pgettext_lazy("access request status", "Denied")
    WITHDRAWN = "withdrawn", pgettext_lazy("access request status", "Withdrawn")


class AccessRequest(models.Model):
    """One organisation asks another for access. ``purpose`` is stored encrypted under the
    requesting organisation (``purpose_ct``) after the PII guard has checked it; the deny
    reason likewise under the denying organisation (``deny_reason_ct``)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    from_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scope = models.CharField(max_length=12, choices=Scope.choices)
    fields = models.JSONField(default=list, blank=True)
    filter = models.JSONField(default=dict, blank=True)
    purpose_ct = models.TextField(blank=True, default="")
    valid_until = models.DateField()
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    deny_reason_ct = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_organisation", "to_organisation", "scope"],
                condition=Q(status="pending"),
                name="access_request_one_pending",
            ),
            models.CheckConstraint(
                name="access_request_not_to_self",
                condition=~Q(from_organisation=models.F("to_organisation")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation_id}->{self.to_organisation_id} {self.scope}"


class SharingGrant(models.Model):
    """What an approved request made: live while not revoked and ``valid_until >= today``."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField(
        AccessRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="grant"
    )
    granting_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="grants_given"
    )
    grantee_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="grants_received"
    )
    scope = models.CharField(max_length=12, choices=Scope.choices)
    fields = models.JSONField(default=list, blank=True)
    filter = models.JSONField(default=dict, blank=True)
    valid_from = models.DateField()
    valid_until = models.DateField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expired = models.BooleanField(default=False)
    warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["grantee_organisation", "valid_until"], name="grant_grantee_until"
            ),
        ]

    def __str__(self) -> str:
        return f"grant {self.public_id}"


class CaseShare(models.Model):
    """One case visible to one organisation until ``valid_until`` (inclusive).

    The visibility itself is a django-guardian object permission
    (``cases.view_shared_case``) on the organisation's group; this row keeps the
    end date, the narrative flag and the revocation beside it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.CaseSummary", on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    valid_until = models.DateField()
    include_narrative = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expired = models.BooleanField(default=False)
    warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "valid_until"], name="share_org_until"),
            # what made a listed case visible (``via_share``): one seek per row
            models.Index(fields=["case", "organisation"], name="share_case_org"),
        ]

    def __str__(self) -> str:
        return f"share {self.public_id}"


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """django-guardian direct foreign key table for case permissions (indexed joins)."""

    content_object = models.ForeignKey(
        "cases.CaseSummary", on_delete=models.CASCADE, related_name="group_permissions"
    )


class ReferralReason(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical care")
    LEGAL = "legal", _("Legal aid")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    REPATRIATION = "repatriation", _("Repatriation")
    LIVELIHOOD = "livelihood", _("Livelihood")
    INVESTIGATION = "investigation", _("Investigation")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("referral status", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("referral status", "Withdrawn")
    COMPLETED = "completed", pgettext_lazy("referral status", "Completed")


class Referral(models.Model):
    """A case handed to a partner for a service: a share plus a small workflow.
    ``message`` is encrypted under the sending organisation (``message_ct``), the decline
    reason under the receiving one (``decline_reason_ct``)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    share = models.OneToOneField(CaseShare, on_delete=models.CASCADE, related_name="referral")
    from_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=16, choices=ReferralReason.choices)
    message_ct = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why the receiver declined, shown to the sender; encrypted under the receiving
    # (declining) organisation like the deny reason of an access request.
    decline_reason_ct = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"referral {self.public_id}"


class NotificationKind(models.TextChoices):
    REQUEST_RECEIVED = "request_received", _("Access request received")
    REQUEST_APPROVED = "request_approved", _("Access request approved")
    REQUEST_NARROWED = "request_narrowed", _("Access request approved with less")
    REQUEST_DENIED = "request_denied", _("Access request denied")
    REQUEST_WITHDRAWN = "request_withdrawn", _("Access request withdrawn")
    GRANT_REVOKED = "grant_revoked", _("Grant revoked")
    GRANT_EXPIRING = "grant_expiring", _("Grant about to expire")
    GRANT_EXPIRED = "grant_expired", _("Grant expired")
    SHARE_CREATED = "share_created", _("Case shared with you")
    SHARE_REVOKED = "share_revoked", _("Case share revoked")
    SHARE_EXPIRING = "share_expiring", _("Case share about to expire")
    SHARE_EXPIRED = "share_expired", _("Case share expired")
    REFERRAL_RECEIVED = "referral_received", _("Referral received")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    REFERRAL_COMPLETED = "referral_completed", _("Referral completed")
    REFERRAL_WITHDRAWN = "referral_withdrawn", _("Referral withdrawn")
    # Before issue 18 every referral change had this one kind; kept for those rows.
    REFERRAL_UPDATED = "referral_updated", _("Referral status changed")
    CASE_ASSIGNED = "case_assigned", _("Case assigned to you")
    AUDIT_TREE_HEAD = "audit_tree_head", _("New signed tree head of the audit log")
    AUDIT_WITNESS_FAILED = "audit_witness_failed", _("Audit log witness check FAILED")
    # Issue 19: a planned follow-up of a case passed its due date (coord.followups).
    FOLLOWUP_OVERDUE = "followup_overdue", _("A follow-up is overdue")


class Notification(models.Model):
    """A note for one user or for one organisation (``admins_only``: its admins only).
    It names an object by type and public id, never carries case data."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    admins_only = models.BooleanField(default=False)
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    object_type = models.CharField(max_length=24)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="notification_has_recipient",
                condition=Q(recipient_organisation__isnull=False) | Q(recipient_user__isnull=False),
            )
        ]
        indexes = [
            models.Index(fields=["recipient_organisation", "-created_at"], name="notif_org"),
            # the inbox and its unread badge: one person's notes, newest first
            models.Index(fields=["recipient_user", "-created_at"], name="notif_user"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type}:{self.object_id}"


class NotificationEmailOptIn(models.Model):
    """One kind of notification a person also wants by e-mail (issue 18). No row, no mail:
    e-mail is off by default. The mail says only that a note of this kind is waiting
    (docs/security.md, "Notification e-mail")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"
