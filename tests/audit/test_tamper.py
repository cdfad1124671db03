"""The 14 tamper cases of issue 16 on PostgreSQL, each done as an insider with database access
would (triggers dropped or dodged), each caught by ``verify_audit --witness`` naming the first
bad event or tree size. The witness holds a tree head signed before the tampering."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from coord.audit import merkle, tree_store
from coord.audit.chain import CHAINED_FIELDS, GENESIS_HASH, canonical
from coord.audit.models import AuditEvent
from coord.audit.selectors import audit_verify
from coord.audit.services import audit_append, audit_checkpoint_create, sth_if_due
from coord.audit.sth import sth_as_json
from coord.audit.triggers import drop_append_only_triggers, install_append_only_triggers
from tests.audit.helpers import tamper

pytestmark = pytest.mark.postgres


def append(count: int) -> None:
    for i in range(count):
        audit_append(action="case.read", object_type="case", object_id=f"C-{i}")


@pytest.fixture
def witnessed(db):
    """Twelve events, a tree head of 12 the witness keeps, then three more not yet signed."""
    append(12)
    sth = sth_if_due(force=True)
    append(3)
    return sth_as_json(sth)


def verify(witnessed_sth: dict) -> dict:
    return audit_verify(witnessed=[witnessed_sth], batch_size=4)


def recompute_everything() -> None:
    """What an insider who cannot sign does after removing events: renumber, rechain and
    rebuild the Merkle tree, so the log is consistent with itself again."""
    drop_append_only_triggers(connection)
    try:
        _recompute()
    finally:
        install_append_only_triggers(connection)


def _recompute() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_merklenode")
        events = list(AuditEvent.objects.order_by("seq"))
        cursor.execute("DELETE FROM audit_auditevent")
    prev, leaves = GENESIS_HASH, []
    for number, event in enumerate(events, start=1):
        event.pk, event.seq, event.prev_hash = None, number, prev
        body = canonical({name: getattr(event, name) for name in CHAINED_FIELDS})
        event.hash = prev = hashlib.sha256(prev.encode() + body).hexdigest()
        leaves.append(merkle.leaf_hash(body))
    AuditEvent.objects.bulk_create(events)
    tree_store.append_leaves(leaves, 0)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_chainhead SET seq = %s, hash = %s", [len(events), prev])


def lifted(*statements: str) -> None:
    drop_append_only_triggers(connection)
    try:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    finally:
        install_append_only_triggers(connection)


def test_it_finds_an_untampered_log_intact(witnessed):
    result = verify(witnessed)
    assert result["ok"] is True, result
    assert result["events"] == 15


def test_it_names_an_edited_event(witnessed):
    tamper("UPDATE audit_auditevent SET outcome = 'denied' WHERE seq = 5")
    assert verify(witnessed)["first_bad_event"] == 5


def test_it_names_a_deleted_event(witnessed):
    tamper("DELETE FROM audit_auditevent WHERE seq = 5")
    assert verify(witnessed)["first_bad_event"] == 5


def test_it_names_the_first_of_two_swapped_events(witnessed):
    lifted(
        "UPDATE audit_auditevent SET seq = -seq WHERE seq IN (4, 5)",
        "UPDATE audit_auditevent SET seq = CASE seq WHEN -4 THEN 5 ELSE 4 END WHERE seq < 0",
    )
    assert verify(witnessed)["first_bad_event"] == 4


def test_it_names_the_witnessed_size_when_the_tail_is_cut(witnessed):
    lifted(
        "DELETE FROM audit_auditevent WHERE seq > 10",
        'DELETE FROM audit_merklenode WHERE "index" >= 10 OR level > 0',
        "DELETE FROM audit_signedtreehead",
        "UPDATE audit_chainhead SET seq = 10, hash = "
        "(SELECT hash FROM audit_auditevent WHERE seq = 10)",
    )
    recompute_everything()
    result = verify(witnessed)
    assert (result["first_bad_event"], result["first_bad_tree_size"]) == (11, 12)


def test_it_names_the_cut_when_the_tail_is_cut_past_a_checkpoint(witnessed):
    audit_checkpoint_create()  # vouches for event 15
    lifted("DELETE FROM audit_auditevent WHERE seq > 8", "DELETE FROM audit_signedtreehead")
    recompute_everything()
    assert verify(witnessed)["first_bad_event"] == 9


def test_it_names_a_forged_event_appended_with_a_correct_hash(witnessed):
    last = AuditEvent.objects.order_by("-seq").first()
    forged = {name: getattr(last, name) for name in CHAINED_FIELDS}
    forged.update(seq=16, action="case.nothing", at=last.at + timedelta(seconds=1))
    digest = hashlib.sha256(last.hash.encode() + canonical(forged)).hexdigest()
    AuditEvent.objects.create(prev_hash=last.hash, hash=digest, **forged)
    assert verify(witnessed)["first_bad_event"] == 16


def test_it_catches_a_delete_and_recompute_before_the_last_tree_head(witnessed):
    lifted("DELETE FROM audit_auditevent WHERE seq = 5")
    recompute_everything()
    result = verify(witnessed)
    assert result["ok"] is False
    assert result["first_bad_tree_size"] == 12


def test_it_catches_a_delete_and_recompute_after_the_last_tree_head(witnessed):
    """Event 14 is covered by no tree head yet: its outbox row, which the insider left, has no
    event any more."""
    lifted("DELETE FROM audit_auditevent WHERE seq = 14")
    recompute_everything()
    result = audit_verify(witnessed=[witnessed], outbox_grace=timedelta(0))
    assert result["first_bad_event"] == 14
    assert "outbox row" in result["reason"]


def test_it_catches_tree_heads_deleted_and_the_log_rewritten(witnessed):
    lifted(
        "DELETE FROM audit_signedtreehead",
        "DELETE FROM audit_auditcheckpoint",
        "DELETE FROM audit_auditevent WHERE seq = 3",
    )
    recompute_everything()
    result = verify(witnessed)
    assert result["first_bad_tree_size"] == 12


@pytest.mark.parametrize(
    "tables",
    [
        ["audit_auditevent"],
        ["audit_auditevent", "audit_merklenode"],
        [
            "audit_auditevent",
            "audit_merklenode",
            "audit_signedtreehead",
            "audit_auditcheckpoint",
            "audit_chainhead",
            "audit_auditoutbox",
        ],
    ],
    ids=["one table", "two tables", "all tables"],
)
def test_it_catches_truncated_tables(witnessed, tables):
    lifted(f"TRUNCATE {', '.join(tables)}")
    result = verify(witnessed)
    assert result["ok"] is False
    assert result["first_bad_event"] == 1
    assert result["first_bad_tree_size"] == 12 or "tree" in result["reason"]


def test_it_fails_while_a_trigger_is_disabled(witnessed):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
    result = verify(witnessed)
    assert result["ok"] is False
    assert result["trigger_problems"] == [
        "trigger audit_auditevent_append_only on audit_auditevent is disabled"
    ]


def test_it_catches_a_delete_under_the_replica_role(witnessed):
    """An insider who makes the trigger an ordinary one (``ENABLE TRIGGER``: skipped under
    the replica role) and deletes as a replica is named twice: the trigger and the event."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 6")
        cursor.execute("SET session_replication_role = origin")
    result = verify(witnessed)
    assert result["first_bad_event"] == 6
    assert "not ENABLE ALWAYS" in result["trigger_problems"][0]


def test_verify_audit_exits_1_naming_the_witnessed_size_of_an_emptied_log(
    witnessed, tmp_path, capsys
):
    path = tmp_path / "sth.json"
    path.write_text(json.dumps(witnessed))
    lifted("TRUNCATE audit_auditevent, audit_merklenode, audit_signedtreehead")
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_audit", "--quiet", "--witness", str(path))
    assert exit_.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert (result["first_bad_event"], result["first_bad_tree_size"]) == (1, 12)
