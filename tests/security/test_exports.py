"""CSV exports (audit events, trends) are safe to open in a spreadsheet: no cell starts with
a formula character, and they carry no case narrative, note or victim identifier; the trends
export carries no case reference or person either."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from rest_framework.test import APIClient

from coord.audit.services import audit_append
from coord.cases.services import case_create

pytestmark = pytest.mark.django_db

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLANTED = {
    "object_id": '=HYPERLINK("http://evil.example","x")',
    "details": "+cmd|' /C calc'!A0",
    "username": "@SUM(1+1)",
}
SUMMARY = "Recruited through an online job advert for factory work abroad."
NOTES = "Follow up on the legal aid referral next month."


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def _cells(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert len(rows) > 1, "the export is empty: the test would prove nothing"
    return [cell for row in rows for cell in row]


def _unsafe(cells: list[str]) -> list[str]:
    return [cell for cell in cells if cell.startswith(FORMULA_START)]


@pytest.fixture
def planted(owner_org, owner_admin):
    """An audit event whose free-text parts start like spreadsheet formulas."""
    audit_append(
        action="test.formula",
        actor=owner_admin,
        organisation=owner_org,
        object_type="case",
        object_id=PLANTED["object_id"][:60],
        details={"note": PLANTED["details"]},
        actor_username=PLANTED["username"],
    )


def test_it_neutralises_formulas_in_the_audit_export(planted, network_coordinator):
    response = _client(network_coordinator).get("/api/v1/audit/events/export.csv")
    assert response.status_code == 200
    cells = _cells(response)
    assert not _unsafe(cells)
    joined = "\n".join(cells)
    assert "'" + PLANTED["object_id"][:60] in joined  # kept, but as text


def test_it_neutralises_formulas_in_an_admins_audit_export(planted, owner_admin):
    response = _client(owner_admin).get("/api/v1/audit/events/export.csv")
    assert response.status_code == 200
    assert not _unsafe(_cells(response))


def test_it_keeps_narratives_and_notes_out_of_the_audit_export(world, grantee_admin, owner_admin):
    reference = world.kwargs["reference"]
    _client(grantee_admin).get(f"/api/v1/cases/{reference}/")  # an audited cross-org read
    response = _client(owner_admin).get("/api/v1/audit/events/export.csv")
    text = "\n".join(_cells(response))
    assert reference in text  # the read is there
    assert SUMMARY not in text and NOTES not in text
    assert "correct-horse-battery" not in text


def test_it_neutralises_formulas_and_identifiers_in_the_trends_export(owner_org, owner_caseworker):
    cases = [
        case_create(
            actor=owner_caseworker,
            organisation=owner_org,
            data={
                "reported_month": date(2025, 3, 1),
                "region": "KH-12",
                "exploitation_types": ["forced_labour"],
                "consent": "aggregate",
                "summary": SUMMARY,
                "notes": NOTES,
            },
        )
        for _ in range(6)
    ]
    url = "/api/v1/trends.csv?group_by=region,exploitation_type"
    response = _client(owner_caseworker).get(url)
    assert response.status_code == 200, response.content
    cells = _cells(response)
    assert not _unsafe(cells)
    text = "\n".join(cells)
    for case in cases:
        assert case.reference not in text
    for secret in (SUMMARY, NOTES, owner_caseworker.username):
        assert secret not in text


def test_it_answers_json_with_a_json_content_type_and_nosniff(world, owner_admin):
    """JSON is never rendered as HTML by a browser (no script or formula context)."""
    response = _client(owner_admin).get(f"/api/v1/cases/{world.kwargs['reference']}/")
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
