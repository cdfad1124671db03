"""Every stored free text goes through the PII guard or a strict format (issue 15).

This walks every text column (CharField, TextField, JSONField) of every installed app and
fails on any column that is neither

- encrypted (declared in the crypto registry, so key rotation and shredding reach it),
- a choice (the database holds one of a fixed list),
- guarded: written only through a check that runs the PII guard (the check is called
  here with a phone number and must refuse it),
- a strict format made by code or checked by a validator (reviewed below, one reason
  each), nor
- on the short allow-list of reviewed exceptions (one reason each).

A new model with a text column therefore fails here until someone decides which it is.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from coord.crypto.registry import encrypted_fields
from coord.organisations.models import Organisation
from coord.organisations.usernames import clean_new_username
from coord.pii.validation import validate_no_pii

PHONE = "call 0812345678"


def _organisation_name(value: str) -> None:
    Organisation(slug="x", name=value, country="KH", kind="ngo").clean_fields()


GUARDED: dict[str, Callable[[str], object]] = {
    "organisations.Organisation.name": _organisation_name,
    "auth.User.username": clean_new_username,
}

STRICT: dict[str, str] = {
    # project apps: made by code or held to a pattern
    "organisations.Organisation.slug": "SlugField, set by the coordinator ([-a-z0-9])",
    "organisations.Organisation.country": "ISO 3166-1 alpha-2, validate_country",
    "audit.AuditEvent.actor_username": "copy of a guarded username",
    "audit.AuditEvent.actor_organisation": "copy of an organisation slug",
    "audit.AuditEvent.organisation": "copy of an organisation slug",
    "audit.AuditEvent.action": "dotted action names from code (case.read)",
    "audit.AuditEvent.object_type": "type names from code",
    "audit.AuditEvent.object_id": "public ids, slugs or user pks made by code",
    "audit.AuditEvent.request_id": "RequestIdMiddleware: [A-Za-z0-9._-]{8,64}, not an identifier",
    "audit.AuditEvent.details": "keys and values from code; tests scan every event for PII",
    "audit.AuditEvent.prev_hash": "hex SHA-256",
    "audit.AuditEvent.hash": "hex SHA-256",
    "audit.AuditOutbox.actor_username": "copy of a guarded username (the event before its seq)",
    "audit.AuditOutbox.actor_organisation": "copy of an organisation slug",
    "audit.AuditOutbox.organisation": "copy of an organisation slug",
    "audit.AuditOutbox.action": "dotted action names from code",
    "audit.AuditOutbox.object_type": "type names from code",
    "audit.AuditOutbox.object_id": "public ids, slugs or user pks made by code",
    "audit.AuditOutbox.request_id": "RequestIdMiddleware: [A-Za-z0-9._-]{8,64}, not an identifier",
    "audit.AuditOutbox.details": "keys and values from code; tests scan every event for PII",
    "audit.AuditEventObject.object_type": "type names from code (index of list reads)",
    "audit.AuditEventObject.object_id": "case references made by code (index of list reads)",
    "audit.ChainHead.hash": "hex SHA-256",
    "audit.AuditCheckpoint.hash": "hex SHA-256",
    "audit.AuditCheckpoint.key_id": "key fingerprint",
    "audit.AuditCheckpoint.signature": "base64 signature",
    "audit.SignedTreeHead.root_hash": "hex SHA-256",
    "audit.SignedTreeHead.key_id": "key fingerprint",
    "audit.SignedTreeHead.signature": "base64 signature",
    "crypto.OrganisationKey.master_key_id": "provider key id from settings",
    "jobs.Job.kind": "job kind names from code",
    "jobs.Job.result": "counts from code",
    "jobs.Job.error": "exception class names and fixed messages from code",
    "organisations.AccountSession.session_key": "Django's random session key",
    "organisations.AccountSession.client": "describe_client: browser and system names from lists",
    "idempotency.IdempotencyKey.key_hash": "hex HMAC of the client's key",
    "idempotency.IdempotencyKey.fingerprint": "hex HMAC of method, path and body",
    "idempotency.IdempotencyKey.object_id": "public ids and case references made by code",
    "imports.Import.file_type": "csv or xlsx, from code",
    "imports.Import.mapping": "guarded headings (resolve_columns) to field names",
    "imports.Import.key_column": "a heading resolve_columns checked with the PII guard",
    "imports.Import.report": "rows, guarded headings, field names, coded messages; no cell",
    "imports.ImportFile.token": (
        "the upload encrypted under the organisation's key (encrypt_bytes), kept at most 24 h; "
        "not in the registry, so a key rotation within those hours does not re-encrypt it"
    ),
    "imports.ImportedCase.key_digest": "keyed HMAC of the import key, never the key",
    "imports.ColumnMapping.header": "a heading resolve_columns accepted (PII guard)",
    "imports.ColumnMapping.field": "a case field name from code",
    "cases.CaseSummary.reference": "random opaque reference",
    "cases.CaseSummary.region": "ISO 3166-2 code, validate_region",
    "cases.CaseSummary.citizenship": "list of ISO 3166-1 codes",
    "cases.CaseSummary.exploitation_types": "list of enum values",
    "cases.CaseSummary.recruitment_methods": "list of enum values",
    "cases.CaseSummary.control_methods": "list of enum values",
    "cases.CaseSummary.technologies": "list of enum values",
    "cases.CaseSummary.services_provided": "list of enum values",
    "cases.CaseCategory.value": "enum value or country code copied from the case",
    "cases.CaseCategory.region": "ISO 3166-2 code copied from the case",
    "trends.TrendObservation.public_id": "random opaque id",
    "trends.TrendObservation.region": "ISO 3166-2 code",
    "trends.TrendObservation.exploitation_types": "list of enum values",
    "trends.TrendObservation.recruitment_methods": "list of enum values",
    "trends.TrendObservation.technologies": "list of enum values",
    "trends.ObservationCategory.value": "enum value copied from the observation",
    "trends.ObservationCategory.region": "ISO 3166-2 code copied from the observation",
    "trends.TrendRelease.key": "hash of the query",
    "trends.TrendRelease.table": "published counts (suppressed cells), enum keys",
    "sharing_policies.AccessRequest.fields": "list of GRANTABLE_FIELDS names",
    "sharing_policies.AccessRequest.filter": "normalise_filter: enum values and region codes",
    "sharing_policies.SharingGrant.fields": "list of GRANTABLE_FIELDS names",
    "sharing_policies.SharingGrant.filter": "normalise_filter: enum values and region codes",
    "sharing_policies.Notification.object_type": "type names from code",
    "sharing_policies.Notification.object_id": "public ids made by code",
    # framework and libraries: formats made by code
    "auth.User.password": "password hash",
    "auth.Permission.name": "made by Django from model names",
    "auth.Permission.codename": "made by Django from model names",
    "auth.Group.name": "guardian groups named by organisation slug in code",
    "contenttypes.ContentType.app_label": "app labels",
    "contenttypes.ContentType.model": "model names",
    "sessions.Session.session_key": "random key",
    "sessions.Session.session_data": "signed session; holds ids, never form input",
    "knox.AuthToken.digest": "token hash",
    "knox.AuthToken.token_key": "token prefix",
    "guardian.UserObjectPermission.object_pk": "primary keys",
    "guardian.GroupObjectPermission.object_pk": "primary keys",
    "otp_totp.TOTPDevice.name": "fixed device names from code",
    "otp_totp.TOTPDevice.key": "random TOTP secret (hex)",
    "otp_static.StaticDevice.name": "fixed device name from code",
    "otp_static.StaticToken.token": "random recovery code",
    "axes.AccessLog.session_hash": "hash of the session key",
    "axes.AccessLog.username": "successful sign-ins only: a guarded username",
    "axes.AccessAttempt.username": "existing username, else a keyed hash (lockout.axes_username)",
}

ALLOWED: dict[str, str] = {
    "auth.User.first_name": "staff's own name (profile: letters only), never a victim's",
    "auth.User.last_name": "staff's own name (profile: letters only), never a victim's",
    "auth.User.email": "a staff member's own work address (profile page, EmailField)",
    "admin.LogEntry.object_id": "Django admin's pks of changed objects",
    "admin.LogEntry.object_repr": "__str__ of admin-changed objects: slugs and usernames",
    "admin.LogEntry.change_message": "Django admin's field names that changed",
    "axes.AccessAttempt.get_data": "query string of the sign-in URL (no form fields there)",
    "axes.AccessAttempt.post_data": "form fields with username and password masked by axes",
    "axes.AccessAttempt.user_agent": "browser header, kept for the lockout window",
    "axes.AccessAttempt.http_accept": "browser header, kept for the lockout window",
    "axes.AccessAttempt.path_info": "URL path of the sign-in page",
    "axes.AccessLog.user_agent": "browser header",
    "axes.AccessLog.http_accept": "browser header",
    "axes.AccessLog.path_info": "URL path of the sign-in page",
    "axes.AccessFailureLog.username": "off by default; the same keyed hash as AccessAttempt",
    "axes.AccessFailureLog.user_agent": "off by default",
    "axes.AccessFailureLog.http_accept": "off by default",
    "axes.AccessFailureLog.path_info": "off by default",
}


def text_columns() -> list[tuple[str, models.Field]]:
    """Columns of the product's models (throw-away models that tests define are skipped)."""
    return [
        (f"{model._meta.label}.{field.name}", field)
        for model in apps.get_models(include_auto_created=True)
        if not model.__module__.startswith("tests.")
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def encrypted_columns() -> set[str]:
    return {f"{e.model._meta.label}.{e.field}" for e in encrypted_fields()}


def test_it_classifies_every_stored_text_column():
    encrypted = encrypted_columns()
    unclassified = [
        label
        for label, field in text_columns()
        if label not in encrypted
        and not field.choices
        and label not in GUARDED
        and label not in STRICT
        and label not in ALLOWED
    ]
    assert unclassified == []


def test_it_lists_no_column_that_no_longer_exists():
    labels = {label for label, _field in text_columns()}
    stale = [label for label in [*GUARDED, *STRICT, *ALLOWED] if label not in labels]
    assert stale == []


def test_it_finds_the_encrypted_free_texts_in_the_registry():
    assert {
        "cases.CaseSummary.summary_ct",
        "cases.CaseSummary.notes_ct",
        "trends.TrendObservation.note_ct",
        "sharing_policies.AccessRequest.purpose_ct",
        "sharing_policies.AccessRequest.deny_reason_ct",
        "sharing_policies.Referral.message_ct",
    } <= encrypted_columns()


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(GUARDED))
def test_it_refuses_a_phone_number_in_every_guarded_column(label):
    with pytest.raises(ValidationError):
        GUARDED[label](PHONE)


def test_it_keeps_the_allow_list_short():
    assert len(ALLOWED) <= 20


def test_it_guards_the_organisation_name_with_the_pii_validator():
    field = Organisation._meta.get_field("name")
    assert validate_no_pii in field.validators
