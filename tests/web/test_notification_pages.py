"""The notifications inbox: a sentence per note in the reader's language, unread marked,
read one by one or all at once, filtered by kind, paginated, a badge in the header; only
one's own notes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sharing_policies import services
from sharing_policies.models import Notification

pytestmark = pytest.mark.django_db

INBOX = "/notifications/"


def _request(owner_org, grantee_admin):
    return services.access_request_create(
        actor=grantee_admin,
        to_organisation=owner_org,
        scope="summaries",
        valid_until=timezone.localdate() + timedelta(days=30),
    )


def test_it_lists_a_notification_as_a_sentence(web, owner_org, owner_admin, grantee_admin):
    _request(owner_org, grantee_admin)
    page = web.as_user(owner_admin).get(INBOX).content.decode()
    assert "Grantee Org asks for access to your organisation" in page
    assert 'class="unread"' in page


def test_it_shows_the_unread_count_in_the_header(web, owner_org, owner_admin, grantee_admin):
    _request(owner_org, grantee_admin)
    page = web.as_user(owner_admin).get("/").content.decode()
    assert '<span class="badge">1</span>' in page


def test_it_shows_no_badge_without_unread_notes(web, owner_admin):
    assert 'class="badge"' not in web.as_user(owner_admin).get("/").content.decode()


def test_it_marks_one_read(web, owner_org, owner_admin, grantee_admin):
    _request(owner_org, grantee_admin)
    note = Notification.objects.get(recipient_user=owner_admin)
    response = web.as_user(owner_admin).post(f"{INBOX}{note.public_id}/read/")
    assert response["Location"] == INBOX
    note.refresh_from_db()
    assert note.read_at is not None


def test_it_marks_all_read(web, owner_org, owner_admin, grantee_admin, stranger_org):
    _request(owner_org, grantee_admin)
    services.access_request_create(
        actor=grantee_admin,
        to_organisation=owner_org,
        scope="narratives",
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    web.as_user(owner_admin).post(f"{INBOX}read-all/")
    assert not Notification.objects.filter(recipient_user=owner_admin, read_at=None).exists()


def test_marking_all_read_leaves_other_peoples_notes(
    web, owner_org, owner_admin, grantee_admin, grantee_org
):
    _request(owner_org, grantee_admin)
    services.access_request_create(
        actor=owner_admin,
        to_organisation=grantee_org,
        scope="summaries",
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    web.as_user(owner_admin).post(f"{INBOX}read-all/")
    assert Notification.objects.get(recipient_user=grantee_admin).read_at is None


def test_it_gives_404_for_someone_elses_notification(
    web, owner_org, owner_admin, grantee_admin, stranger_admin
):
    _request(owner_org, grantee_admin)
    note = Notification.objects.get(recipient_user=owner_admin)
    response = web.as_user(stranger_admin).post(f"{INBOX}{note.public_id}/read/")
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_it_filters_by_kind(web, owner_org, owner_admin, grantee_admin):
    _request(owner_org, grantee_admin)
    page = web.as_user(owner_admin).get(INBOX, {"kind": "grant_revoked"}).content.decode()
    assert "asks for access" not in page
    assert "No notifications." in page


def test_it_ignores_an_unknown_kind(web, owner_org, owner_admin, grantee_admin):
    _request(owner_org, grantee_admin)
    page = web.as_user(owner_admin).get(INBOX, {"kind": "nonsense"}).content.decode()
    assert "asks for access" in page


def test_it_pages_the_list(web, owner_admin):
    Notification.objects.bulk_create(
        Notification(
            kind="audit_witness_failed",
            object_type="audit_tree_head",
            object_id=str(n),
            recipient_user=owner_admin,
        )
        for n in range(30)
    )
    first = web.as_user(owner_admin).get(INBOX).content.decode()
    second = web.get(INBOX, {"page": 2}).content.decode()
    assert first.count("<li class=") == 25
    assert second.count("<li class=") == 5


def test_it_leaves_machine_tree_head_notes_out(web, owner_org, owner_admin):
    Notification.objects.create(
        kind="audit_tree_head",
        object_type="audit_tree_head",
        object_id="7",
        recipient_organisation=owner_org,
    )
    page = web.as_user(owner_admin).get(INBOX).content.decode()
    assert "No notifications." in page


def test_it_speaks_the_readers_language(web, owner_org, owner_admin, grantee_admin):
    _request(owner_org, grantee_admin)
    web.cookies["django_language"] = "vi"
    page = web.as_user(owner_admin).get(INBOX).content.decode()
    assert "Thông báo" in page


def test_the_requester_sees_a_denial_with_the_reason_on_the_sharing_page(
    web, owner_org, owner_admin, grantee_admin
):
    req = _request(owner_org, grantee_admin)
    services.access_request_deny(
        actor=owner_admin, access_request=req, reason="We only share with shelters."
    )
    inbox = web.as_user(grantee_admin).get(INBOX).content.decode()
    assert "denied your access request" in inbox
    sharing = web.get("/sharing/").content.decode()
    assert "We only share with shelters." in sharing
