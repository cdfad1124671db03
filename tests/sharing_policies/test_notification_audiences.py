"""Who is told of each outcome (docs/sharing.md, "Notifications"): admins for requests and
grants; caseworkers only for cases they own or shares and referrals they sent; never the
person who acted; each person has their own unread state."""

from __future__ import annotations

import pytest

from coord.organisations.models import Role
from sharing_policies import services
from sharing_policies.models import Notification
from tests.factories import member
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db


def kinds_of(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient_user=user).values_list("kind", flat=True))


def test_approval_tells_the_requesting_admins(grantee_admin, grantee_caseworker, make_grant):
    make_grant()
    assert kinds_of(grantee_admin) == ["request_approved"]


def test_approval_is_not_told_to_the_requesting_caseworkers(grantee_caseworker, make_grant):
    make_grant()
    assert kinds_of(grantee_caseworker) == []


def test_a_narrowed_approval_has_its_own_kind(grantee_admin, make_request, owner_admin):
    req = make_request(valid_until=days(30))
    services.access_request_approve(actor=owner_admin, access_request=req, valid_until=days(10))
    assert kinds_of(grantee_admin) == ["request_narrowed"]


def test_a_denial_tells_the_requesting_admins(grantee_admin, make_request, owner_admin):
    services.access_request_deny(actor=owner_admin, access_request=make_request())
    assert kinds_of(grantee_admin) == ["request_denied"]


def test_a_request_is_told_to_the_receiving_admins_only(
    owner_admin, owner_caseworker, make_request
):
    make_request()
    assert (kinds_of(owner_admin), kinds_of(owner_caseworker)) == (["request_received"], [])


def test_a_revocation_tells_the_grantee_admins_not_caseworkers(
    grantee_admin, grantee_caseworker, make_grant, owner_admin
):
    grant = make_grant()
    Notification.objects.all().delete()
    services.grant_revoke(actor=owner_admin, grant=grant)
    assert (kinds_of(grantee_admin), kinds_of(grantee_caseworker)) == (["grant_revoked"], [])


def test_a_stopped_share_tells_its_sender_when_someone_else_stops_it(
    owner_caseworker, owner_admin, grantee_admin, make_case, make_share
):
    case = make_case(actor=owner_caseworker)
    share = make_share(case, actor=owner_caseworker)
    Notification.objects.all().delete()
    services.share_revoke(actor=owner_admin, share=share)
    assert kinds_of(owner_caseworker) == ["share_revoked"]
    assert kinds_of(grantee_admin) == ["share_revoked"]
    assert kinds_of(owner_admin) == []


def test_a_share_is_not_told_to_caseworkers_who_neither_own_nor_sent_it(
    owner_org, owner_admin, make_case, make_share
):
    bystander = member(owner_org, Role.CASEWORKER, "bystander")
    share = make_share(make_case())
    services.share_revoke(actor=owner_admin, share=share)
    assert kinds_of(bystander) == []


def _referral(case, sender, grantee_org):
    return services.referral_create(
        actor=sender,
        case=case,
        to_organisation=grantee_org,
        reason="legal",
        valid_until=days(30),
    )


def test_a_referral_is_told_to_the_receiving_members(
    grantee_admin, grantee_caseworker, owner_caseworker, make_case, grantee_org
):
    _referral(make_case(actor=owner_caseworker), owner_caseworker, grantee_org)
    assert kinds_of(grantee_caseworker) == ["referral_received"]
    assert kinds_of(grantee_admin) == ["referral_received"]


def test_a_declined_referral_tells_its_sender(
    owner_caseworker, grantee_caseworker, make_case, grantee_org
):
    referral = _referral(make_case(actor=owner_caseworker), owner_caseworker, grantee_org)
    services.referral_transition(actor=grantee_caseworker, referral=referral, action="decline")
    assert kinds_of(owner_caseworker) == ["referral_declined"]


def test_an_accepted_referral_is_not_told_to_other_caseworkers(
    owner_org, owner_caseworker, grantee_caseworker, make_case, grantee_org
):
    bystander = member(owner_org, Role.CASEWORKER, "bystander")
    referral = _referral(make_case(actor=owner_caseworker), owner_caseworker, grantee_org)
    services.referral_transition(actor=grantee_caseworker, referral=referral, action="accept")
    assert kinds_of(owner_caseworker) == ["referral_accepted"]
    assert kinds_of(bystander) == []


def test_the_actor_is_never_told_of_their_own_act(
    grantee_caseworker, grantee_admin, owner_caseworker, make_case, grantee_org
):
    referral = _referral(make_case(actor=owner_caseworker), owner_caseworker, grantee_org)
    services.referral_transition(actor=grantee_caseworker, referral=referral, action="accept")
    assert "referral_accepted" not in kinds_of(grantee_caseworker)


def test_each_admin_has_their_own_unread_state(owner_org, owner_admin, make_request):
    second = member(owner_org, Role.ADMIN, "second.admin")
    make_request()
    note = Notification.objects.get(recipient_user=owner_admin)
    services.notification_mark_read(actor=owner_admin, notification=note)
    assert Notification.objects.get(recipient_user=second).read_at is None


def test_an_expired_share_tells_the_partner_admins_and_the_sender(
    grantee_admin, owner_caseworker, make_case, make_share
):
    from sharing_policies.models import CaseShare

    share = make_share(make_case(actor=owner_caseworker), actor=owner_caseworker)
    CaseShare.objects.filter(pk=share.pk).update(valid_until=days(-1))
    Notification.objects.all().delete()
    services.sharing_expire()
    assert kinds_of(grantee_admin) == ["share_expired"]
    assert kinds_of(owner_caseworker) == ["share_expired"]


def _aged(user, *, read_days_ago: int | None) -> Notification:
    from datetime import timedelta

    from django.utils import timezone

    note = Notification.objects.create(
        kind="audit_witness_failed",
        object_type="audit_tree_head",
        object_id="1",
        recipient_user=user,
    )
    if read_days_ago is not None:
        note.read_at = timezone.now() - timedelta(days=read_days_ago)
        note.save(update_fields=["read_at"])
    return note


def test_pruning_deletes_notes_read_long_ago(owner_admin, settings):
    from sharing_policies.tasks import prune_notifications

    settings.COORD_NOTIFICATION_KEEP_DAYS = 30
    old = _aged(owner_admin, read_days_ago=31)
    assert prune_notifications() == 1
    assert not Notification.objects.filter(pk=old.pk).exists()


def test_pruning_keeps_recently_read_and_unread_notes(owner_admin, settings):
    from sharing_policies.tasks import prune_notifications

    settings.COORD_NOTIFICATION_KEEP_DAYS = 30
    _aged(owner_admin, read_days_ago=29)
    _aged(owner_admin, read_days_ago=None)
    assert prune_notifications() == 0
    assert Notification.objects.filter(recipient_user=owner_admin).count() == 2


def test_pruning_runs_daily_in_beat():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["sharing-prune-notifications"]
    assert entry["task"] == "sharing_policies.tasks.prune_notifications"
