"""``manage.py verify_audit`` and the verifier behind it: each kind of tampering is caught
and the first bad event is named."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coord.audit.models import AuditCheckpoint, AuditEvent, ChainHead
from coord.audit.selectors import audit_verify
from coord.audit.services import audit_append, audit_checkpoint_create
from coord.audit.signing import public_key_b64
from tests.audit.helpers import make_chain, tamper


def run_verify(capsys, *args):
    """Run the command; return (exit code, parsed stdout JSON, stderr)."""
    code = 0
    try:
        call_command("verify_audit", *args)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_it_reports_an_intact_chain_and_exits_0(db, capsys):
    make_chain(30)
    audit_checkpoint_create()
    code, result, _ = run_verify(capsys)
    assert code == 0
    assert result.items() >= {"ok": True, "events": 30, "checkpoints": 1}.items()


def test_it_reports_an_empty_trail_as_intact(db, capsys):
    code, result, _ = run_verify(capsys)
    assert (code, result["ok"], result["events"]) == (0, True, 0)


def test_it_shows_progress_on_stderr(db, capsys):
    make_chain(25)
    code, _, err = run_verify(capsys, "--batch-size", "10")
    assert code == 0
    assert "verified 25/25 events" in err


def test_it_names_an_edited_event(db, capsys):
    make_chain(20)
    tamper("UPDATE audit_auditevent SET outcome = 'allowed', action = 'case.nothing' WHERE seq = 7")
    code, result, _ = run_verify(capsys, "--batch-size", "5")
    assert code == 1
    assert result["ok"] is False
    assert result["first_bad_event"] == 7
    assert "altered" in result["reason"]


def test_it_names_an_event_whose_details_were_edited(db):
    make_chain(5)
    tamper("UPDATE audit_auditevent SET details = %s WHERE seq = 3", ['{"grant": "G-999"}'])
    assert audit_verify()["first_bad_event"] == 3


def test_it_names_a_deleted_event(db, capsys):
    make_chain(20)
    tamper("DELETE FROM audit_auditevent WHERE seq = 12")
    code, result, _ = run_verify(capsys)
    assert (code, result["first_bad_event"]) == (1, 12)
    assert "missing" in result["reason"]


def test_it_names_the_first_event_when_the_start_was_deleted(db):
    make_chain(10)
    tamper("DELETE FROM audit_auditevent WHERE seq <= 3")
    assert audit_verify()["first_bad_event"] == 1


def test_it_names_a_deleted_event_even_when_the_rest_were_renumbered(db):
    make_chain(10)
    tamper("DELETE FROM audit_auditevent WHERE seq = 4")
    tamper("UPDATE audit_auditevent SET seq = seq - 1 WHERE seq > 4")
    result = audit_verify()
    assert result["first_bad_event"] == 4
    assert "does not follow" in result["reason"]


def test_it_names_reordered_events(db, capsys):
    make_chain(10)
    tamper("UPDATE audit_auditevent SET seq = -1 WHERE seq = 5")
    tamper("UPDATE audit_auditevent SET seq = 5 WHERE seq = 6")
    tamper("UPDATE audit_auditevent SET seq = 6 WHERE seq = -1")
    code, result, _ = run_verify(capsys)
    assert (code, result["first_bad_event"]) == (1, 5)
    assert "does not follow" in result["reason"]


def test_it_names_a_truncated_tail_through_the_last_checkpoint(db, capsys):
    make_chain(20)
    audit_checkpoint_create()
    tamper("DELETE FROM audit_auditevent WHERE seq > 15")
    tamper("UPDATE audit_chainhead SET seq = 15")
    code, result, _ = run_verify(capsys)
    assert (code, result["first_bad_event"]) == (1, 16)
    assert "truncated" in result["reason"]


def test_it_names_a_truncated_tail_from_the_chain_head(db):
    make_chain(8)
    tamper("DELETE FROM audit_auditevent WHERE seq > 6")
    result = audit_verify()
    assert result["first_bad_event"] == 7
    assert "truncated" in result["reason"]


def test_it_names_a_forged_checkpoint(db, capsys):
    make_chain(10)
    checkpoint = audit_checkpoint_create()
    tamper(
        "UPDATE audit_auditcheckpoint SET created_at = %s WHERE seq = %s",
        [checkpoint.created_at - timedelta(days=1), checkpoint.seq],
    )
    code, result, _ = run_verify(capsys)
    assert (code, result["first_bad_event"]) == (1, 10)
    assert "forged" in result["reason"]


def test_it_names_a_checkpoint_forged_beyond_the_end_of_the_chain(db):
    make_chain(5)
    real = audit_checkpoint_create()
    AuditCheckpoint.objects.create(
        seq=9,
        hash="f" * 64,
        created_at=real.created_at,
        key_id=real.key_id,
        signature=real.signature,
    )
    result = audit_verify()
    assert result == {
        "ok": False,
        "first_bad_event": 9,
        "reason": "checkpoint at event 9 is forged",
    }


def test_it_catches_a_chain_rewritten_after_a_checkpoint_at_that_checkpoint(db):
    """An attacker who drops the trigger and rewrites events 1..N consistently (recomputing
    every hash) is caught by the signed checkpoint covering them."""
    make_chain(10)
    audit_checkpoint_create()
    events = list(AuditEvent.objects.order_by("seq"))
    tamper("DELETE FROM audit_auditevent")
    tamper("DELETE FROM audit_chainhead")
    tamper("DELETE FROM audit_merklenode")
    from coord.audit.bench import bulk_extend_chain

    bulk_extend_chain(len(events))  # a different, internally consistent chain
    result = audit_verify()
    assert result["first_bad_event"] == 10
    assert "rewritten" in result["reason"]


def test_it_accepts_the_auditors_copy_of_the_public_key(db, capsys):
    make_chain(3)
    audit_checkpoint_create()
    assert run_verify(capsys, "--public-key", public_key_b64())[0] == 0


def test_it_flags_checkpoints_when_the_auditors_key_is_not_the_signer(db, capsys):
    make_chain(3)
    audit_checkpoint_create()
    other = "A" * 43 + "="
    code, result, _ = run_verify(capsys, "--public-key", other)
    assert (code, result["first_bad_event"]) == (1, 3)


def test_it_refuses_a_malformed_public_key(db):
    with pytest.raises(CommandError):
        call_command("verify_audit", "--public-key", "not-a-key")


def test_it_reads_the_chain_in_a_bounded_number_of_queries(db, django_assert_max_num_queries):
    make_chain(250)
    audit_checkpoint_create()
    # head, checkpoints, total, tree heads, 3 batches (+1 empty), the stored tree's size and
    # root, the outbox (2), the triggers (2): a constant, whatever the length of the log
    with django_assert_max_num_queries(15):
        assert audit_verify(batch_size=100)["ok"]


def test_it_verifies_events_written_by_audit_append_and_the_head(owner_admin):
    audit_append(action="case.read", actor=owner_admin, details={"grant": "G-1", "n": 2.5})
    for _ in range(3):
        audit_append(action="case.read", actor=owner_admin)
    audit_append(action="grant.revoke", actor=owner_admin, organisation="owner-org")
    assert audit_verify().items() >= {"ok": True, "events": 5, "checkpoints": 0}.items()
    assert ChainHead.objects.get().seq == 5


def test_it_still_verifies_checkpoints_signed_by_a_retired_key(db, settings, capsys):
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    make_chain(3)
    audit_checkpoint_create()
    old_public = public_key_b64()
    seed = base64.urlsafe_b64encode(bytes(range(32))).decode()
    settings.COORD_AUDIT_SIGNING_KEY = seed
    assert public_key_b64() != old_public
    make_chain(2)
    audit_checkpoint_create()
    assert audit_verify()["first_bad_event"] == 3  # the old key is no longer trusted
    settings.COORD_AUDIT_RETIRED_PUBLIC_KEYS = [old_public]
    assert audit_verify().items() >= {"ok": True, "events": 5, "checkpoints": 2}.items()
    new_public = public_key_b64(Ed25519PrivateKey.from_private_bytes(bytes(range(32))).public_key())
    code, _, _ = run_verify(capsys, "--public-key", old_public, "--public-key", new_public)
    assert code == 0


def test_it_accepts_details_stored_in_another_but_equal_json_form(db):
    """Rows written before the canonical encoder (or by jsonb) hold the same JSON differently;
    they were written before the outbox too."""
    audit_append(action="case.read", details={"b": [1, 2], "a": "x"})
    tamper(
        "UPDATE audit_auditevent SET details = %s, outbox_id = NULL WHERE seq = 1",
        ['{"b": [1, 2],  "a": "x"}'],
    )
    assert audit_verify()["ok"]
