"""Case reads validate against the published schema for every role (issue 24): a partner's
generated client must parse a case read through a narrowed grant or a share."""

from __future__ import annotations

import pytest

from tests.api.contract import check, operation, published_schema

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cases/"


def detail(reference: str) -> str:
    return f"/api/v1/cases/{reference}/"


def test_it_validates_the_owners_list_and_detail(api, owner_caseworker, case):
    client = api.as_user(owner_caseworker)
    rows = check(client.get(LIST), "GET", LIST)["results"]
    assert rows[0]["visible_via"] is None
    body = check(client.get(detail(case.reference)), "GET", detail(case.reference))
    assert body["summary_state"] == "available"


def test_it_validates_a_partners_list_through_a_narrowed_grant(
    api, grantee_caseworker, case, make_grant
):
    grant = make_grant(fields=["region"])
    response = api.as_user(grantee_caseworker).get(LIST, {"scope": "shared"})
    [row] = check(response, "GET", LIST)["results"]
    assert "age_band" not in row
    assert row["visible_via"] == {"grant": str(grant.public_id)}


def test_it_validates_a_partners_detail_through_a_narrowed_grant(
    api, grantee_caseworker, case, make_grant
):
    make_grant(fields=["region"])
    path = detail(case.reference)
    body = check(api.as_user(grantee_caseworker).get(path), "GET", path)
    assert "status" not in body
    assert set(body["visible_via"]) == {"grant"}


def test_it_validates_a_partners_detail_through_a_share(api, grantee_caseworker, case, make_share):
    share = make_share(case, include_narrative=True)
    path = detail(case.reference)
    body = check(api.as_user(grantee_caseworker).get(path), "GET", path)
    assert body["visible_via"] == {"share": str(share.public_id)}
    assert "notes" not in body


def test_it_validates_a_partners_list_through_a_share(api, grantee_caseworker, case, make_share):
    make_share(case)
    response = api.as_user(grantee_caseworker).get(LIST, {"scope": "all"})
    [row] = check(response, "GET", LIST)["results"]
    assert set(row["visible_via"]) == {"share"}


def test_it_validates_the_coordinators_refusal(api, network_coordinator, case):
    response = api.as_user(network_coordinator).get(LIST)
    assert response.status_code in (403, 404)
    check(response, "GET", LIST)


def test_it_validates_a_strangers_not_found(api, stranger_caseworker, case):
    path = detail(case.reference)
    response = api.as_user(stranger_caseworker).get(path)
    assert response.status_code == 404
    check(response, "GET", path)


def test_it_documents_scope_as_a_parameter_of_the_case_list():
    params = {p["name"]: p for p in operation("GET", LIST)["parameters"]}
    assert set(params["scope"]["schema"]["enum"]) == {"own", "shared", "all"}


def test_it_marks_only_always_present_case_fields_as_required():
    schemas = published_schema()["components"]["schemas"]
    for name in ("CaseListOutput", "CaseDetailOutput"):
        assert set(schemas[name]["required"]) == {
            "reference",
            "organisation",
            "created_at",
            "updated_at",
            "visible_via",
        }


def test_it_gives_cursors_a_generated_client_can_pass_back(api, owner_caseworker, make_case):
    for _ in range(3):
        make_case()
    client = api.as_user(owner_caseworker)
    first = check(client.get(LIST, {"page_size": 2}), "GET", LIST)
    assert first["previous_cursor"] is None and first["count"] == 3
    second = check(client.get(LIST, {"page_size": 2, "cursor": first["next_cursor"]}), "GET", LIST)
    assert (second["next_cursor"], len(second["results"])) == (None, 1)
    back = check(
        client.get(LIST, {"page_size": 2, "cursor": second["previous_cursor"]}), "GET", LIST
    )
    assert back["results"] == first["results"]
