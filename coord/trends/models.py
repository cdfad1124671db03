"""Trend observations: a caseworker's de-identified signal about a pattern, not a person.

Categories reuse the case vocabularies (``coord.cases.choices``) so observations and cases
can be counted side by side. Multi-valued categories are kept twice, like cases: a JSON
list on the observation (what the API reads and writes) and one ``ObservationCategory`` row
per value, the index the aggregate query groups by. The note is ciphertext only.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coord.cases.choices import Industry

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PUBLIC_ID_PREFIX = "T-"


def new_public_id() -> str:
    """``T-`` + 10 Crockford base32 characters: opaque, non-sequential."""
    return PUBLIC_ID_PREFIX + "".join(secrets.choice(CROCKFORD) for _ in range(10))


class CountBand(models.TextChoices):
    B1_4 = "1-4", "1-4"
    B5_9 = "5-9", "5-9"
    B10_19 = "10-19", "10-19"
    B20_49 = "20-49", "20-49"
    B50_PLUS = "50+", "50+"


class Indicator(models.TextChoices):
    NEW_RECRUITMENT_CHANNEL = "new_recruitment_channel", _("New recruitment channel")
    NEW_ROUTE = "new_route", _("New route")
    NEW_CONTROL_METHOD = "new_control_method", _("New control method")
    NEW_PAYMENT_METHOD = "new_payment_method", _("New payment method")
    SURGE = "surge", _("Surge")
    OTHER = "other", _("Other")


class ObservationDimension(models.TextChoices):
    EXPLOITATION_TYPE = "exploitation_type", _("Exploitation type")
    RECRUITMENT_METHOD = "recruitment_method", _("Recruitment method")
    TECHNOLOGY = "technology", _("Technology")


class TrendObservation(models.Model):
    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="trend_observations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # First day of the observed month; the API speaks ``YYYY-MM``.
    period = models.DateField()
    region = models.CharField(max_length=8, help_text="ISO 3166-2 first-level code")
    exploitation_types = models.JSONField(default=list, blank=True)
    recruitment_methods = models.JSONField(default=list, blank=True)
    technologies = models.JSONField(default=list, blank=True)
    industry = models.CharField(max_length=1, choices=Industry.choices, blank=True)
    estimated_count = models.CharField(max_length=5, choices=CountBand.choices)
    indicator = models.CharField(max_length=32, choices=Indicator.choices)

    # Ciphertext only (coord.crypto token); "" means no note.
    note_ct = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-period", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-period", "-id"], name="obs_org_period"),
            models.Index(fields=["period", "region"], name="obs_period_region"),
        ]
        constraints = [
            models.CheckConstraint(name="obs_period_first_day", condition=models.Q(period__day=1)),
        ]

    def __str__(self) -> str:
        return self.public_id


class ObservationCategory(models.Model):
    """One value of one multi-valued category of one observation: the counting index.

    Period and region are copied from the observation so trends can group without a join.
    Only ``coord.trends.services`` writes here.
    """

    observation = models.ForeignKey(
        TrendObservation, on_delete=models.CASCADE, related_name="categories"
    )
    dimension = models.CharField(max_length=24, choices=ObservationDimension.choices)
    value = models.CharField(max_length=32)
    period = models.DateField()
    region = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "dimension", "value"], name="obs_category_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["dimension", "period", "region", "value"], name="obs_cat_trends"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value}"


class TrendRelease(models.Model):
    """One noisy table as it was published, kept so that asking the same question again
    costs no privacy budget and reveals nothing new (the same numbers come back) until it
    expires. ``key`` is a digest of the normalised query and of who may ask it (the network,
    or one grantee's bounded view of a partner)."""

    key = models.CharField(max_length=64, db_index=True)
    table = models.JSONField()
    epsilon = models.FloatField()
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "expires_at"], name="release_key_live")]

    def __str__(self) -> str:
        return f"release {self.key[:12]}"


class PrivacyBudget(models.Model):
    """Epsilon one person has spent on fresh trend releases in one calendar month."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()  # the first day of the month
    spent = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="budget_user_period")
        ]

    def __str__(self) -> str:
        return f"budget {self.user_id} {self.period:%Y-%m}"
