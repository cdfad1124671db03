"""Follow-ups: dated entries of work on a case (a visit, a call, a service delivered, a
referral step, a note), planned, done or missed.

The note is free text: PII-guarded and stored only as ciphertext under the case owner's
organisation key, bound to the follow-up's public id (like ``CaseSummary.summary``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Who owns a case for follow-up purposes: its assigned caseworker (issue 19, ownership).
CASE_OWNER_FIELD = "owner"


class Kind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")
    SERVICE_DELIVERED = "service_delivered", _("Service delivered")
    REFERRAL_STEP = "referral_step", _("Referral step")
    NOTE = "note", _("Note")


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")


class FollowUp(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.CaseSummary", on_delete=models.CASCADE, related_name="follow_ups", db_index=False
    )
    # The case's owning organisation, copied: its key encrypts the note.
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(
        max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.PLANNED
    )
    due_date = models.DateField()
    note_ct = models.TextField(blank=True, default="")
    # Set once by the overdue sweep (coord.followups.tasks): the owner is told only once.
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["case", "-created_at", "-id"], name="followup_case_created"),
            models.Index(fields=["status", "due_date"], name="followup_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_date}"
