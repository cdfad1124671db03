"""Baselines: the same work as the product, without its guarantees.

Unmanaged models (``managed = False``) of the ``bench`` app: no migration creates them, so
they never exist in the service's database. ``create_baseline_tables`` creates them with the
schema editor inside the bench database only. This module is imported by the bench command
alone, after the app registry is ready.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from rest_framework import generics, pagination, serializers

from coord.bench.database import peer_available
from coord.cases.choices import AgeBand, Consent, Gender, Industry, Status
from coord.cases.models import new_reference
from coord.cases.serializers import MonthField
from coord.organisations.selectors import organisation_of


class _CaseColumns(models.Model):
    """``CaseSummary``'s columns but the narrative: what every baseline case stores."""

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

    class Meta:
        abstract = True
        app_label = "bench"

    def __str__(self) -> str:
        return self.reference


class PlainCase(_CaseColumns):
    """The narrative in plain text: no guard, key, audit or category index. The plain DRF
    create writes here."""

    summary = models.TextField(blank=True, default="")
    notes = models.TextField(blank=True, default="")

    class Meta:
        app_label = "bench"
        managed = False
        db_table = "bench_plaincase"


BASELINE_MODELS: list[type[models.Model]] = [PlainCase]

FernetNarrative: type[models.Model] | None = None
PeerCase: type[models.Model] | None = None
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

    class PeerCase(_CaseColumns):  # type: ignore[no-redef]
        """The peer stack's case (issue 22): what a Django team builds for the same job from
        maintained libraries: narrative in django-fernet-encrypted-fields columns, every
        write logged by django-auditlog (narrative excluded from the diff), the
        organisation's group given the object permission by django-guardian."""

        # The library stores an empty text as NULL.
        summary = EncryptedTextField(blank=True, null=True, default="")
        notes = EncryptedTextField(blank=True, null=True, default="")

        class Meta:
            app_label = "bench"
            managed = False
            db_table = "bench_peercase"

    BASELINE_MODELS += [FernetNarrative, PeerCase]


def create_baseline_tables() -> None:
    """Create the baseline tables in the (bench) database the default alias points at."""
    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        for model in BASELINE_MODELS:
            if model._meta.db_table not in existing:
                editor.create_model(model)
    if PeerCase is not None:  # no models module: migrate made no permission for it
        content_type = ContentType.objects.get_for_model(PeerCase)
        Permission.objects.get_or_create(
            content_type=content_type,
            codename="view_peercase",
            defaults={"name": "Can view peer case"},
        )


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


class PeerCaseSerializer(serializers.ModelSerializer):
    """The peer stack's serializer: a ModelSerializer over the encrypted columns."""

    reported_month = MonthField()

    class Meta:
        model = PeerCase
        exclude = ["id", "organisation", "created_by"]
        read_only_fields = ["reference", "created_at", "updated_at"]


_GROUPS: dict[int, Group] = {}


def organisation_group(organisation) -> Group:
    """The guardian group of an organisation's members (looked up once per run)."""
    if organisation.pk not in _GROUPS:
        _GROUPS[organisation.pk] = Group.objects.get_or_create(name=f"bench-org-{organisation.pk}")[
            0
        ]
    return _GROUPS[organisation.pk]


class PeerCaseCreateApi(generics.CreateAPIView):
    """The peer stack's create: one transaction, auditlog's actor set, guardian's object
    permission given to the organisation's group."""

    serializer_class = PeerCaseSerializer

    def perform_create(self, serializer) -> None:
        from auditlog.context import set_actor
        from guardian.shortcuts import assign_perm

        organisation = organisation_of(self.request.user)
        with transaction.atomic(), set_actor(self.request.user):
            case = serializer.save(organisation=organisation, created_by=self.request.user)
            assign_perm("bench.view_peercase", organisation_group(organisation), case)


class PeerPage(pagination.PageNumberPagination):
    page_size = 50


class PeerSharedCaseListApi(generics.ListAPIView):
    """The peer stack's partner list: django-guardian's ``get_objects_for_user`` over the
    object permissions its organisation's group holds, newest first, a page of 50 with
    its count, the product's list serializer (so only the access check differs)."""

    pagination_class = PeerPage

    def get_serializer_class(self):
        from coord.cases.serializers import CaseListOutputSerializer

        return CaseListOutputSerializer

    def get_queryset(self):
        from guardian.shortcuts import get_objects_for_user

        from coord.cases.models import CaseSummary

        return (
            get_objects_for_user(
                self.request.user,
                "cases.view_casesummary",
                klass=CaseSummary,
                accept_global_perms=False,
            )
            .select_related("organisation")
            .order_by("-reported_month", "-id")
        )
