URL = "/api/v1/organisations/"
NEW = {"slug": "new-org", "name": "New Org", "country": "LA", "kind": "ngo"}


def test_it_shows_the_directory_to_any_signed_in_user(api, owner_org, stranger_caseworker):
    response = api.as_user(stranger_caseworker).get(URL)
    assert response.status_code == 200
    slugs = [o["slug"] for o in response.json()["results"]]
    assert "owner-org" in slugs


def test_it_hides_the_directory_from_anonymous_users(api, owner_org):
    assert api.get(URL).status_code == 401


def test_it_lets_a_coordinator_create_an_organisation(api, network_coordinator):
    response = api.as_user(network_coordinator).post(URL, NEW, format="json")
    assert response.status_code == 201
    assert response.json()["slug"] == "new-org"


def test_it_refuses_an_admin_creating_an_organisation(api, owner_admin):
    assert api.as_user(owner_admin).post(URL, NEW, format="json").status_code == 403


def test_it_refuses_an_unknown_country(api, network_coordinator):
    response = api.as_user(network_coordinator).post(URL, {**NEW, "country": "XX"}, format="json")
    assert response.status_code == 400
    assert "country" in response.json()["fields"]


def test_it_lets_a_coordinator_deactivate_an_organisation(api, network_coordinator, owner_org):
    response = api.as_user(network_coordinator).patch(
        f"{URL}owner-org/", {"active": False}, format="json"
    )
    assert response.status_code == 200
    owner_org.refresh_from_db()
    assert owner_org.active is False


def test_it_refuses_a_caseworker_updating_an_organisation(api, owner_caseworker):
    response = api.as_user(owner_caseworker).patch(
        f"{URL}owner-org/", {"name": "Mine"}, format="json"
    )
    assert response.status_code == 403
