"""The overdue sweep: the author and the case's owner are told once per overdue follow-up."""

from __future__ import annotations

import pytest

from coord.followups.services import followup_update
from coord.followups.tasks import notify_overdue
from sharing_policies.models import Notification, NotificationKind
from tests.followups.conftest import days

pytestmark = pytest.mark.django_db


def _notes():
    return Notification.objects.filter(kind=NotificationKind.FOLLOWUP_OVERDUE)


def test_it_tells_the_owner_of_an_overdue_follow_up(make_followup, owner_caseworker):
    make_followup(due=days(-1))
    assert notify_overdue.delay().get() == 1
    assert list(_notes().values_list("recipient_user", flat=True)) == [owner_caseworker.pk]


def test_it_tells_only_once(make_followup):
    make_followup(due=days(-1))
    notify_overdue()
    assert notify_overdue() == 0
    assert _notes().count() == 1


def test_it_leaves_follow_ups_not_yet_due(make_followup):
    make_followup(due=days(0))
    assert notify_overdue() == 0


def test_it_leaves_done_and_missed_ones(make_followup):
    make_followup(due=days(-3), status="done")
    make_followup(due=days(-3), status="missed")
    assert notify_overdue() == 0


def test_it_tells_the_case_owner_when_a_colleague_wrote_it(
    make_followup, owner_caseworker, owner_admin
):
    make_followup(due=days(-1), actor=owner_admin)
    notify_overdue()
    assert set(_notes().values_list("recipient_user", flat=True)) == {
        owner_caseworker.pk,
        owner_admin.pk,
    }


def test_it_tells_again_after_a_new_date_passes(make_followup, owner_caseworker):
    followup = make_followup(due=days(-5))
    notify_overdue()
    followup_update(actor=owner_caseworker, followup=followup, data={"due_date": days(-1)})
    assert notify_overdue() == 1


def test_the_note_names_the_follow_up_not_its_text(make_followup):
    followup = make_followup(due=days(-1))
    notify_overdue()
    note = _notes().get()
    assert (note.object_type, note.object_id) == ("follow_up", str(followup.public_id))
