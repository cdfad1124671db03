import pytest


def test_it_answers_malformed_json_with_400(api, owner_admin):
    response = api.as_user(owner_admin).generic(
        "POST",
        "/api/v1/organisations/owner-org/members/",
        "{not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_it_answers_a_wrong_content_type_with_415(api, owner_admin):
    response = api.as_user(owner_admin).generic(
        "POST",
        "/api/v1/organisations/owner-org/members/",
        "a=b",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415


def test_it_answers_a_huge_body_with_413(api, owner_admin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    body = '{"username": "' + "a" * 5000 + '"}'
    response = api.as_user(owner_admin).generic(
        "POST", "/api/v1/organisations/owner-org/members/", body, content_type="application/json"
    )
    assert response.status_code == 413


@pytest.mark.parametrize("body", ["[]", "42", '"text"'])
def test_it_answers_a_non_object_body_with_400(api, owner_admin, body):
    response = api.as_user(owner_admin).generic(
        "POST", "/api/v1/organisations/owner-org/members/", body, content_type="application/json"
    )
    assert response.status_code == 400


def test_it_answers_an_unknown_api_path_with_json_404(api, db):
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_it_answers_a_wrong_method_with_405(api, owner_caseworker):
    assert api.as_user(owner_caseworker).delete("/api/v1/me/").status_code == 405
