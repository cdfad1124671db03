"""Crypto-shredding: an organisation's keys are destroyed and its values are gone."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coord.audit.models import AuditEvent
from coord.crypto.exceptions import KeyShredded
from coord.crypto.models import KeyState, OrganisationKey
from coord.crypto.services import organisation_key_rotate, organisation_keys_shred
from tests.crypto.conftest import SecretNote, texts


def shred(slug: str) -> str:
    out = StringIO()
    call_command("shred_org", "--org", slug, "--confirm", slug, stdout=out)
    return out.getvalue()


def test_it_makes_every_value_of_the_org_raise_key_shredded(owner_org, make_notes):
    make_notes(owner_org, 3)
    organisation_key_rotate(organisation=owner_org)
    make_notes(owner_org, 2, prefix="M")
    assert "2 key version(s) shredded" in shred("owner-org")
    for note in SecretNote.objects.filter(organisation=owner_org):
        with pytest.raises(KeyShredded):
            note.read()


def test_it_destroys_the_wrapped_key_bytes(owner_org, make_notes):
    make_notes(owner_org, 1)
    shred("owner-org")
    row = OrganisationKey.objects.get(organisation=owner_org)
    assert (row.state, row.wrapped_key, row.shredded_at is not None) == (
        KeyState.SHREDDED,
        None,
        True,
    )


def test_it_leaves_other_organisations_readable(owner_org, stranger_org, make_notes):
    make_notes(owner_org, 2)
    make_notes(stranger_org, 2)
    shred("owner-org")
    assert texts(stranger_org) == {
        "N-stranger-org-0": "stranger-org note 0",
        "N-stranger-org-1": "stranger-org note 1",
    }


def test_it_audits_the_shred(owner_org, make_notes):
    make_notes(owner_org, 1)
    shred("owner-org")
    event = AuditEvent.objects.get(action="key.shred")
    assert (event.organisation, event.details) == ("owner-org", {"versions": 1})


def test_it_refuses_to_encrypt_for_a_shredded_org(owner_org, make_notes):
    make_notes(owner_org, 1)
    shred("owner-org")
    with pytest.raises(KeyShredded):
        make_notes(owner_org, 1, prefix="after")


def test_a_rotation_after_a_shred_starts_a_fresh_key(owner_org, make_notes):
    old = make_notes(owner_org, 1)[0]
    organisation_keys_shred(organisation=owner_org)
    organisation_key_rotate(organisation=owner_org)
    new = make_notes(owner_org, 1, prefix="after")[0]
    assert new.read() == "owner-org note 0"
    with pytest.raises(KeyShredded):
        old.read()


def test_the_command_needs_the_slug_repeated(owner_org, make_notes):
    make_notes(owner_org, 1)
    with pytest.raises(CommandError):
        call_command("shred_org", "--org", "owner-org", "--confirm", "owner")
    assert OrganisationKey.objects.get(organisation=owner_org).state == KeyState.ACTIVE


def test_the_command_refuses_an_unknown_org(db):
    with pytest.raises(CommandError):
        call_command("shred_org", "--org", "nope", "--confirm", "nope")
