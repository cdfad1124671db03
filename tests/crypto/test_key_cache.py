"""Unwrapped keys are cached per process, but shreds and rotations still take effect."""

from __future__ import annotations

import pytest

from coord.crypto import keys
from coord.crypto.exceptions import KeyShredded
from coord.crypto.models import KeyState, OrganisationKey
from coord.crypto.services import organisation_key_rotate
from tests.crypto.conftest import SecretNote


@pytest.fixture
def clock(monkeypatch):
    """A controllable monotonic clock for the cache."""
    now = [1000.0]
    monkeypatch.setattr(keys.time, "monotonic", lambda: now[0])
    return now


def other_process_shreds(org) -> None:
    """What another process's shred looks like from here: rows change, our cache does not."""
    OrganisationKey.objects.filter(organisation=org).update(
        state=KeyState.SHREDDED, wrapped_key=None
    )


def test_it_honours_another_process_s_shred_once_the_ttl_passes(
    owner_org, make_notes, clock, settings, django_capture_on_commit_callbacks
):
    settings.COORD_KEY_CACHE_SECONDS = 30
    with django_capture_on_commit_callbacks(execute=True):
        note = make_notes(owner_org, 1)[0]
        note.read()
    other_process_shreds(owner_org)
    clock[0] += 31
    with pytest.raises(KeyShredded):
        note.read()


def test_it_serves_from_cache_within_the_ttl(
    owner_org,
    make_notes,
    clock,
    settings,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    settings.COORD_KEY_CACHE_SECONDS = 30
    with django_capture_on_commit_callbacks(execute=True):
        note = make_notes(owner_org, 1)[0]
    with django_assert_num_queries(0):
        assert note.read() == "owner-org note 0"


def test_a_shred_in_this_process_takes_effect_at_once(
    owner_org, make_notes, clock, django_capture_on_commit_callbacks
):
    from coord.crypto.services import organisation_keys_shred

    with django_capture_on_commit_callbacks(execute=True):
        note = make_notes(owner_org, 1)[0]
        note.read()
        organisation_keys_shred(organisation=owner_org)
    with pytest.raises(KeyShredded):
        note.read()


def test_it_never_caches_a_key_whose_transaction_did_not_commit(owner_org, make_notes):
    make_notes(owner_org, 1)  # inside the test transaction: on_commit never runs
    assert keys._keys == {}
    assert keys._active == {}


def test_new_writes_use_a_key_rotated_elsewhere_once_the_ttl_passes(
    owner_org, make_notes, clock, settings, django_capture_on_commit_callbacks
):
    settings.COORD_KEY_CACHE_SECONDS = 30
    with django_capture_on_commit_callbacks(execute=True):
        make_notes(owner_org, 1)
    # Not committed in this test, so this process's cache is not told: like another process.
    organisation_key_rotate(organisation=owner_org)
    assert make_notes(owner_org, 1, prefix="within")[0].body_ct.startswith("v1.1.")
    clock[0] += 31
    note = make_notes(owner_org, 1, prefix="after")[0]
    assert note.body_ct.startswith("v1.2.")
    assert SecretNote.objects.get(pk=note.pk).read() == "owner-org note 0"
