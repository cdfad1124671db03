"""django-axes stores the username of every failed sign-in for the lockout window; what was
typed is not guarded (it may be an e-mail address or a phone number), so an unknown name is
stored as a keyed hash and an existing account by its username."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from tests.organisations.test_auth_api import sign_in

pytestmark = pytest.mark.django_db


def test_it_never_stores_an_unknown_typed_username(api, db):
    sign_in(api, "lan.tran@gmail.com", "wrong")
    sign_in(api, "0812345678", "wrong")
    stored = list(AccessAttempt.objects.values_list("username", flat=True))
    assert len(stored) == 2
    assert all(s.startswith("unknown-") for s in stored)
    assert not any("gmail" in s or "0812345678" in s for s in stored)


def test_it_keeps_an_existing_username_so_admins_can_find_the_lockout(api, owner_caseworker):
    sign_in(api, "owner.caseworker", "wrong")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["owner.caseworker"]


def test_it_still_locks_out_an_unknown_name_after_five_failures(api, db):
    for _ in range(5):
        sign_in(api, "lan.tran@gmail.com", "wrong")
    assert sign_in(api, "lan.tran@gmail.com", "wrong").status_code == 429
