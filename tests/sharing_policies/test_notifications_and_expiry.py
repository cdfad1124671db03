"""Notifications, and the beat task that marks expiry and warns both sides once."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from coord.audit.models import AuditEvent
from sharing_policies.models import CaseShare, Notification, SharingGrant
from sharing_policies.services import sharing_expire
from sharing_policies.tasks import expire_and_warn
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def kinds(api, user) -> list[str]:
    return [n["kind"] for n in api.as_user(user).get(URL).json()["results"]]


def test_it_marks_a_notification_read(api, make_request, owner_admin):
    make_request()
    note = api.as_user(owner_admin).get(URL).json()["results"][0]
    response = api.as_user(owner_admin).post(f"{URL}{note['id']}/read/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["read_at"]
    assert api.as_user(owner_admin).get(URL, {"unread": "1"}).json()["count"] == 0


def test_it_answers_404_for_someone_elses_notification(
    api, make_request, owner_admin, stranger_admin
):
    make_request()
    note = api.as_user(owner_admin).get(URL).json()["results"][0]
    assert (
        api.as_user(stranger_admin).post(f"{URL}{note['id']}/read/", {}, format="json").status_code
        == 404
    )
    assert AuditEvent.objects.filter(action="notification.read_denied", outcome="denied").exists()


def test_it_notifies_the_partners_admins_of_a_share(api, grantee_admin, case, make_share):
    make_share(case)
    assert kinds(api, grantee_admin) == ["share_created"]


def test_it_does_not_notify_the_partners_caseworkers_of_a_share(
    api, grantee_caseworker, case, make_share
):
    make_share(case)
    assert kinds(api, grantee_caseworker) == []


def test_it_schedules_the_expiry_task():
    entries = [e["task"] for e in django_settings.CELERY_BEAT_SCHEDULE.values()]
    assert "sharing_policies.tasks.expire_and_warn" in entries


def test_it_marks_expired_grants_and_audits_once(make_grant):
    grant = make_grant(until=days(-1))
    assert expire_and_warn.delay().get()["grants_expired"] == 1
    assert SharingGrant.objects.get(pk=grant.pk).expired
    assert sharing_expire()["grants_expired"] == 0
    assert (
        AuditEvent.objects.filter(action="grant.expired", object_id=str(grant.public_id)).count()
        == 1
    )


def test_it_leaves_live_and_revoked_grants_unmarked(make_grant, owner_admin):
    from sharing_policies.services import grant_revoke

    live = make_grant(until=days(30))
    gone = grant_revoke(actor=owner_admin, grant=make_grant(scope="narratives", until=days(-2)))
    sharing_expire()
    assert not SharingGrant.objects.get(pk=live.pk).expired
    assert not SharingGrant.objects.get(pk=gone.pk).expired


def test_it_marks_expired_shares_and_takes_the_permission_back(
    case, make_share, grantee_caseworker
):
    share = make_share(case)
    CaseShare.objects.filter(pk=share.pk).update(valid_until=days(-1))
    assert sharing_expire()["shares_expired"] == 1
    fresh = type(grantee_caseworker).objects.get(pk=grantee_caseworker.pk)
    assert not fresh.has_perm("cases.view_shared_case", case)


def test_it_warns_both_sides_once_before_expiry(
    api, make_grant, owner_admin, grantee_admin, settings
):
    settings.COORD_GRANT_WARN_DAYS = 7
    make_grant(until=days(5))
    assert sharing_expire()["grants_warned"] == 1
    assert sharing_expire()["grants_warned"] == 0
    assert kinds(api, owner_admin).count("grant_expiring") == 1
    assert kinds(api, grantee_admin).count("grant_expiring") == 1


def test_it_does_not_warn_early(make_grant, settings):
    settings.COORD_GRANT_WARN_DAYS = 7
    make_grant(until=days(8))
    assert sharing_expire()["grants_warned"] == 0
    assert not Notification.objects.filter(kind="grant_expiring").exists()
