"""Issue 22: a case create scans each text once, and a passed text cannot be faked."""

from __future__ import annotations

import copy
import pickle
from datetime import date
from unittest import mock

import pytest

from coord.cases import services
from coord.pii import validation
from coord.pii.validation import CleanText, pii_check, pii_errors

URL = "/api/v1/cases/"


@pytest.mark.django_db
def test_a_create_scans_each_text_exactly_once(api, owner_caseworker, payload):
    with mock.patch.object(validation, "scan", wraps=validation.scan) as scan:
        response = api.as_user(owner_caseworker).post(URL, payload, format="json")
    assert response.status_code == 201
    texts = [payload[name] for name in ("summary", "notes") if payload.get(name)]
    assert sorted(call.args[0] for call in scan.call_args_list) == sorted(texts)


@pytest.mark.django_db
def test_the_service_still_scans_text_no_serializer_passed(owner_caseworker, owner_org):
    with mock.patch.object(validation, "scan", wraps=validation.scan) as scan:
        services.case_create(
            actor=owner_caseworker,
            organisation=owner_org,
            data={"reported_month": date(2025, 3, 1), "region": "TH-10", "summary": "x y"},
        )
    assert [call.args[0] for call in scan.call_args_list] == ["x y"]


def test_a_clean_text_cannot_be_built_without_the_guard():
    with pytest.raises(TypeError):
        CleanText("call me on +66 81 234 5678")


def test_a_text_with_an_identifier_is_not_marked_clean():
    value, errors = pii_check("write to someone@example.org")
    assert errors
    assert type(value) is str


def test_a_changed_clean_text_is_scanned_again():
    value, _ = pii_check("the shelter arranged medical care")
    changed = value + " and a number +66 81 234 5678"
    assert type(changed) is str
    assert pii_errors(changed)


@pytest.mark.parametrize(
    "copy_of",
    [copy.copy, copy.deepcopy, lambda v: pickle.loads(pickle.dumps(v))],  # noqa: S301
    ids=["copy", "deepcopy", "pickle"],
)
def test_a_copied_clean_text_is_a_plain_str(copy_of):
    value, _ = pii_check("legal aid was requested")
    assert type(copy_of(value)) is str


def test_an_invalid_input_leaves_the_next_serializer_unaffected():
    from coord.cases.serializers import CaseInputSerializer

    bad = CaseInputSerializer(data={"reported_month": "2025-03", "age_band": "nope"})
    assert not bad.is_valid()
    good = CaseInputSerializer(data={"reported_month": "2025-03", "region": "TH-10"})
    assert good.is_valid(), good.errors
    assert "age_band" not in good.validated_data
