"""GET /api/v1/audit/events/export.csv: same filters and visibility, streamed, formula-safe,
and itself audited."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coord.audit.api import csv_safe
from coord.audit.models import AuditEvent
from coord.audit.services import audit_append

URL = "/api/v1/audit/events/export.csv"


def rows(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_it_streams_the_events_a_coordinator_may_see(api, network_coordinator, owner_caseworker):
    audit_append(action="case.create", actor=owner_caseworker, organisation="owner-org")
    audit_append(action="case.read", actor=owner_caseworker, details={"grant": "G-7"})
    response = api.as_user(network_coordinator).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    exported = rows(response)
    assert [r["action"] for r in exported] == ["case.create", "case.read", "export.csv"]
    assert exported[1]["details"] == '{"grant": "G-7"}'


def test_it_audits_the_export_with_its_filter_names(api, network_coordinator):
    response = api.as_user(network_coordinator).get(URL, {"outcome": "denied"})
    assert rows(response) == []
    event = AuditEvent.objects.get(action="export.csv")
    assert event.actor_username == network_coordinator.username
    assert event.details == {"export": "audit_events", "filters": ["outcome"]}


def test_it_exports_only_what_an_admin_may_see(api, owner_admin, stranger_caseworker):
    audit_append(action="case.create", actor=stranger_caseworker, organisation="stranger-org")
    audit_append(action="case.read_denied", actor=stranger_caseworker, organisation="owner-org")
    exported = rows(api.as_user(owner_admin).get(URL))
    assert [r["action"] for r in exported] == ["case.read_denied", "export.csv"]


def test_it_refuses_a_caseworker_and_audits_no_export(api, owner_caseworker):
    response = api.as_user(owner_caseworker).get(URL)
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="export.csv").exists()
    assert AuditEvent.objects.filter(action="audit.read_denied", outcome="denied").count() == 1


def test_it_refuses_bad_filters_before_exporting(api, network_coordinator):
    assert api.as_user(network_coordinator).get(URL, {"outcome": "x"}).status_code == 400
    assert not AuditEvent.objects.filter(action="export.csv").exists()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_it_neutralises_cells_that_a_spreadsheet_would_evaluate(
    api, network_coordinator, allow_identifiers_in_events, start
):
    audit_append(
        action="auth.login_failed",
        actor_username=f"{start}HYPERLINK(1)",
        object_id=f"{start}1+1",
    )
    exported = rows(api.as_user(network_coordinator).get(URL))
    assert exported[0]["actor_username"] == f"'{start}HYPERLINK(1)"
    assert exported[0]["object_id"] == f"'{start}1+1"


@given(st.text(max_size=30))
def test_it_never_leaves_a_formula_start_in_a_cell(text):
    cell = csv_safe(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.endswith(text)
