"""Account pages: change your own password, the member pages' one-time reset code and
second-factor reset, the forced change after an admin-set password, "forgot password"
by e-mail, the signed-out message, and /admin/ for staff only."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from coord.audit.models import AuditEvent
from coord.organisations.models import Membership, Role
from tests.conftest import TEST_PASSWORD
from tests.factories import member

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase"
CHANGE = "/account/password/"


def _sign_in(client: Client, username: str, password: str = TEST_PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def _change(client: Client, current: str = TEST_PASSWORD, new: str = NEW_PASSWORD):
    return client.post(
        CHANGE,
        {"current_password": current, "new_password": new, "new_password_again": new},
    )


def test_it_shows_the_change_page(web, owner_caseworker):
    response = web.as_user(owner_caseworker).get(CHANGE)
    assert response.status_code == 200
    assert b'name="current_password"' in response.content


def test_it_sends_strangers_from_the_change_page_to_sign_in(client, db):
    assert client.get(CHANGE)["Location"].startswith("/login/")


def test_it_changes_the_password_and_keeps_this_browser_signed_in(web, owner_caseworker):
    web.as_user(owner_caseworker)
    response = _change(web)
    assert response.status_code == 302
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.check_password(NEW_PASSWORD)
    assert web.get("/").status_code == 200


def test_it_signs_out_the_other_browser_sessions(owner_caseworker):
    other, this = Client(), Client()
    _sign_in(other, "owner.caseworker")
    _sign_in(this, "owner.caseworker")
    _change(this)
    assert other.get("/")["Location"].startswith("/login/")
    assert this.get("/").status_code == 200


def test_it_refuses_a_wrong_current_password_and_counts_it(web, owner_caseworker):
    response = _change(web.as_user(owner_caseworker), current="not-the-password")
    assert response.status_code == 200
    assert "Your current password is not correct." in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_failed").exists()
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.check_password(TEST_PASSWORD)


def test_it_refuses_two_different_new_passwords(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        CHANGE,
        {
            "current_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD + "x",
        },
    )
    assert "The two new passwords differ." in response.content.decode()


def test_a_new_member_is_sent_to_the_change_page_first(web, owner_admin):
    web.as_user(owner_admin).post(
        "/org/owner-org/members/add/",
        {"username": "new.worker", "password": TEST_PASSWORD, "role": "caseworker"},
    )
    newcomer = Client()
    _sign_in(newcomer, "new.worker")
    assert newcomer.get("/cases/")["Location"] == CHANGE


def test_the_change_page_lets_the_member_continue_afterwards(web, owner_admin):
    web.as_user(owner_admin).post(
        "/org/owner-org/members/add/",
        {"username": "new.worker", "password": TEST_PASSWORD, "role": "caseworker"},
    )
    newcomer = Client()
    _sign_in(newcomer, "new.worker")
    assert "before you continue" in newcomer.get(CHANGE).content.decode()
    _change(newcomer)
    assert newcomer.get("/cases/").status_code == 200


def test_a_member_whose_change_is_due_can_still_sign_out(owner_caseworker):
    Membership.objects.filter(user=owner_caseworker).update(password_state="set_by_admin")
    client = Client()
    _sign_in(client, "owner.caseworker")
    assert client.post("/logout/")["Location"] == "/login/"


# The member pages: one-time code and second factor


def test_the_member_page_offers_the_resets(web, owner_admin, owner_caseworker):
    page = web.as_user(owner_admin).get("/org/owner-org/members/owner.caseworker/")
    assert b"/org/owner-org/members/owner.caseworker/reset/" in page.content
    assert b"/second-factor/reset/" in page.content


def test_an_admin_sees_the_code_once_after_confirming(web, owner_admin, owner_caseworker):
    url = "/org/owner-org/members/owner.caseworker/reset/"
    web.as_user(owner_admin)
    assert Membership.objects.get(user=owner_caseworker).password_state == "ok"
    assert web.get(url).status_code == 200
    response = web.post(url)
    code = re.search(r'id="reset-code">([a-z0-9-]+)<', response.content.decode()).group(1)
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.check_password(code)


def test_the_code_signs_in_and_the_member_must_change_it(web, owner_admin, owner_caseworker):
    response = web.as_user(owner_admin).post("/org/owner-org/members/owner.caseworker/reset/")
    code = re.search(r'id="reset-code">([a-z0-9-]+)<', response.content.decode()).group(1)
    client = Client()
    _sign_in(client, "owner.caseworker", code)
    assert client.get("/")["Location"] == CHANGE


def test_a_used_code_does_not_sign_in_again(web, owner_admin, owner_caseworker):
    response = web.as_user(owner_admin).post("/org/owner-org/members/owner.caseworker/reset/")
    code = re.search(r'id="reset-code">([a-z0-9-]+)<', response.content.decode()).group(1)
    _sign_in(Client(), "owner.caseworker", code)
    again = _sign_in(Client(), "owner.caseworker", code)
    assert again.status_code == 200
    assert "no longer works" in again.content.decode()


def test_a_caseworker_gets_403_on_the_reset_page(web, owner_caseworker, owner_org):
    member(owner_org, Role.CASEWORKER, "colleague")
    response = web.as_user(owner_caseworker).post("/org/owner-org/members/colleague/reset/")
    assert response.status_code == 403


def test_another_organisations_admin_gets_404_on_the_reset_page(
    web, stranger_admin, owner_caseworker
):
    response = web.as_user(stranger_admin).post("/org/owner-org/members/owner.caseworker/reset/")
    assert response.status_code == 404


def test_an_admin_resets_a_second_factor_after_confirming(web, owner_admin, owner_caseworker):
    from django_otp import user_has_device
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=owner_caseworker, name="authenticator", confirmed=True)
    url = "/org/owner-org/members/owner.caseworker/second-factor/reset/"
    web.as_user(owner_admin).post(url)
    assert not user_has_device(owner_caseworker)
    assert AuditEvent.objects.filter(action="member.second_factor_reset").exists()


def test_the_member_list_shows_the_last_sign_in(web, owner_admin, owner_caseworker):
    _sign_in(Client(), "owner.caseworker")
    page = web.as_user(owner_admin).get("/org/owner-org/members/").content.decode()
    assert "Last sign-in" in page
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.last_login.strftime("%Y-%m-%d") in page


# Forgot password


def test_forgot_password_mails_a_link_to_an_account_with_that_address(client, owner_caseworker):
    owner_caseworker.email = "worker@example.org"
    owner_caseworker.save()
    response = client.post("/password/forgot/", {"email": "worker@example.org"})
    assert response["Location"] == "/password/forgot/sent/"
    assert len(mail.outbox) == 1
    assert "/password/reset/" in mail.outbox[0].body


def test_forgot_password_answers_the_same_for_an_unknown_address(client, db):
    response = client.post("/password/forgot/", {"email": "nobody@example.org"})
    assert response["Location"] == "/password/forgot/sent/"
    assert mail.outbox == []


def test_the_mailed_link_sets_a_password_and_revokes_tokens(client, owner_caseworker):
    from knox.models import AuthToken

    AuthToken.objects.create(owner_caseworker)
    owner_caseworker.email = "worker@example.org"
    owner_caseworker.save()
    client.post("/password/forgot/", {"email": "worker@example.org"})
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/password/reset/done/"
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.check_password(NEW_PASSWORD)
    assert not AuthToken.objects.filter(user=owner_caseworker).exists()
    assert AuditEvent.objects.filter(action="auth.password_reset_by_email").exists()


def test_forgot_password_is_throttled_like_sign_in(client, settings, db):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login": "2/min",
        },
    }
    codes = [
        client.post("/password/forgot/", {"email": "a@example.org"}).status_code for _ in range(3)
    ]
    assert codes == [302, 302, 429]


# Sign-out and /admin/


def test_it_says_you_are_signed_out(web, owner_caseworker):
    web.as_user(owner_caseworker).post("/logout/")
    page = web.get("/login/").content.decode()
    assert "You are signed out." in page


def test_admin_gives_a_coordinator_one_403_page(web, network_coordinator):
    response = web.as_user(network_coordinator).get("/admin/")
    assert response.status_code == 403
    assert "for the server" in response.content.decode()


def test_admin_still_opens_for_staff(web, db):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_superuser("operator", password=TEST_PASSWORD)
    assert web.as_user(staff).get("/admin/").status_code == 200


def test_admin_sends_strangers_to_sign_in(client, db):
    assert client.get("/admin/").status_code == 302


def test_sessions_of_the_member_end_after_a_reset(web, owner_admin, owner_caseworker):
    member_browser = Client()
    _sign_in(member_browser, "owner.caseworker")
    assert Session.objects.count() >= 1
    web.as_user(owner_admin).post("/org/owner-org/members/owner.caseworker/reset/")
    assert member_browser.get("/")["Location"].startswith("/login/")
