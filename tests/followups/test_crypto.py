"""Follow-up notes under the owner's key: rotation moves them, shredding ends them, a
ciphertext copied to another follow-up does not open."""

from __future__ import annotations

import pytest

from coord.crypto.services import (
    organisation_key_rotate,
    organisation_keys_shred,
    reencrypt,
    token_version,
)
from coord.followups.models import FollowUp
from tests.followups.conftest import NOTE

pytestmark = pytest.mark.django_db


def _note(api, user, case, followup) -> tuple:
    rows = api.as_user(user).get(f"/api/v1/cases/{case.reference}/follow-ups/").json()["results"]
    row = next(r for r in rows if r["id"] == str(followup.public_id))
    return row["note"], row["note_state"]


def test_rotation_moves_notes_to_the_new_key(api, case, owner_org, owner_caseworker, make_followup):
    followup = make_followup()
    before = token_version(followup.note_ct)
    organisation_key_rotate(organisation=owner_org)
    reencrypt(batch_size=10)
    followup.refresh_from_db()
    assert token_version(followup.note_ct) > before
    assert _note(api, owner_caseworker, case, followup) == (NOTE, "available")


def test_shredding_makes_notes_unreadable(api, case, owner_org, owner_caseworker, make_followup):
    followup = make_followup()
    organisation_keys_shred(organisation=owner_org)
    assert _note(api, owner_caseworker, case, followup) == (None, "shredded")


def test_a_note_copied_to_another_follow_up_does_not_open(
    api, case, owner_caseworker, make_followup
):
    first = make_followup()
    second = make_followup(note="Another visit planned.")
    FollowUp.objects.filter(pk=second.pk).update(note_ct=first.note_ct)
    assert _note(api, owner_caseworker, case, second) == (None, "unavailable")
