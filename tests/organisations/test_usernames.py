"""Usernames cannot impersonate an existing one nor carry an identifier (issue 15):
NFKC, one script, no UTS #39 look-alike of an existing username, no e-mail or phone."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from coord.organisations.management.commands.seed_demo import demo_usernames
from coord.organisations.models import Role
from coord.organisations.services import user_create_with_role
from coord.organisations.usernames import clean_new_username, username_skeleton
from tests.factories import member

pytestmark = pytest.mark.django_db
User = get_user_model()
URL = "/api/v1/organisations/owner-org/members/"
PASSWORD = "a-long-enough-pass-42"
CYRILLIC_LOOKALIKE = "owner.\u0430dmin"  # Cyrillic a (U+0430) in place of Latin a


def add(api, admin, username):
    return api.as_user(admin).post(
        URL, {"username": username, "password": PASSWORD, "role": "caseworker"}, format="json"
    )


def test_it_refuses_a_cyrillic_look_alike_of_an_existing_username(api, owner_admin):
    response = add(api, owner_admin, CYRILLIC_LOOKALIKE)
    assert response.status_code == 400
    assert "username" in response.json()["fields"]
    assert not User.objects.filter(username=CYRILLIC_LOOKALIKE).exists()


def test_it_refuses_a_single_script_look_alike_of_an_existing_username(api, owner_org, owner_admin):
    member(owner_org, username="cope")
    # All Cyrillic: one script, so only the skeleton catches it.
    response = add(api, owner_admin, "\u0441\u043e\u0440\u0435")  # Cyrillic c o p e
    assert response.status_code == 400


def test_it_refuses_a_username_that_differs_only_by_case(api, owner_admin):
    assert add(api, owner_admin, "Owner.Admin").status_code == 400


def test_it_refuses_a_full_width_copy_of_an_existing_username(api, owner_admin):
    # NFKC turns full-width owner into owner; the API's own pattern lets \w through.
    assert add(api, owner_admin, "\uff4f\uff57\uff4e\uff45\uff52.admin").status_code == 400


def test_it_stores_the_nfkc_form_of_a_new_username(owner_org):
    membership = user_create_with_role(
        actor=None,
        username="\uff4e\uff45\uff57.worker",  # full-width new.worker
        password=PASSWORD,
        role=Role.CASEWORKER,
        organisation=owner_org,
    )
    assert membership.user.username == "new.worker"


def test_it_refuses_mixed_scripts_even_without_an_existing_look_alike(db):
    with pytest.raises(ValidationError) as caught:
        clean_new_username("\u0441\u0430se.worker")  # Cyrillic c a + Latin
    assert "script" in str(caught.value)


@pytest.mark.parametrize(
    "username",
    ["lan.tran@gmail.com", "0812345678", "+85512345678", "081.234.5678", "lan0812345678"],
)
def test_it_refuses_an_e_mail_address_or_a_phone_number_as_username(api, owner_admin, username):
    response = add(api, owner_admin, username)
    assert response.status_code == 400
    assert username not in response.content.decode()
    assert not User.objects.filter(username=username).exists()


@pytest.mark.parametrize("username", ["new.caseworker", "sokha2", "user2025", "สมชาย"])
def test_it_accepts_an_ordinary_username(api, owner_admin, username):
    assert add(api, owner_admin, username).status_code == 201


def test_it_keeps_the_demo_usernames_distinct_and_clean(db):
    names = [name for name, _role, _org in demo_usernames()]
    assert len({username_skeleton(n) for n in names}) == len(names)
    for name in names:
        assert clean_new_username(name) == name
