"""Baselines: the same work as the product, without its guarantees.

Unmanaged models (``managed = False``) of the ``bench`` app: no migration creates them, so
they never exist in the service's database. ``create_baseline_tables`` creates them with the
schema editor inside the bench database only. This module is imported by the bench command
alone, after the app registry is ready.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models
from rest_framework import generics, serializers

from coord.bench.database import peer_available
from coord.cases.choices import AgeBand, Consent, Gender, Industry, Status
from coord.cases.models import new_reference
from coord.cases.serializers import MonthField
from coord.organisations.selectors import organisation_of


class PlainCase(models.Model):
    """``CaseSummary``'s columns with the narrative in plain text: no guard, key, audit or
    category index. The plain DRF create writes here."""

    reference = models.CharField(max_length=12, unique=True, default=new_reference)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.DO_NOTHING, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reported_month = models.DateField()
    region = models.CharField(max_length=8)
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    gender = models.CharField(max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    industry = models.CharField(max_length=1, choices=Industry.choices, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    consent = models.CharField(max_length=10, choices=Consent.choices, default=Consent.NONE)
    citizenship = models.JSONField(default=list, blank=True)
    exploitation_types = models.JSONField(default=list, blank=True)
    recruitment_methods = models.JSONField(default=list, blank=True)
    control_methods = models.JSONField(default=list, blank=True)
    technologies = models.JSONField(default=list, blank=True)
    services_provided = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True, default="")
    notes = models.TextField(blank=True, default="")

    class Meta:
        app_label = "bench"
        managed = False
        db_table = "bench_plaincase"

    def __str__(self) -> str:
        return self.reference


BASELINE_MODELS: list[type[models.Model]] = [PlainCase]

FernetNarrative: type[models.Model] | None = None
if peer_available("encrypted_fields"):
    if not hasattr(settings, "SALT_KEY"):
        # django-fernet-encrypted-fields derives its key from SECRET_KEY and this salt.
        settings.SALT_KEY = "coord-bench-salt"
    from encrypted_fields.fields import EncryptedTextField

    class FernetNarrative(models.Model):  # type: ignore[no-redef]
        """One narrative in a django-fernet-encrypted-fields column (the field_crypto peer)."""

        summary = EncryptedTextField()

        class Meta:
            app_label = "bench"
            managed = False
            db_table = "bench_fernetnarrative"

        def __str__(self) -> str:
            return f"fernet narrative {self.pk}"

    BASELINE_MODELS.append(FernetNarrative)


def create_baseline_tables() -> None:
    """Create the baseline tables in the (bench) database the default alias points at."""
    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        for model in BASELINE_MODELS:
            if model._meta.db_table not in existing:
                editor.create_model(model)


class PlainCaseSerializer(serializers.ModelSerializer):
    """The plain way: a ModelSerializer, same month format as the product's API."""

    reported_month = MonthField()

    class Meta:
        model = PlainCase
        exclude = ["id", "organisation", "created_by"]
        read_only_fields = ["reference", "created_at", "updated_at"]


class PlainCaseCreateApi(generics.CreateAPIView):
    """A plain DRF create of the same fields (what a project without the guarantees does)."""

    serializer_class = PlainCaseSerializer

    def perform_create(self, serializer) -> None:
        serializer.save(
            organisation=organisation_of(self.request.user), created_by=self.request.user
        )
