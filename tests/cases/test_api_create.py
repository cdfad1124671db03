"""POST /api/v1/cases/"""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coord.audit.models import AuditEvent
from coord.cases.choices import LIST_FIELDS, ExploitationType
from coord.cases.models import CaseCategory, CaseSummary

URL = "/api/v1/cases/"
pytestmark = pytest.mark.django_db


def _next_month() -> str:
    today = datetime.now(tz=UTC).date()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return f"{year:04d}-{month:02d}"


def test_it_creates_a_case_for_the_callers_organisation(api, owner_caseworker, owner_org, payload):
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    case = CaseSummary.objects.get(reference=body["reference"])
    assert case.organisation == owner_org
    assert case.created_by == owner_caseworker
    assert body["reported_month"] == "2025-03"
    assert body["summary"] == payload["summary"]
    assert body["summary_state"] == "available"
    assert "id" not in body


def test_it_stores_the_narrative_only_as_ciphertext(api, owner_caseworker, payload):
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    case = CaseSummary.objects.get(reference=response.json()["reference"])
    assert case.summary_ct.startswith("v1.")
    assert payload["summary"] not in case.summary_ct
    assert payload["notes"] not in case.notes_ct


def test_it_audits_the_creation_with_field_names_only(api, owner_caseworker, payload):
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    event = AuditEvent.objects.get(action="case.create")
    assert event.object_id == response.json()["reference"]
    assert "summary" in event.details["fields"]
    assert payload["summary"] not in str(event.details)


def test_it_refuses_coordinators(api, network_coordinator, payload):
    response = api.as_user(network_coordinator).post(URL, payload, format="json")
    assert response.status_code == 403
    assert not CaseSummary.objects.exists()


def test_it_refuses_anonymous_users(api, payload):
    assert api.post(URL, payload, format="json").status_code in (401, 403)


@pytest.mark.parametrize("field", ["organisation", "created_by", "reference", "id", "summary_ct"])
def test_it_refuses_server_set_fields(api, owner_caseworker, stranger_org, payload, field):
    payload[field] = {"organisation": stranger_org.slug, "reference": "C-AAAAAAAAAA"}.get(field, 1)
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not CaseSummary.objects.exists()


def test_it_refuses_a_full_date_and_says_why(api, owner_caseworker, payload):
    payload["reported_month"] = "2025-03-14"
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 400
    message = str(response.json()["fields"]["reported_month"])
    assert "YYYY-MM" in message and "identify" in message


def test_it_refuses_a_future_month(api, owner_caseworker, payload):
    payload["reported_month"] = _next_month()
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 400
    assert "future" in str(response.json()["fields"]["reported_month"])


def test_it_accepts_the_current_month(api, owner_caseworker, payload):
    payload["reported_month"] = datetime.now(tz=UTC).strftime("%Y-%m")
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("month", ["2025-13", "2025-3", "March 2025", "", "2025/03", 202503])
def test_it_refuses_malformed_months(api, owner_caseworker, payload, month):
    payload["reported_month"] = month
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 400
    assert "reported_month" in response.json()["fields"]


@pytest.mark.parametrize("region", ["KH-99", "KH", "XX-12", "FR-75", "GB-LND", "kh12"])
def test_it_refuses_unknown_or_second_level_regions(api, owner_caseworker, payload, region):
    # FR-75 (Paris) and GB-LND (London) exist but are second-level subdivisions.
    payload["region"] = region
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 400
    assert "ISO 3166-2" in str(response.json()["fields"]["region"])


def test_it_accepts_a_lower_case_region_and_stores_it_upper_case(api, owner_caseworker, payload):
    payload["region"] = "th-10"
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 201
    assert response.json()["region"] == "TH-10"


def test_it_lists_the_allowed_values_when_a_choice_is_wrong(api, owner_caseworker, payload):
    payload["exploitation_types"] = ["forced_labour", "smuggling-xyz"]
    payload["gender"] = "robot-xyz"
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "sexual_exploitation" in str(body["fields"]["exploitation_types"])
    assert "female" in str(body["fields"]["gender"])
    assert "xyz" not in str(body)


def test_it_refuses_unknown_citizenship_codes(api, owner_caseworker, payload):
    payload["citizenship"] = ["KH", "QQ"]
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 400
    assert "ISO 3166-1" in str(response.json()["fields"]["citizenship"])


def test_it_refuses_an_oversize_narrative(api, owner_caseworker, payload):
    payload["summary"] = "Worked on a fishing boat. " * 200  # 5,200 characters
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 400
    assert "4000" in str(response.json()["fields"]["summary"])
    assert not CaseSummary.objects.exists()


def test_it_accepts_a_narrative_of_exactly_the_limit(api, owner_caseworker, payload):
    payload["summary"] = ("Worked on a fishing boat. " * 200)[:4000]
    assert api.as_user(owner_caseworker).post(URL, payload, format="json").status_code == 201


@pytest.mark.parametrize(
    ("field", "identifier"),
    [
        ("summary", "somchai.k@example.com"),
        ("summary", "+66 81 234 5678"),
        ("notes", "nguyen.v@example.org"),
    ],
)
def test_it_refuses_pii_without_echo_and_saves_nothing(
    api, owner_caseworker, payload, field, identifier
):
    payload[field] = f"She was contacted at {identifier} by the recruiter."
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["fields"][field][0]["code"] == "pii_detected"
    assert identifier not in response.content.decode()
    assert not CaseSummary.objects.exists()
    assert not AuditEvent.objects.filter(action="case.create").exists()


def test_it_writes_nothing_when_encryption_fails_half_way(api, owner_caseworker, payload):
    from coord.crypto import services as crypto

    real = crypto.encrypt_text

    def fail_on_notes(**kwargs):
        if kwargs["field"] == "notes":
            raise RuntimeError("boom")
        return real(**kwargs)

    api.raise_request_exception = False
    with mock.patch.object(crypto, "encrypt_text", side_effect=fail_on_notes):
        response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 500
    assert not CaseSummary.objects.exists()
    assert not CaseCategory.objects.exists()
    assert not AuditEvent.objects.filter(action="case.create").exists()


def test_it_writes_nothing_when_the_audit_append_fails(api, owner_caseworker, payload):
    api.raise_request_exception = False
    with mock.patch("coord.cases.services.audit_append", side_effect=RuntimeError("boom")):
        response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 500
    assert not CaseSummary.objects.exists()
    assert not CaseCategory.objects.exists()


# One create, once the organisation's data key is cached (as after its first committed write):
# the savepoint of the service's transaction (a test runs inside one; in production it is
# BEGIN and COMMIT), the case and its category rows (one statement on PostgreSQL, a
# data-modifying CTE; two on SQLite), the audit event (one outbox INSERT) and the
# savepoint's release. The answer is built from the case in memory: nothing is read back
# or decrypted.
CREATE_QUERIES = {"postgresql": 4, "sqlite": 5}


def test_one_create_makes_a_fixed_number_of_queries(
    api, owner_caseworker, payload, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client = api.as_user(owner_caseworker)
    with django_capture_on_commit_callbacks(execute=True):  # caches the data key
        assert client.post(URL, payload, format="json").status_code == 201
    with django_assert_num_queries(CREATE_QUERIES[connection.vendor]):
        response = client.post(URL, payload, format="json")
    assert response.status_code == 201


def test_it_stores_lists_deduplicated_and_indexes_each_value(api, owner_caseworker, payload):
    payload["citizenship"] = ["th", "KH", "TH"]
    payload["technologies"] = ["messaging_app", "dating_app", "messaging_app"]
    response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    case = CaseSummary.objects.get(reference=response.json()["reference"])
    assert (case.citizenship, case.technologies) == (["KH", "TH"], ["dating_app", "messaging_app"])
    assert set(CaseCategory.objects.filter(case=case).values_list("dimension", "value")) == {
        (dimension, value)
        for name, dimension in LIST_FIELDS.items()
        for value in getattr(case, name)
    }


def test_it_answers_with_what_a_read_of_the_new_case_returns(api, owner_caseworker, payload):
    del payload["notes"]
    client = api.as_user(owner_caseworker)
    created = client.post(URL, payload, format="json").json()
    read = client.get(f"{URL}{created['reference']}/").json()
    assert created == read
    assert (created["notes"], created["notes_state"]) == ("", "empty")


def test_the_service_refuses_an_identifier_even_in_input_marked_as_checked(
    owner_caseworker, payload
):
    from django.core.exceptions import ValidationError

    from coord.cases.services import case_create
    from coord.cases.validation import CheckedCaseInput
    from coord.organisations.selectors import organisation_of

    data = dict(payload, reported_month=date(2026, 1, 1), summary="Call her on +66 81 234 5678.")
    with pytest.raises(ValidationError):
        case_create(
            actor=owner_caseworker,
            organisation=organisation_of(owner_caseworker),
            data=CheckedCaseInput(data),
        )
    assert not CaseSummary.objects.exists()


def test_it_refuses_a_json_body_that_is_not_an_object(api, owner_caseworker):
    response = api.as_user(owner_caseworker).post(URL, "[1, 2]", content_type="application/json")
    assert response.status_code == 400


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    types=st.lists(st.sampled_from(ExploitationType.values), max_size=5),
    junk=st.one_of(st.none(), st.integers(), st.text(max_size=20), st.booleans()),
)
def test_it_never_fails_with_a_500_on_odd_input(api, owner_caseworker, payload, types, junk):
    body = dict(payload, exploitation_types=types, age_band=junk)
    response = api.as_user(owner_caseworker).post(URL, body, format="json")
    assert response.status_code in (201, 400)
    if response.status_code == 201:
        case = CaseSummary.objects.get(reference=response.json()["reference"])
        assert case.exploitation_types == sorted(set(types))
