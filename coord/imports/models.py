"""Spreadsheet imports: the upload, its dry-run report, and what a commit made of it.

The uploaded file lives only in ``ImportFile``, encrypted under the organisation's key,
until the import is committed or 24 hours pass. Reports hold row numbers, column names
and messages, never a cell's value. The import key column is kept only as a keyed hash.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    CHECKED = "checked"  # dry run done; waiting for the user to commit
    COMMITTING = "committing"
    COMMITTED = "committed"
    FAILED = "failed"
    EXPIRED = "expired"  # never committed; the file was deleted after 24 h


class Import(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=ImportStatus.choices)
    file_type = models.CharField(max_length=8)  # "csv" or "xlsx"
    # Header text -> case field name ("" = ignored); the import key column by its header.
    mapping = models.JSONField(default=dict)
    key_column = models.CharField(max_length=200, blank=True)
    rows = models.PositiveIntegerField(default=0)
    passed = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict)  # row numbers, columns, codes, messages: no values
    committed_rows = models.PositiveIntegerField(default=0)  # resume point of the commit
    created = models.PositiveIntegerField(default=0)
    job = models.ForeignKey("jobs.Job", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_at"], name="import_expiry_idx")]

    def __str__(self) -> str:
        return f"import {self.pk} {self.status}"


class ImportFile(models.Model):
    """The uploaded bytes, sealed under the organisation's key (``coord.crypto``)."""

    upload = models.OneToOneField(Import, on_delete=models.CASCADE, related_name="file")
    token = models.TextField()

    def __str__(self) -> str:
        return f"file of import {self.upload_id}"


class ImportedCase(models.Model):
    """A case an import made, by the keyed hash of the user's own key for it, so importing
    the same row again finds it instead of making a second case."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    key_digest = models.CharField(max_length=80)
    case = models.ForeignKey("cases.CaseSummary", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key_digest"], name="imported_case_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"imported case {self.case_id}"


class ColumnMapping(models.Model):
    """An organisation's remembered answer to "which case field is this column?"."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    header = models.CharField(max_length=200)  # normalised (trimmed, case-folded)
    field = models.CharField(max_length=40)  # a case field name, or "" for "ignore"
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "header"], name="column_mapping_unique_header"
            )
        ]

    def __str__(self) -> str:
        return f"column mapping {self.pk}"
