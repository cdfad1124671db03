"""Organisation names are shown to the whole network: the PII guard refuses identifiers in
them on every path that writes one (API, service, admin), naming kind and position only."""

import pytest
from django.core.exceptions import ValidationError

from coord.organisations.management.commands.seed_demo import ORGANISATIONS
from coord.organisations.models import Organisation
from coord.organisations.services import organisation_create, organisation_update
from coord.pii.guard import scan

URL = "/api/v1/organisations/"
NEW = {"slug": "new-org", "name": "New Org", "country": "LA", "kind": "ngo"}
PHONE_NAME = "Shelter hotline 0812345678"


def test_it_refuses_a_phone_number_in_a_new_organisation_name(api, network_coordinator):
    response = api.as_user(network_coordinator).post(
        URL, {**NEW, "name": PHONE_NAME}, format="json"
    )
    assert response.status_code == 400
    [error] = response.json()["fields"]["name"]
    assert (error["kind"], error["start"], error["end"]) == ("phone_number", 16, 26)
    assert "0812345678" not in response.content.decode()
    assert not Organisation.objects.filter(slug="new-org").exists()


def test_it_refuses_an_e_mail_address_when_renaming_an_organisation(
    api, network_coordinator, owner_org
):
    response = api.as_user(network_coordinator).patch(
        f"{URL}owner-org/", {"name": "Write to lan.tran@gmail.com"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["name"][0]["kind"] == "email"
    owner_org.refresh_from_db()
    assert "gmail" not in owner_org.name


def test_it_refuses_an_identifier_in_the_name_through_the_service(db):
    with pytest.raises(ValidationError) as caught:
        organisation_create(actor=None, slug="x-org", name=PHONE_NAME, country="KH", kind="ngo")
    assert "name" in caught.value.message_dict
    assert "0812345678" not in str(caught.value)


def test_it_refuses_an_identifier_in_a_rename_through_the_service(owner_org):
    with pytest.raises(ValidationError):
        organisation_update(actor=None, organisation=owner_org, name=PHONE_NAME)


def test_it_refuses_an_identifier_in_the_name_in_the_admin_form(db):
    from django.contrib.admin.sites import site

    form_class = site._registry[Organisation].get_form(request=None)
    form = form_class(data={**NEW, "name": PHONE_NAME, "active": True})
    assert not form.is_valid()
    assert "name" in form.errors


def test_it_keeps_the_demo_organisation_names_clean():
    assert [name for _slug, name, *_ in ORGANISATIONS if scan(name)] == []
