"""Rotation and re-encryption over every registered field: nothing lost, resumable."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coord.audit.models import AuditEvent
from coord.crypto.models import KeyState, OrganisationKey
from coord.crypto.services import organisation_key_rotate, reencrypt, token_version
from tests.crypto.conftest import SecretNote, texts


def versions(org) -> set[int]:
    return {
        token_version(t)
        for t in SecretNote.objects.filter(organisation=org).values_list("body_ct", flat=True)
    }


def test_it_keeps_every_record_readable_after_rotation(owner_org, make_notes):
    make_notes(owner_org, 7)
    before = texts(owner_org)
    key = organisation_key_rotate(organisation=owner_org)
    assert key.version == 2
    assert texts(owner_org) == before
    assert versions(owner_org) == {1}


def test_it_retires_the_old_version_and_keeps_one_active(owner_org, make_notes):
    make_notes(owner_org, 1)
    organisation_key_rotate(organisation=owner_org)
    organisation_key_rotate(organisation=owner_org)
    states = dict(
        OrganisationKey.objects.filter(organisation=owner_org).values_list("version", "state")
    )
    assert states == {1: KeyState.RETIRED, 2: KeyState.RETIRED, 3: KeyState.ACTIVE}


def test_it_audits_rotation(owner_org):
    organisation_key_rotate(organisation=owner_org)
    event = AuditEvent.objects.get(action="key.rotate")
    assert (event.organisation, event.details["version"]) == ("owner-org", 1)


def test_it_moves_every_value_to_the_active_version(owner_org, make_notes):
    make_notes(owner_org, 25)
    before = texts(owner_org)
    organisation_key_rotate(organisation=owner_org)
    result = reencrypt(batch_size=4)
    assert (result["total"], result["done"], result["failed"]) == (25, 25, 0)
    assert versions(owner_org) == {2}
    assert texts(owner_org) == before


def test_it_only_touches_the_organisation_asked_for(owner_org, stranger_org, make_notes):
    make_notes(owner_org, 3)
    make_notes(stranger_org, 3)
    organisation_key_rotate(organisation=owner_org)
    organisation_key_rotate(organisation=stranger_org)
    reencrypt(organisation=owner_org)
    assert (versions(owner_org), versions(stranger_org)) == ({2}, {1})


def test_it_resumes_after_an_interruption(owner_org, make_notes):
    make_notes(owner_org, 20)
    before = texts(owner_org)
    organisation_key_rotate(organisation=owner_org)
    calls = []

    def crash_after_two_batches(done, total):
        calls.append(done)
        if len(calls) == 3:  # initial call plus two batches
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        reencrypt(batch_size=5, on_progress=crash_after_two_batches)
    stored = list(SecretNote.objects.values_list("body_ct", flat=True))
    assert sorted(token_version(t) for t in stored) == [1] * 10 + [2] * 10
    assert texts(owner_org) == before

    result = reencrypt(batch_size=5)
    assert (result["total"], result["done"]) == (10, 10)
    assert versions(owner_org) == {2}
    assert texts(owner_org) == before


def test_it_is_idempotent(owner_org, make_notes):
    make_notes(owner_org, 5)
    organisation_key_rotate(organisation=owner_org)
    reencrypt()
    after_first = list(SecretNote.objects.order_by("pk").values_list("body_ct", flat=True))
    assert reencrypt()["total"] == 0
    assert list(SecretNote.objects.order_by("pk").values_list("body_ct", flat=True)) == after_first


def test_it_leaves_a_value_it_cannot_decrypt_and_finishes_the_rest(owner_org, make_notes):
    notes = make_notes(owner_org, 4)
    organisation_key_rotate(organisation=owner_org)
    bad = notes[1]
    bad.body_ct = notes[2].body_ct  # copied from another row: does not authenticate here
    bad.save(update_fields=["body_ct"])
    result = reencrypt(batch_size=2)
    assert (result["done"], result["failed"]) == (4, 1)
    assert SecretNote.objects.get(pk=bad.pk).body_ct == notes[2].body_ct
    assert sorted(
        token_version(t) for t in SecretNote.objects.values_list("body_ct", flat=True)
    ) == [1, 2, 2, 2]


def test_it_skips_empty_values(owner_org, make_notes):
    make_notes(owner_org, 2)
    SecretNote.objects.create(reference="empty", organisation=owner_org, body_ct="")
    organisation_key_rotate(organisation=owner_org)
    assert reencrypt()["total"] == 2


def test_the_command_shows_progress_on_stderr_and_audits(owner_org, make_notes):
    make_notes(owner_org, 6)
    call_command("rotate_keys", "--org", "owner-org", stdout=StringIO())
    out, err = StringIO(), StringIO()
    call_command("reencrypt", "--org", "owner-org", "--batch", "2", stdout=out, stderr=err)
    assert "6/6 100.0%" in err.getvalue()
    assert err.getvalue().count("\n") == 4  # 0/6, 2/6, 4/6, 6/6
    assert "re-encrypted 6 of 6" in out.getvalue()
    assert versions(owner_org) == {2}
    event = AuditEvent.objects.get(action="key.reencrypt")
    assert (event.organisation, event.details["done"]) == ("owner-org", 6)


def test_the_command_refuses_a_bad_batch_size(db):
    with pytest.raises(CommandError):
        call_command("reencrypt", "--batch", "0")


def test_the_command_refuses_an_unknown_organisation(db):
    with pytest.raises(CommandError):
        call_command("reencrypt", "--org", "nope")


def test_rotate_keys_without_org_rotates_every_organisation(owner_org, stranger_org):
    call_command("rotate_keys", stdout=StringIO())
    assert OrganisationKey.objects.filter(state=KeyState.ACTIVE).count() == 2


def test_it_never_overwrites_a_value_changed_while_it_worked(owner_org, make_notes, monkeypatch):
    from coord.crypto import services

    notes = make_notes(owner_org, 3)
    organisation_key_rotate(organisation=owner_org)
    real_seal = services._seal
    target = notes[1]

    def seal_while_someone_edits(key, version, plaintext, aad):
        if plaintext == "owner-org note 1":
            target.write("edited meanwhile")  # a caseworker saves a new text concurrently
            target.save(update_fields=["body_ct"])
        return real_seal(key, version, plaintext, aad)

    monkeypatch.setattr(services, "_seal", seal_while_someone_edits)
    reencrypt()
    assert SecretNote.objects.get(pk=target.pk).read() == "edited meanwhile"
    assert texts(owner_org)["N-owner-org-0"] == "owner-org note 0"


def test_it_stops_when_the_org_is_shredded_during_the_run(owner_org, make_notes):
    from coord.crypto.exceptions import KeyShredded
    from coord.crypto.services import organisation_keys_shred

    make_notes(owner_org, 6)
    organisation_key_rotate(organisation=owner_org)

    def shred_after_first_batch(done, total):
        if done == 2:
            organisation_keys_shred(organisation=owner_org)

    with pytest.raises(KeyShredded):
        reencrypt(batch_size=2, on_progress=shred_after_first_batch)
    assert sorted(
        token_version(t) for t in SecretNote.objects.values_list("body_ct", flat=True)
    ) == [1, 1, 1, 1, 2, 2]


def test_a_failed_job_says_so_without_details(owner_org, owner_admin, make_notes, monkeypatch):
    from coord.crypto import services
    from coord.jobs.models import Job
    from coord.jobs.services import job_create

    make_notes(owner_org, 2)
    organisation_key_rotate(organisation=owner_org)
    job = job_create(kind="crypto.reencrypt", actor=owner_admin, organisation=owner_org)

    def boom(**kwargs):
        raise RuntimeError("owner-org note 0")  # whatever the cause, it must not leak

    monkeypatch.setattr(services, "reencrypt", boom)
    with pytest.raises(RuntimeError):
        services.reencrypt_job_run(job_id=job.pk, organisation=owner_org)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Re-encryption stopped; run it again to finish."
