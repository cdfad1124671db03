"""Notification e-mail (issue 18): off by default, one plain mail per notification to each
person who asked for that kind, sent by a Celery task after commit, never case content."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from sharing_policies.models import NotificationEmailOptIn, NotificationKind
from sharing_policies.services.common import notify
from sharing_policies.tasks import send_notification_emails
from tests.sharing_policies.conftest import SUMMARY

pytestmark = pytest.mark.django_db


def opt_in(user, kind: str = "share_created", email: str = "reader@example.org") -> None:
    user.email = email
    user.save(update_fields=["email"])
    NotificationEmailOptIn.objects.create(user=user, kind=kind)


def test_it_mails_an_opted_in_recipient_once_without_case_content(
    grantee_admin, owner_org, case, make_share, django_capture_on_commit_callbacks
):
    opt_in(grantee_admin)
    with django_capture_on_commit_callbacks(execute=True):
        make_share(case)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    text = f"{message.subject}\n{message.body}"
    assert "/notifications/" in message.body
    assert case.reference not in text
    assert SUMMARY not in text
    assert owner_org.name not in text
    assert owner_org.slug not in text


def test_it_mails_no_one_by_default(
    grantee_admin, case, make_share, django_capture_on_commit_callbacks
):
    grantee_admin.email = "reader@example.org"
    grantee_admin.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        make_share(case)
    assert mail.outbox == []


def test_it_does_not_mail_about_a_kind_the_person_did_not_choose(
    grantee_admin, case, make_share, django_capture_on_commit_callbacks
):
    opt_in(grantee_admin, kind="referral_received")
    with django_capture_on_commit_callbacks(execute=True):
        make_share(case)
    assert mail.outbox == []


def test_it_does_not_mail_a_person_without_an_address(
    grantee_admin, case, make_share, django_capture_on_commit_callbacks
):
    opt_in(grantee_admin, email="")
    with django_capture_on_commit_callbacks(execute=True):
        make_share(case)
    assert mail.outbox == []


def test_it_queues_nothing_before_the_transaction_commits(
    grantee_admin, case, make_share, django_capture_on_commit_callbacks
):
    opt_in(grantee_admin)
    with django_capture_on_commit_callbacks(execute=False):
        make_share(case)
    assert mail.outbox == []


def test_it_sends_no_mail_to_someone_who_opted_out_after_the_note_was_queued(grantee_admin):
    opt_in(grantee_admin)
    NotificationEmailOptIn.objects.filter(user=grantee_admin).delete()
    assert send_notification_emails("share_created", [grantee_admin.pk]) == 0
    assert mail.outbox == []


def test_it_writes_the_mail_in_the_recipients_language(grantee_admin):
    opt_in(grantee_admin)
    grantee_admin.membership.language = "th"
    grantee_admin.membership.save(update_fields=["language"])
    send_notification_emails("share_created", [grantee_admin.pk])
    with translation.override("th"):
        label = str(NotificationKind.SHARE_CREATED.label)
    assert mail.outbox[0].subject == f"การแจ้งเตือนใหม่: {label}"


def test_it_reads_the_preferences_of_all_recipients_in_one_query(
    owner_org, owner_admin, owner_caseworker, case, django_assert_num_queries
):
    opt_in(owner_admin, kind="grant_expiring", email="a@example.org")
    opt_in(owner_caseworker, kind="grant_expiring", email="b@example.org")
    # the members of the organisation, the preferences, the notes: three, whoever is told
    with django_assert_num_queries(3):
        notify(
            kind="grant_expiring",
            obj=case,
            object_type="case",
            object_id=case.reference,
            organisation=owner_org,
        )
