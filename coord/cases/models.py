"""De-identified case summaries.

Coarse categories sit in plain columns so they can be counted in SQL; free text
(``summary``, ``notes``) is stored only as ciphertext made by ``coord.crypto``.
Multi-valued categories are kept twice, on purpose (see docs/data-model.md):
as a JSON list on the case, which is what the API reads and writes, and as one
``CaseCategory`` row per value, an index table kept in sync by the services so
that counting or filtering by one value is an indexed query.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from coord.cases.choices import (
    AgeBand,
    ClosureReason,
    Consent,
    Dimension,
    Gender,
    Industry,
    Status,
)

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "C-"
REFERENCE_LENGTH = 10


def new_reference() -> str:
    """``C-`` + 10 Crockford base32 characters (50 random bits): opaque and non-sequential."""
    return REFERENCE_PREFIX + "".join(secrets.choice(CROCKFORD) for _ in range(REFERENCE_LENGTH))


class CaseSummary(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The caseworker who works the case (issue 19): the creator unless an admin reassigns it.
    # Seen only inside the owning organisation, never by partners (docs/data-model.md).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # First day of the month the case was reported; the API speaks ``YYYY-MM``.
    reported_month = models.DateField()
    region = models.CharField(max_length=8, help_text="ISO 3166-2 first-level code")
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    gender = models.CharField(max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    industry = models.CharField(max_length=1, choices=Industry.choices, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    # Set when the case is closed, cleared when it is reopened. A database default too, so
    # rows inserted without it (bulk loads) read as "no reason".
    closure_reason = models.CharField(
        max_length=24, choices=ClosureReason.choices, blank=True, default="", db_default=""
    )
    consent = models.CharField(max_length=10, choices=Consent.choices, default=Consent.NONE)

    # Multi-valued categories: sorted, de-duplicated lists of codes (mirrored in CaseCategory).
    citizenship = models.JSONField(default=list, blank=True)
    exploitation_types = models.JSONField(default=list, blank=True)
    recruitment_methods = models.JSONField(default=list, blank=True)
    control_methods = models.JSONField(default=list, blank=True)
    technologies = models.JSONField(default=list, blank=True)
    services_provided = models.JSONField(default=list, blank=True)

    # Ciphertext only (coord.crypto token); "" means no text was written.
    summary_ct = models.TextField(blank=True, default="")
    notes_ct = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-reported_month", "-id"]
        verbose_name = "case summary"
        verbose_name_plural = "case summaries"
        indexes = [
            models.Index(fields=["organisation", "-reported_month", "-id"], name="case_org_month"),
            # The list sorted by last activity (?ordering=-updated_at, the default): an index
            # range per organisation, read either way, instead of a top-N sort of its cases.
            models.Index(
                fields=["organisation", "-updated_at", "-reference"], name="case_org_activity"
            ),
            # "My cases" and caseloads: one owner's cases, by status
            models.Index(fields=["owner", "status"], name="case_owner_status"),
            models.Index(fields=["consent", "reported_month", "region"], name="case_consent_month"),
            # Each grant's part of a partner's list (sharing_policies.access.cases) reads only this
            # index on PostgreSQL (index-only scan); other databases skip covering indexes.
            models.Index(
                fields=["organisation", "consent", "-reported_month", "-id"],
                include=["region"],
                name="case_org_consent_month",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="case_reported_month_first_day", condition=models.Q(reported_month__day=1)
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseCategory(models.Model):
    """One value of one multi-valued category of one case: the counting index.

    Month, region, consent and organisation are copied from the case so that
    trends can ``GROUP BY reported_month, region, value`` for one dimension
    without joining the case table. Only ``coord.cases.services`` writes here.
    """

    # No separate index on case_id: the unique (case, dimension, value) index leads with it.
    case = models.ForeignKey(
        CaseSummary, on_delete=models.CASCADE, related_name="categories", db_index=False
    )
    # Indexed by cat_org_value below (it leads with organisation).
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    dimension = models.CharField(max_length=24, choices=Dimension.choices)
    value = models.CharField(max_length=32)
    reported_month = models.DateField()
    region = models.CharField(max_length=8)
    consent = models.CharField(max_length=10, choices=Consent.choices)

    class Meta:
        verbose_name_plural = "case categories"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "dimension", "value"], name="case_category_unique"
            ),
        ]
        indexes = [
            # "cases with value X" (list filters, counts of one value over a month range)
            models.Index(fields=["dimension", "value", "reported_month"], name="cat_value_month"),
            # list filters inside an organisation (the filter joins on organisation too)
            models.Index(
                fields=["organisation", "dimension", "value", "case"], name="cat_org_value"
            ),
            # network trends: covering index for GROUP BY month, region, value of one dimension
            models.Index(
                fields=["dimension", "consent", "reported_month", "region", "value"],
                name="cat_trends",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value}"
