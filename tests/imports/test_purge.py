"""Uploaded files are deleted when their import is not committed in time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from coord.audit.models import AuditEvent
from coord.imports.models import Import, ImportFile, ImportStatus
from coord.imports.services import import_check, imports_purge_expired
from tests.imports.helpers import HEADERS, csv_bytes, good_row

pytestmark = pytest.mark.django_db


def _upload(org, user) -> Import:
    return import_check(actor=user, organisation=org, content=csv_bytes([HEADERS, good_row()]))


def test_a_file_not_committed_within_its_keep_time_is_deleted(owner_org, owner_caseworker):
    upload = _upload(owner_org, owner_caseworker)
    assert imports_purge_expired(now=timezone.now() + timedelta(hours=25)) == 1
    assert not ImportFile.objects.filter(upload=upload).exists()
    assert Import.objects.get(pk=upload.pk).status == ImportStatus.EXPIRED
    assert AuditEvent.objects.filter(action="import.expire", object_id=str(upload.pk)).exists()


def test_a_file_within_its_keep_time_is_kept(owner_org, owner_caseworker):
    upload = _upload(owner_org, owner_caseworker)
    assert imports_purge_expired(now=timezone.now() + timedelta(hours=23)) == 0
    assert ImportFile.objects.filter(upload=upload).exists()


def test_an_expired_import_cannot_be_committed(api, owner_org, owner_caseworker):
    upload = _upload(owner_org, owner_caseworker)
    imports_purge_expired(now=timezone.now() + timedelta(hours=25))
    response = api.as_user(owner_caseworker).post(f"/api/v1/imports/{upload.pk}/commit/")
    assert response.status_code == 409
