"""coord.cases.services beyond what the API tests reach."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coord.audit.models import AuditEvent
from coord.cases.models import CaseSummary
from coord.cases.services import case_create, case_read_summary, case_update
from sharing_policies.grants import ALL_FIELDS
from tests.cases.conftest import CLEAN_SUMMARY

pytestmark = pytest.mark.django_db


def test_it_audits_a_decryption_by_a_reader_outside_the_owner(stranger_caseworker, case):
    # Grants come later (sharing_policies); the service audits whoever it is asked to serve.
    result = case_read_summary(reader=stranger_caseworker, case=case, fields={"summary"})
    assert result == {"summary": CLEAN_SUMMARY, "summary_state": "available"}
    event = AuditEvent.objects.get(action="case.decrypt")
    assert event.organisation == "owner-org"
    assert event.actor_organisation == "stranger-org"
    assert event.details == {"fields": ["summary"]}
    assert CLEAN_SUMMARY not in str(event.details)


def test_it_decrypts_nothing_the_policy_does_not_allow(stranger_caseworker, case):
    assert case_read_summary(reader=stranger_caseworker, case=case, fields=set()) == {}
    assert not AuditEvent.objects.filter(action="case.decrypt").exists()


def test_it_reports_a_tampered_ciphertext_as_unavailable(owner_caseworker, case):
    token = case.summary_ct
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    CaseSummary.objects.filter(pk=case.pk).update(summary_ct=flipped)
    case.refresh_from_db()
    result = case_read_summary(reader=owner_caseworker, case=case, fields=ALL_FIELDS)
    assert result["summary"] is None
    assert result["summary_state"] == "unavailable"
    assert result["notes_state"] == "available"


def test_it_does_not_decrypt_a_ciphertext_copied_from_another_case(owner_caseworker, make_case):
    one, two = make_case(), make_case(summary="A different narrative about a construction site.")
    CaseSummary.objects.filter(pk=two.pk).update(summary_ct=one.summary_ct)
    two.refresh_from_db()
    result = case_read_summary(reader=owner_caseworker, case=two, fields=ALL_FIELDS)
    assert result["summary_state"] == "unavailable"


def test_it_refuses_pii_in_the_service_too_without_the_value(owner_caseworker, owner_org):
    with pytest.raises(ValidationError) as error:
        case_create(
            actor=owner_caseworker,
            organisation=owner_org,
            data={
                "reported_month": date(2025, 1, 1),
                "region": "KH-12",
                "notes": "Write to mai.pham@example.net",
            },
        )
    assert "mai.pham" not in str(error.value)
    assert not CaseSummary.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reported_month", date(2025, 1, 15)),
        ("reported_month", date(2999, 1, 1)),
        ("region", "KH-99"),
        ("technologies", ["telegraph"]),
        ("citizenship", ["XX"]),
        ("summary", "x" * 4001),
        ("owner", "someone"),
    ],
)
def test_it_checks_every_field_in_the_service(owner_caseworker, case, field, value):
    with pytest.raises(ValidationError):
        case_update(actor=owner_caseworker, case=case, data={field: value})


def test_it_requires_month_and_region_on_create(owner_caseworker, owner_org):
    with pytest.raises(ValidationError) as error:
        case_create(actor=owner_caseworker, organisation=owner_org, data={})
    assert set(error.value.message_dict) == {"reported_month", "region"}


def test_it_draws_a_new_reference_when_the_first_is_already_taken(make_case):
    from unittest import mock

    from coord.cases.services import _decrypt

    first = make_case()
    with mock.patch(
        "coord.cases.services.new_reference", side_effect=[first.reference, "C-0000000001"]
    ):
        second = make_case()
    assert second.reference == "C-0000000001"
    assert _decrypt(second, "summary")[1] == "available"  # encrypted under the new reference
    assert CaseSummary.objects.count() == 2
