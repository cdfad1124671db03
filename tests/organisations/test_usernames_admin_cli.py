"""``createsuperuser`` and the Django admin's user forms apply the same username checks as the
services (NFKC, one script, no look-alike of an existing username, no e-mail or phone)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from coord.organisations.admin import GuardedUserChangeForm, GuardedUserCreationForm

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-long-enough-pass-42"


def createsuperuser(username: str) -> None:
    call_command(
        "createsuperuser",
        interactive=False,
        username=username,
        email="root@example.org",
        verbosity=0,
    )


def test_createsuperuser_makes_an_account_with_a_plain_username() -> None:
    createsuperuser("root.admin")
    assert User.objects.get(username="root.admin").is_superuser


@pytest.mark.parametrize("username", ["lan@example.com", "lan0812345678"])
def test_createsuperuser_refuses_an_email_or_phone_as_username(username: str) -> None:
    with pytest.raises(CommandError) as exc:
        createsuperuser(username)
    assert username not in str(exc.value)
    assert not User.objects.filter(username=username).exists()


def test_createsuperuser_refuses_a_look_alike_of_an_existing_username() -> None:
    User.objects.create_user("owner.admin", password=PASSWORD)
    with pytest.raises(CommandError, match="looks like"):
        createsuperuser("Owner.Admin")
    assert not User.objects.filter(username="Owner.Admin").exists()


def test_createsuperuser_refuses_letters_of_two_scripts() -> None:
    with pytest.raises(CommandError, match="one script"):
        createsuperuser("r\u043e\u043et")  # Latin r, t + Cyrillic o o
    assert not User.objects.filter(username="r\u043e\u043et").exists()


def creation_form(username: str) -> GuardedUserCreationForm:
    return GuardedUserCreationForm(
        data={"username": username, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_the_admin_creation_form_accepts_a_plain_username() -> None:
    assert creation_form("field.worker").is_valid()


def test_the_admin_creation_form_refuses_an_email_as_username() -> None:
    form = creation_form("lan@example.com")
    assert not form.is_valid()
    assert "username" in form.errors


def test_the_admin_creation_form_refuses_a_look_alike_of_an_existing_username() -> None:
    User.objects.create_user("owner.admin", password=PASSWORD)
    form = creation_form("Owner.Admin")
    assert not form.is_valid()
    assert "username" in form.errors


def change_form(user, username: str) -> GuardedUserChangeForm:
    data = {
        "username": username,
        "date_joined": user.date_joined.strftime("%Y-%m-%d %H:%M:%S"),
        "last_login": "",
        "is_active": "on",
    }
    return GuardedUserChangeForm(data=data, instance=user)


def test_the_admin_change_form_refuses_renaming_to_a_look_alike_of_another_username() -> None:
    User.objects.create_user("owner.admin", password=PASSWORD)
    user = User.objects.create_user("field.worker", password=PASSWORD)
    form = change_form(user, "owner.\u0430dmin")
    assert not form.is_valid()
    assert "username" in form.errors


def test_the_admin_change_form_lets_an_account_keep_or_recase_its_own_username() -> None:
    user = User.objects.create_user("field.worker", password=PASSWORD)
    assert change_form(user, "field.worker").is_valid()
    assert change_form(user, "Field.Worker").is_valid()


def test_the_admin_change_form_refuses_renaming_to_a_phone_number() -> None:
    user = User.objects.create_user("field.worker", password=PASSWORD)
    form = change_form(user, "0812345678")
    assert not form.is_valid()
    assert "username" in form.errors
