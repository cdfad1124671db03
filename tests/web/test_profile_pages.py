"""The profile page: your name, e-mail and language; your second factor; your live browser
sessions, with sign-out of one or all the others (audited)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from coord.audit.models import AuditEvent
from coord.organisations.models import AccountSession
from coord.organisations.services import describe_client

pytestmark = pytest.mark.django_db

URL = reverse("web:profile")
PASSWORD = "correct horse battery"
PHONE_UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"


def _signed_in(user, user_agent: str = "") -> Client:
    """A browser that signed in through the sign-in page (so its session is recorded)."""
    if not user.check_password(PASSWORD):  # a new hash would end the earlier sessions
        user.set_password(PASSWORD)
        user.save()
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post(reverse("web:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_it_saves_name_email_and_language_and_audits_which_fields(owner_caseworker):
    client = _signed_in(owner_caseworker)
    response = client.post(
        URL,
        {"first_name": "Dara", "last_name": "Sok", "email": "dara@example.org", "language": "km"},
    )
    assert response.status_code == 302
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.get_full_name() == "Dara Sok"
    assert owner_caseworker.membership.language == "km"
    assert response.cookies["django_language"].value == "km"
    event = AuditEvent.objects.filter(action="account.update").latest("seq")
    assert sorted(event.details["fields"]) == ["email", "first_name", "language", "last_name"]
    assert "Dara" not in str(event.details)


@pytest.mark.parametrize("name", ["Call 012345678", "a@b.org", "Room 12"])
def test_it_refuses_a_name_that_is_not_a_name(owner_caseworker, name):
    client = _signed_in(owner_caseworker)
    response = client.post(URL, {"first_name": name, "last_name": "", "email": "", "language": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["first_name"]
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.first_name == ""


def test_it_accepts_names_in_every_script(owner_caseworker):
    client = _signed_in(owner_caseworker)
    data = {"first_name": "ដារា", "last_name": "Nguyễn-Thị O'Lan", "email": "", "language": ""}
    assert client.post(URL, data).status_code == 302


def test_the_chosen_language_follows_the_person_to_a_new_browser(owner_caseworker):
    owner_caseworker.membership.language = "th"
    owner_caseworker.membership.save()
    other = Client()
    owner_caseworker.set_password(PASSWORD)
    owner_caseworker.save()
    response = other.post(
        reverse("web:login"), {"username": owner_caseworker.username, "password": PASSWORD}
    )
    assert response.cookies["django_language"].value == "th"


def test_it_lists_the_live_sessions_and_marks_this_one(owner_caseworker):
    phone = _signed_in(owner_caseworker, PHONE_UA)
    laptop = _signed_in(owner_caseworker)
    sessions = laptop.get(URL).context["sessions"]
    assert len(sessions) == 2
    assert [item["current"] for item in sessions] == [True, False]
    assert "Chrome on Android" in laptop.get(URL).content.decode()
    assert phone.get(reverse("web:home")).status_code == 200


def test_it_signs_out_every_other_browser_and_token(owner_caseworker):
    phone = _signed_in(owner_caseworker, PHONE_UA)
    laptop = _signed_in(owner_caseworker)
    AuthToken.objects.create(user=owner_caseworker)
    response = laptop.post(reverse("web:sessions-end-others"))
    assert response.status_code == 302
    assert phone.get(reverse("web:home")).status_code == 302  # back to sign-in
    assert laptop.get(reverse("web:home")).status_code == 200
    assert not AuthToken.objects.filter(user=owner_caseworker).exists()
    event = AuditEvent.objects.filter(action="auth.sessions_ended").latest("seq")
    assert event.details == {"sessions": 1, "tokens_revoked": 1}


def test_it_signs_out_one_other_browser(owner_caseworker):
    phone = _signed_in(owner_caseworker, PHONE_UA)
    laptop = _signed_in(owner_caseworker)
    other = AccountSession.objects.get(client="Chrome on Android")
    assert laptop.post(reverse("web:session-end", args=[other.public_id])).status_code == 302
    assert phone.get(reverse("web:home")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.session_ended").exists()


def test_it_will_not_sign_out_someone_elses_session(owner_caseworker, owner_admin):
    _signed_in(owner_admin)
    theirs = AccountSession.objects.get(user=owner_admin)
    mine = _signed_in(owner_caseworker)
    response = mine.post(reverse("web:session-end", args=[theirs.public_id]))
    assert response.status_code == 404
    assert Session.objects.filter(session_key=theirs.session_key).exists()


def test_a_session_that_ended_is_not_listed(owner_caseworker):
    first = _signed_in(owner_caseworker)
    first.post(reverse("web:logout"))
    second = _signed_in(owner_caseworker)
    assert len(second.get(URL).context["sessions"]) == 1
    assert AccountSession.objects.filter(user=owner_caseworker).count() == 1


def test_it_says_whether_a_second_factor_is_set_up(owner_caseworker):
    page = _signed_in(owner_caseworker).get(URL).content.decode()
    assert "password only" in page


def test_it_sends_strangers_to_sign_in():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (PHONE_UA, "Chrome on Android"),
        (
            "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on Windows",
        ),
        ("curl/8.5", ""),
    ],
)
def test_it_describes_a_browser_coarsely(agent, expected):
    assert describe_client(agent) == expected
