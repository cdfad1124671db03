"""Import pages: upload -> dry-run report (a refused row named by row and column, never its
value) -> commit -> the cases; the same policy and services as the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coord.cases.models import CaseSummary
from coord.imports.models import Import
from tests.imports.helpers import HEADERS, csv_bytes, good_row

pytestmark = pytest.mark.django_db
PHONE = "Call +855 12 345 678"


def _upload(client, rows):
    content = SimpleUploadedFile("cases.csv", csv_bytes(rows))
    return client.post("/cases/import/", {"file": content, "import_key_column": ""})


def test_the_upload_page_links_the_templates(client, owner_caseworker):
    client.force_login(owner_caseworker)
    page = client.get("/cases/import/").content.decode()
    assert "/api/v1/imports/template.xlsx" in page and "/api/v1/imports/template.csv" in page


def test_an_upload_shows_the_report_without_the_refused_value(client, owner_caseworker):
    client.force_login(owner_caseworker)
    response = _upload(client, [HEADERS, good_row(1), [*good_row(2)[:4], PHONE]])
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "phone number" in page and "345" not in page
    assert CaseSummary.objects.count() == 0


def test_committing_from_the_page_stores_the_passing_rows(
    client, owner_caseworker, django_capture_on_commit_callbacks
):
    client.force_login(owner_caseworker)
    location = _upload(client, [HEADERS, good_row(1), [*good_row(2)[:4], PHONE]])["Location"]
    upload = Import.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/import/{upload.pk}/commit/")
    assert response["Location"] == location
    assert CaseSummary.objects.count() == 1
    assert "1 case imported" in client.get(location).content.decode()


def test_a_file_that_cannot_be_read_is_shown_on_the_form(client, owner_caseworker):
    client.force_login(owner_caseworker)
    content = SimpleUploadedFile("cases.csv", b'reported_month,region\n"2025-03,KH-12\n')
    response = client.post("/cases/import/", {"file": content})
    assert response.status_code == 200
    assert "malformed" in response.content.decode()


def test_another_organisations_import_page_is_a_404(client, owner_caseworker, stranger_admin):
    client.force_login(owner_caseworker)
    _upload(client, [HEADERS, good_row(1)])
    upload = Import.objects.get()
    client.force_login(stranger_admin)
    assert client.get(f"/cases/import/{upload.pk}/").status_code == 404
    assert client.post(f"/cases/import/{upload.pk}/commit/").status_code == 404
