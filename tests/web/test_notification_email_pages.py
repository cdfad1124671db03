"""The profile page's "Notifications by e-mail" section: each person ticks the kinds they
also want by e-mail (none by default), for their own account only, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coord.audit.models import AuditEvent
from sharing_policies.models import NotificationEmailOptIn

pytestmark = pytest.mark.django_db

URL = reverse("web:notification-emails")


def chosen(user) -> list[str]:
    return sorted(NotificationEmailOptIn.objects.filter(user=user).values_list("kind", flat=True))


def test_it_shows_every_kind_unticked_by_default(client, owner_admin):
    client.force_login(owner_admin)
    response = client.get(reverse("web:profile"))
    assert response.status_code == 200
    assert response.context["email_form"]["kinds"].value() == []
    assert 'value="referral_received"' in response.content.decode()


def test_it_labels_the_kinds_in_the_persons_language(client, owner_admin):
    owner_admin.membership.language = "th"
    owner_admin.membership.save(update_fields=["language"])
    client.force_login(owner_admin)
    content = client.get(reverse("web:profile"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "Referral received" not in content


def test_it_turns_e_mail_on_for_the_chosen_kinds_and_audits_it(client, owner_admin):
    client.force_login(owner_admin)
    response = client.post(URL, {"kinds": ["referral_received", "grant_expiring"]})
    assert response.status_code == 302
    assert chosen(owner_admin) == ["grant_expiring", "referral_received"]
    event = AuditEvent.objects.filter(action="account.notification_email").latest("seq")
    assert event.details["kinds"] == ["grant_expiring", "referral_received"]
    ticked = client.get(reverse("web:profile")).context["email_form"]["kinds"].value()
    assert sorted(ticked) == ["grant_expiring", "referral_received"]


def test_it_turns_e_mail_off_again(client, owner_admin):
    NotificationEmailOptIn.objects.create(user=owner_admin, kind="referral_received")
    client.force_login(owner_admin)
    assert client.post(URL, {}).status_code == 302
    assert chosen(owner_admin) == []


def test_it_changes_only_the_signed_in_persons_choices(client, owner_admin, owner_caseworker):
    NotificationEmailOptIn.objects.create(user=owner_caseworker, kind="share_created")
    client.force_login(owner_admin)
    client.post(URL, {"kinds": ["referral_received"], "user": owner_caseworker.pk})
    assert chosen(owner_caseworker) == ["share_created"]
    assert chosen(owner_admin) == ["referral_received"]


def test_it_refuses_an_unknown_kind_and_keeps_the_choices(client, owner_admin):
    NotificationEmailOptIn.objects.create(user=owner_admin, kind="share_created")
    client.force_login(owner_admin)
    response = client.post(URL, {"kinds": ["everything"]})
    assert response.status_code == 302
    assert chosen(owner_admin) == ["share_created"]


def test_it_needs_a_signed_in_person(client):
    response = client.post(URL, {"kinds": ["share_created"]})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert NotificationEmailOptIn.objects.count() == 0
