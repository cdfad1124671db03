"""Organisation data keys, stored wrapped by the master key."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class KeyState(models.TextChoices):
    ACTIVE = "active"
    RETIRED = "retired"
    SHREDDED = "shredded"


class OrganisationKey(models.Model):
    """One version of an organisation's data key.

    New ciphertexts use the one ``active`` version; ``retired`` versions still
    decrypt until re-encryption has moved everything off them; ``shredded`` rows
    keep only their bookkeeping (the wrapped bytes are gone), so the values made
    with them are unreadable everywhere, backups of the data included.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="keys"
    )
    version = models.PositiveIntegerField()
    wrapped_key = models.BinaryField(null=True, blank=True, editable=False)
    master_key_id = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=16, choices=KeyState.choices, default=KeyState.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    shredded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="orgkey_unique_version"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(state="active"),
                name="orgkey_one_active_per_org",
            ),
            models.CheckConstraint(
                name="orgkey_shredded_has_no_key",
                condition=Q(state="shredded", wrapped_key__isnull=True)
                | (~Q(state="shredded") & Q(wrapped_key__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} v{self.version} ({self.state})"
