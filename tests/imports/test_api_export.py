"""GET /api/v1/exports/cases.csv and .xlsx: own cases (admins all, caseworkers theirs),
narratives only when asked and confirmed, partners only what their grant shows."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from coord.audit.models import AuditEvent
from coord.cases.services import case_create
from sharing_policies import services as sharing

CSV_URL = "/api/v1/exports/cases.csv"
XLSX_URL = "/api/v1/exports/cases.xlsx"
SECRET = "Met the recruiter at the border market twice."
pytestmark = pytest.mark.django_db


def _case(org, user, **data):
    values = {
        "reported_month": date(2025, 3, 1),
        "region": "KH-12",
        "consent": "share",
        "summary": SECRET,
        **data,
    }
    return case_create(actor=user, organisation=org, data=values)


def _rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_an_admin_exports_every_case_of_the_organisation(
    api, owner_admin, owner_caseworker, owner_org
):
    _case(owner_org, owner_admin)
    _case(owner_org, owner_caseworker)
    rows = _rows(api.as_user(owner_admin).get(CSV_URL))
    assert len(rows) == 2 and rows[0]["region"] == "KH-12"


def test_a_caseworker_exports_only_the_cases_it_recorded(
    api, owner_admin, owner_caseworker, owner_org
):
    _case(owner_org, owner_admin)
    mine = _case(owner_org, owner_caseworker)
    rows = _rows(api.as_user(owner_caseworker).get(CSV_URL))
    assert [r["reference"] for r in rows] == [mine.reference]


def test_an_export_leaves_out_narratives_by_default(api, owner_admin, owner_org):
    _case(owner_org, owner_admin)
    response = api.as_user(owner_admin).get(CSV_URL)
    assert "summary" not in _rows(response)[0]


def test_narratives_need_a_confirmation(api, owner_admin, owner_org):
    _case(owner_org, owner_admin)
    response = api.as_user(owner_admin).get(CSV_URL, {"narratives": "true"})
    assert response.status_code == 400
    assert "confirm" in response.json()["fields"]


def test_a_confirmed_narrative_export_is_audited_with_the_count(api, owner_admin, owner_org):
    _case(owner_org, owner_admin)
    response = api.as_user(owner_admin).get(
        CSV_URL, {"narratives": "true", "confirm": "narratives"}
    )
    assert _rows(response)[0]["summary"] == SECRET
    event = AuditEvent.objects.get(action="case.export")
    assert event.details["count"] == 1 and event.details["narratives"] is True


def test_cells_that_look_like_formulas_are_neutralised(api, owner_admin, owner_org):
    _case(owner_org, owner_admin, summary="=HYPERLINK(1)")
    response = api.as_user(owner_admin).get(
        CSV_URL, {"narratives": "true", "confirm": "narratives"}
    )
    assert _rows(response)[0]["summary"] == "'=HYPERLINK(1)"


def test_the_xlsx_export_writes_text_cells_never_formulas(api, owner_admin, owner_org):
    from openpyxl import load_workbook

    _case(owner_org, owner_admin)
    response = api.as_user(owner_admin).get(XLSX_URL)
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert header[0] == "reference" and first[header.index("region")] == "KH-12"


def test_a_partner_exports_only_the_fields_its_grant_shows(
    api, owner_admin, owner_org, grantee_admin, grantee_org
):
    case = _case(owner_org, owner_admin, gender="female")
    request = sharing.access_request_create(
        actor=grantee_admin,
        to_organisation=owner_org,
        scope="summaries",
        valid_until=timezone.now().date() + timedelta(days=30),
        fields=["region"],
    )
    sharing.access_request_approve(actor=owner_admin, access_request=request)
    rows = _rows(api.as_user(grantee_admin).get(CSV_URL, {"scope": "shared"}))
    assert [r["reference"] for r in rows] == [case.reference]
    assert rows[0]["region"] == "KH-12" and rows[0]["gender"] == ""
    read = AuditEvent.objects.get(action="case.list_read", organisation=owner_org)
    assert read.actor_username == grantee_admin.username


def test_a_partner_without_a_grant_exports_nothing(api, owner_admin, owner_org, stranger_admin):
    _case(owner_org, owner_admin)
    assert _rows(api.as_user(stranger_admin).get(CSV_URL, {"scope": "shared"})) == []


def test_a_partner_may_not_export_narratives(api, grantee_admin):
    response = api.as_user(grantee_admin).get(
        CSV_URL, {"scope": "shared", "narratives": "true", "confirm": "narratives"}
    )
    assert response.status_code == 400


def test_a_coordinator_may_not_export_cases(api, network_coordinator):
    assert api.as_user(network_coordinator).get(CSV_URL).status_code == 403
