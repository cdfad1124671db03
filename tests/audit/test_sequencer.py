"""The outbox and the sequencer: requests only insert; one sequencer numbers, chains and puts
events in the Merkle tree after commit; a killed sequencer loses and skips nothing."""

from __future__ import annotations

import pytest
from django.db import connection

from coord.audit import services, tree_store
from coord.audit.models import AuditEvent, AuditOutbox
from coord.audit.selectors import audit_verify
from coord.audit.services import (
    SequencerKilledError,
    audit_append,
    audit_sequence,
    sth_if_due,
)
from coord.audit.tree import SignedTreeHead


@pytest.fixture
def unsequenced(monkeypatch):
    """Appends stay in the outbox, as in production before the transaction commits."""
    monkeypatch.setattr(services, "SEQUENCE_INSIDE_TEST_TRANSACTION", False)


def test_it_appends_to_the_outbox_in_one_statement(db, unsequenced, django_assert_num_queries):
    with django_assert_num_queries(1):
        audit_append(action="case.read")
    assert AuditOutbox.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_it_sequences_outbox_rows_in_order_into_the_chain_and_the_tree(db, unsequenced):
    rows = [audit_append(action="case.read", object_id=f"C-{i}") for i in range(5)]
    assert audit_sequence() == 5
    events = list(AuditEvent.objects.order_by("seq"))
    assert [(e.seq, e.outbox_id) for e in events] == [(i + 1, r.pk) for i, r in enumerate(rows)]
    assert tree_store.tree_size() == 5
    assert audit_verify()["ok"]


def test_it_sequences_nothing_twice(db, unsequenced):
    audit_append(action="case.read")
    audit_sequence()
    assert audit_sequence() == 0
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize("step", ["events", "tree"])
def test_it_resumes_after_being_killed_mid_batch(db, unsequenced, monkeypatch, step):
    for i in range(4):
        audit_append(action="case.read", object_id=f"C-{i}")
    audit_sequence()
    for i in range(4, 9):
        audit_append(action="case.read", object_id=f"C-{i}")
    monkeypatch.setattr(services, "FAIL_AFTER", step)
    with pytest.raises(SequencerKilledError):
        audit_sequence(batch_size=3)
    assert AuditEvent.objects.count() == 4  # the dead batch left nothing behind
    monkeypatch.setattr(services, "FAIL_AFTER", None)
    assert audit_sequence(batch_size=3) == 5
    assert list(AuditEvent.objects.values_list("object_id", flat=True).order_by("seq")) == [
        f"C-{i}" for i in range(9)
    ]
    assert audit_verify()["ok"]


def test_it_signs_a_tree_head_when_the_last_is_older_than_the_interval(db, settings):
    settings.COORD_AUDIT_STH_SECONDS = 3600
    audit_append(action="case.read")  # the first head is signed at once
    audit_append(action="case.read")
    assert list(SignedTreeHead.objects.values_list("tree_size", flat=True)) == [1]
    assert sth_if_due(force=True).tree_size == 2  # on demand


def test_it_signs_no_tree_head_when_nothing_arrived(db):
    audit_append(action="case.read")
    assert sth_if_due(force=True) is None


@pytest.mark.django_db(transaction=True)
def test_it_sequences_after_commit_outside_a_test_transaction():
    """The production path: the append commits, then the (eager) sequencer task runs."""
    from django.db import transaction

    with transaction.atomic():
        audit_append(action="case.read")
        assert AuditEvent.objects.count() == 0  # not before commit
    assert AuditEvent.objects.get().seq == 1
    assert connection.in_atomic_block is False


@pytest.mark.django_db(transaction=True)
def test_it_leaves_a_rolled_back_append_out_of_the_log():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        audit_append(action="case.read")
        raise RuntimeError
    audit_append(action="case.update")
    assert list(AuditEvent.objects.values_list("seq", "action")) == [(1, "case.update")]


@pytest.mark.django_db(transaction=True)
def test_it_delivers_each_new_tree_head_to_every_organisation(owner_org, grantee_org):
    from sharing_policies.models import Notification, NotificationKind

    audit_append(action="case.read")
    delivered = Notification.objects.filter(kind=NotificationKind.AUDIT_TREE_HEAD)
    assert sorted(delivered.values_list("recipient_organisation__slug", "object_id")) == [
        ("grantee-org", "1"),
        ("owner-org", "1"),
    ]
