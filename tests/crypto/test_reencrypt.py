"""Rotation and re-encryption over every registered field: nothing lost, resumable."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coord.audit.models import AuditEvent
from coord.crypto.models import KeyState, OrganisationKey
from coord.crypto.services import organisation_key_rotate, reencrypt, token_version
from tests.crypto.conftest import TITLE, SecretNote, texts


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
    real_write = services._write_batch
    target = notes[1]

    def write_after_someone_edits(*args):
        target.write("edited meanwhile")  # a caseworker saves between our read and write
        target.save(update_fields=["body_ct"])
        return real_write(*args)

    monkeypatch.setattr(services, "_write_batch", write_after_someone_edits)
    reencrypt()
    assert SecretNote.objects.get(pk=target.pk).read() == "edited meanwhile"
    assert texts(owner_org)["N-owner-org-0"] == "owner-org note 0"
    assert versions(owner_org) == {2}


def titled(notes: list[SecretNote]) -> list[SecretNote]:
    """Give each note a title too (under the active key), so a row holds two tokens."""
    for i, note in enumerate(notes):
        note.write(f"title {i}", field=TITLE)
        note.save(update_fields=["title_ct"])
    return notes


def title_versions(org) -> set[int]:
    return {
        token_version(t)
        for t in SecretNote.objects.filter(organisation=org).values_list("title_ct", flat=True)
    }


def test_it_rewrites_both_stale_tokens_of_a_row_in_one_update(
    owner_org, make_notes, titles_registered, monkeypatch
):
    from coord.crypto import services

    notes = titled(make_notes(owner_org, 3))
    organisation_key_rotate(organisation=owner_org)
    real_write, writes = services._write_batch, []

    def record(model, columns, rows):
        writes.append((columns, [pk for pk, _pairs in rows]))
        return real_write(model, columns, rows)

    monkeypatch.setattr(services, "_write_batch", record)
    reencrypt()
    assert writes == [(("body_ct", "title_ct"), [n.pk for n in notes])]
    assert (versions(owner_org), title_versions(owner_org)) == ({2}, {2})
    note = SecretNote.objects.get(pk=notes[2].pk)
    assert (note.read(), note.read(TITLE)) == ("owner-org note 2", "title 2")


def test_it_counts_stale_tokens_not_rows(owner_org, make_notes, titles_registered):
    titled(make_notes(owner_org, 3))
    make_notes(owner_org, 2, prefix="untitled")
    organisation_key_rotate(organisation=owner_org)
    calls = []
    result = reencrypt(batch_size=2, on_progress=lambda done, total: calls.append((done, total)))
    assert (result["total"], result["done"], result["failed"]) == (8, 8, 0)
    assert calls == [(0, 8), (4, 8), (7, 8), (8, 8)]  # rows of 2+2, 2+1 and 1 tokens


def test_it_moves_a_row_s_other_token_when_one_was_edited_meanwhile(
    owner_org, make_notes, titles_registered, monkeypatch
):
    from coord.crypto import services

    target = titled(make_notes(owner_org, 1))[0]
    organisation_key_rotate(organisation=owner_org)
    real_write = services._write_batch

    def write_after_someone_edits_the_title(*args):
        target.write("new title", field=TITLE)
        target.save(update_fields=["title_ct"])
        return real_write(*args)

    monkeypatch.setattr(services, "_write_batch", write_after_someone_edits_the_title)
    reencrypt()
    note = SecretNote.objects.get(pk=target.pk)
    assert (note.read(), note.read(TITLE)) == ("owner-org note 0", "new title")
    assert token_version(note.body_ct) == 2


def test_it_moves_a_row_s_other_token_when_one_does_not_authenticate(
    owner_org, make_notes, titles_registered
):
    notes = titled(make_notes(owner_org, 2))
    organisation_key_rotate(organisation=owner_org)
    bad = notes[0]
    bad.body_ct = notes[1].body_ct  # copied from another row: does not authenticate here
    bad.save(update_fields=["body_ct"])
    result = reencrypt()
    assert (result["done"], result["failed"]) == (4, 1)
    note = SecretNote.objects.get(pk=bad.pk)
    assert note.body_ct == notes[1].body_ct
    assert (token_version(note.title_ct), note.read(TITLE)) == (2, "title 0")


def test_it_leaves_tokens_under_another_organisation_s_active_version_alone(
    owner_org, stranger_org, make_notes
):
    make_notes(owner_org, 3)
    make_notes(stranger_org, 4)  # still on its active version 1
    organisation_key_rotate(organisation=owner_org)
    result = reencrypt()
    assert (result["total"], result["done"]) == (3, 3)
    assert (versions(owner_org), versions(stranger_org)) == ({2}, {1})


def test_it_walks_every_window_of_the_table(owner_org, make_notes, monkeypatch):
    from coord.crypto import services

    monkeypatch.setattr(services, "_WINDOW_ROWS", 4)
    make_notes(owner_org, 9)
    before = texts(owner_org)
    organisation_key_rotate(organisation=owner_org)
    calls = []
    reencrypt(batch_size=2, on_progress=lambda done, total: calls.append(done))
    assert calls == [0, 2, 4, 6, 8, 9]
    assert versions(owner_org) == {2}
    assert texts(owner_org) == before


def test_it_finds_stale_rows_among_rows_that_are_not(
    owner_org, stranger_org, make_notes, monkeypatch
):
    from coord.crypto import services

    monkeypatch.setattr(services, "_WINDOW_ROWS", 2)
    for i in range(4):
        make_notes(stranger_org, 3, prefix=f"S{i}")
        make_notes(owner_org, 1, prefix=f"O{i}")
    organisation_key_rotate(organisation=owner_org)
    result = reencrypt(batch_size=1)
    assert (result["total"], result["done"]) == (4, 4)
    assert (versions(owner_org), versions(stranger_org)) == ({2}, {1})


def test_it_reencrypts_an_organisation_shredded_earlier_and_given_new_keys_since(
    owner_org, make_notes
):
    from coord.crypto.services import organisation_keys_shred

    make_notes(owner_org, 2, prefix="gone")
    organisation_keys_shred(organisation=owner_org)
    organisation_key_rotate(organisation=owner_org)  # a fresh key, version 2
    make_notes(owner_org, 3, prefix="new")
    organisation_key_rotate(organisation=owner_org)
    result = reencrypt()
    assert (result["total"], result["done"], result["failed"]) == (3, 3, 0)
    assert versions(owner_org) == {1, 3}  # the shredded ones stay as they are


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
