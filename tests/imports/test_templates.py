"""GET /api/v1/imports/template.csv and .xlsx: the headings are the API's field names and
the template's own example row passes the dry run."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from coord.imports.columns import FIELDS
from tests.imports.helpers import upload

pytestmark = pytest.mark.django_db


def test_the_csv_template_passes_its_own_dry_run(api, owner_caseworker):
    client = api.as_user(owner_caseworker)
    content = client.get("/api/v1/imports/template.csv").content
    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header == list(FIELDS)
    body = client.post("/api/v1/imports/", {"file": upload(content)}, format="multipart").json()
    assert (body["rows"], body["passed"]) == (1, 1), body["problems"]


def test_the_xlsx_template_lists_allowed_values_in_the_callers_language(api, owner_caseworker):
    response = api.as_user(owner_caseworker).get(
        "/api/v1/imports/template.xlsx", HTTP_ACCEPT_LANGUAGE="vi"
    )
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    cases, allowed = book.worksheets
    assert [c.value for c in next(cases.iter_rows())] == list(FIELDS)
    text = " ".join(str(v) for row in allowed.iter_rows(values_only=True) for v in row)
    assert "Lao động cưỡng bức" in text
    assert "female" in text
