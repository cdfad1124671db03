"""One error model (issue 24): every operation documents its errors as the ``Error``
component, and every error the API answers has that shape, with a ``code``."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from tests.api.contract import check, check_error, published_schema

pytestmark = pytest.mark.django_db

ERROR_REF = {"$ref": "#/components/schemas/Error"}
CASES = "/api/v1/cases/"
GRANTS = "/api/v1/grants/"


def test_it_publishes_a_schema_that_the_openapi_validator_accepts():
    validate(json.loads(json.dumps(published_schema(), default=str)))


def test_it_documents_every_json_error_of_every_operation_as_the_error_component():
    inline = []
    for path, item in published_schema()["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json")
                if int(status) >= 400 and content and content["schema"] != ERROR_REF:
                    inline.append(f"{method.upper()} {path} {status}")
    assert inline == []


def test_it_documents_no_error_shape_twice():
    schemas = published_schema()["components"]["schemas"]
    error_like = [
        name
        for name, schema in schemas.items()
        if {"code", "detail"} <= set(schema.get("properties", {})) and name != "Error"
    ]
    assert error_like == []


def test_it_answers_pii_as_field_items_with_kind_and_position_and_never_the_value(
    api, owner_caseworker
):
    body = {"reported_month": "2025-03", "region": "KH-12", "summary": "Mail somchai@example.com"}
    response = api.as_user(owner_caseworker).post(CASES, body, format="json")
    error = check(response, "POST", CASES)
    [item] = error["fields"]["summary"]
    assert (item["code"], item["kind"], item["start"], item["end"]) == (
        "pii_detected",
        "email",
        5,
        24,
    )
    assert "somchai" not in response.content.decode()


def test_it_names_an_unknown_field_with_its_own_code(api, owner_caseworker):
    body = {"reported_month": "2025-03", "region": "KH-12", "colour": "red"}
    response = api.as_user(owner_caseworker).post(CASES, body, format="json")
    error = check(response, "POST", CASES)
    assert error["code"] == "invalid"
    assert error["fields"]["colour"][0]["code"] == "unknown_field"


def test_it_says_where_inside_a_list_field_the_problem_is(api, owner_caseworker):
    body = {"reported_month": "2025-03", "region": "KH-12", "exploitation_types": ["nope"]}
    response = api.as_user(owner_caseworker).post(CASES, body, format="json")
    [item] = check(response, "POST", CASES)["fields"]["exploitation_types"]
    assert (item["code"], item["path"]) == ("invalid_choice", "exploitation_types.0")


def test_it_answers_an_anonymous_caller_with_a_coded_401(api, db):
    response = api.get(CASES)
    assert response.status_code == 401
    assert check(response, "GET", CASES)["code"] == "not_authenticated"


def test_it_answers_an_unseen_case_with_a_coded_404(api, owner_caseworker):
    path = f"{CASES}ZZZZ-0000/"
    response = api.as_user(owner_caseworker).get(path)
    assert check(response, "GET", path) == {"code": "not_found", "detail": "Not found."}


def test_it_answers_malformed_json_with_a_coded_400(api, owner_caseworker):
    response = api.as_user(owner_caseworker).post(
        CASES, "{not json", content_type="application/json"
    )
    assert check(response, "POST", CASES)["code"] == "parse_error"


def test_it_answers_a_second_revoke_of_a_grant_with_its_own_code(api, owner_admin, make_grant):
    grant = make_grant()
    path = f"{GRANTS}{grant.public_id}/revoke/"
    api.as_user(owner_admin).post(path, {}, format="json")
    again = api.as_user(owner_admin).post(path, {}, format="json")
    assert again.status_code == 409
    assert check(again, "POST", path)["code"] == "grant_already_revoked"


def test_it_answers_a_second_approval_with_its_own_code(api, owner_admin, make_request):
    access_request = make_request()
    path = f"/api/v1/access-requests/{access_request.public_id}/approve/"
    api.as_user(owner_admin).post(path, {}, format="json")
    again = api.as_user(owner_admin).post(path, {}, format="json")
    assert again.status_code == 409
    assert check(again, "POST", path)["code"] == "request_not_pending"


def test_it_gives_each_repeated_action_its_own_code_and_sentence():
    from sharing_policies import errors

    refusals = [
        cls()
        for cls in (
            errors.RequestNotPending,
            errors.GrantAlreadyRevoked,
            errors.ShareAlreadyRevoked,
            errors.ReferralNotPending,
            errors.ReferralNotAccepted,
            errors.ReferralClosed,
            errors.DuplicateRequest,
            errors.DuplicateShare,
        )
    ]
    assert len({str(r.code) for r in refusals}) == len(refusals)
    assert len({str(r.message) for r in refusals}) == len(refusals)


def test_it_answers_a_wrong_method_with_a_coded_405(api, owner_caseworker):
    response = api.as_user(owner_caseworker).put(CASES, {}, format="json")
    assert response.status_code == 405
    assert check_error(response)["code"] == "method_not_allowed"


def test_it_answers_a_wrong_content_type_with_a_coded_415(api, owner_caseworker):
    response = api.as_user(owner_caseworker).post(CASES, "a=b", content_type="text/plain")
    assert response.status_code == 415
    assert check_error(response)["code"] == "unsupported_media_type"


def test_it_answers_a_refused_query_with_a_coded_400(api, owner_caseworker):
    response = api.as_user(owner_caseworker).get(CASES, {"scope": "everything"})
    error = check(response, "GET", CASES)
    assert error["fields"]["scope"][0]["code"] == "invalid"


def test_it_documents_the_brief_outage_of_every_operation_as_an_error():
    for item in published_schema()["paths"].values():
        for operation in item.values():
            assert operation["responses"]["503"]["content"]["application/json"]["schema"] == (
                ERROR_REF
            )


def test_it_answers_a_database_outage_with_the_error_model(api, owner_caseworker):
    from tests.faults.test_database_unavailable import every_read_fails

    client = api.as_user(owner_caseworker)
    with every_read_fails():
        response = client.get(CASES)
    assert check(response, "GET", CASES)["code"] == "unavailable"
