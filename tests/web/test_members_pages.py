"""Organisation admin pages: the same policy as the API (own admins only), the same
services (audited), and a confirmation before deactivating anyone."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from coord.audit.models import AuditEvent
from coord.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db
User = get_user_model()


def _list(slug="owner-org"):
    return reverse("web:member-list", args=[slug])


def test_it_lists_members_for_the_own_admin(web, owner_admin, owner_caseworker):
    response = web.as_user(owner_admin).get(_list())
    assert response.status_code == 200
    assert "owner.caseworker" in response.content.decode()


def test_it_refuses_the_member_list_to_caseworkers(web, owner_caseworker):
    assert web.as_user(owner_caseworker).get(_list()).status_code == 403


def test_it_hides_another_organisations_members_and_audits_it(web, stranger_admin, owner_org):
    response = web.as_user(stranger_admin).get(_list())
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="member.access_denied")
    assert event.outcome == "denied"
    assert event.organisation == "owner-org"


def test_it_hides_members_from_coordinators(web, network_coordinator, owner_org):
    assert web.as_user(network_coordinator).get(_list()).status_code == 404


def test_it_adds_a_member(web, owner_admin):
    response = web.as_user(owner_admin).post(
        reverse("web:member-add", args=["owner-org"]),
        {"username": "new.worker", "password": "a-long-unusual-pass-42", "role": "caseworker"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="new.worker")
    assert membership.role == Role.CASEWORKER
    assert membership.organisation.slug == "owner-org"
    assert AuditEvent.objects.filter(action="member.create", actor_username="owner.admin").exists()


def test_it_shows_service_errors_next_to_the_field(web, owner_admin, owner_caseworker):
    response = web.as_user(owner_admin).post(
        reverse("web:member-add", args=["owner-org"]),
        {"username": "owner.caseworker", "password": "a-long-unusual-pass-42", "role": "admin"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["This username is taken."]


def test_it_refuses_a_weak_password_without_writing(web, owner_admin):
    response = web.as_user(owner_admin).post(
        reverse("web:member-add", args=["owner-org"]),
        {"username": "weak.one", "password": "password", "role": "caseworker"},
    )
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(username="weak.one").exists()


def test_it_refuses_a_coordinator_role_from_the_form(web, owner_admin):
    response = web.as_user(owner_admin).post(
        reverse("web:member-add", args=["owner-org"]),
        {"username": "sneaky", "password": "a-long-unusual-pass-42", "role": "coordinator"},
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="sneaky").exists()


def test_it_refuses_adding_members_to_another_organisation(web, stranger_admin, owner_org):
    response = web.as_user(stranger_admin).post(
        reverse("web:member-add", args=["owner-org"]),
        {"username": "planted", "password": "a-long-unusual-pass-42", "role": "admin"},
    )
    assert response.status_code == 404
    assert not User.objects.filter(username="planted").exists()


def test_it_changes_a_role(web, owner_admin, owner_caseworker):
    url = reverse("web:member-detail", args=["owner-org", "owner.caseworker"])
    response = web.as_user(owner_admin).post(url, {"role": "admin"})
    assert response.status_code == 302
    assert Membership.objects.get(user=owner_caseworker).role == Role.ADMIN


def test_it_refuses_changing_the_own_role(web, owner_admin):
    url = reverse("web:member-detail", args=["owner-org", "owner.admin"])
    response = web.as_user(owner_admin).post(url, {"role": "caseworker"})
    assert response.status_code == 403
    assert Membership.objects.get(user=owner_admin).role == Role.ADMIN


def test_it_asks_before_deactivating(web, owner_admin, owner_caseworker):
    url = reverse("web:member-deactivate", args=["owner-org", "owner.caseworker"])
    response = web.as_user(owner_admin).get(url)
    assert response.status_code == 200
    assert "Yes, deactivate" in response.content.decode()
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.is_active


def test_it_deactivates_after_confirmation(web, owner_admin, owner_caseworker):
    url = reverse("web:member-deactivate", args=["owner-org", "owner.caseworker"])
    assert web.as_user(owner_admin).post(url).status_code == 302
    owner_caseworker.refresh_from_db()
    assert not owner_caseworker.is_active
    assert AuditEvent.objects.filter(action="member.update", actor_username="owner.admin").exists()


def test_it_reactivates_after_confirmation(web, owner_admin, owner_caseworker):
    owner_caseworker.is_active = False
    owner_caseworker.save()
    url = reverse("web:member-reactivate", args=["owner-org", "owner.caseworker"])
    assert web.as_user(owner_admin).post(url).status_code == 302
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.is_active


def test_it_refuses_deactivating_oneself(web, owner_admin):
    url = reverse("web:member-deactivate", args=["owner-org", "owner.admin"])
    assert web.as_user(owner_admin).post(url).status_code == 403


def test_it_refuses_deactivating_another_organisations_member(
    web, stranger_admin, owner_caseworker
):
    url = reverse("web:member-deactivate", args=["owner-org", "owner.caseworker"])
    assert web.as_user(stranger_admin).post(url).status_code == 404
    owner_caseworker.refresh_from_db()
    assert owner_caseworker.is_active


def test_it_shows_deactivated_members_on_the_admin_home(web, owner_admin, owner_caseworker):
    owner_caseworker.is_active = False
    owner_caseworker.save()
    html = web.as_user(owner_admin).get("/").content.decode()
    assert "deactivated member" in html


def test_it_refuses_a_look_alike_of_an_existing_username(web, owner_admin):
    lookalike = "owner.\u0430dmin"  # Cyrillic a (U+0430) in place of Latin a
    response = web.as_user(owner_admin).post(
        reverse("web:member-add", args=["owner-org"]),
        {"username": lookalike, "password": "a-long-unusual-pass-42", "role": "caseworker"},
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not User.objects.filter(username=lookalike).exists()
