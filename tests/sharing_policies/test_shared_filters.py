"""Filtering shared cases must not reveal a field a grant hides."""

URL = "/api/v1/cases/"


def test_it_refuses_a_filter_on_a_field_the_grant_hides(api, case, make_grant, grantee_caseworker):
    make_grant(fields=["reported_month", "region"])
    response = api.as_user(grantee_caseworker).get(URL, {"scope": "shared", "technology": "other"})
    assert response.status_code == 400
    assert "technology" in response.json()["fields"]


def test_it_allows_a_filter_on_a_field_the_grant_shows(api, case, make_grant, grantee_caseworker):
    make_grant(fields=["reported_month", "region"])
    response = api.as_user(grantee_caseworker).get(URL, {"scope": "shared", "region": "KH-12"})
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_it_allows_any_filter_on_own_cases(api, case, make_grant, grantee_caseworker):
    make_grant(fields=["reported_month", "region"])
    response = api.as_user(grantee_caseworker).get(URL, {"technology": "other"})
    assert response.status_code == 200
