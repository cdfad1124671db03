"""The database refuses TRUNCATE on the audit tables (PostgreSQL), the tree's tables are
append-only like the events, and a missing or disabled trigger is named."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from coord.audit.models import AuditEvent, ChainHead
from coord.audit.services import audit_append
from coord.audit.sth import sth_create
from coord.audit.tree import MerkleNode, SignedTreeHead
from coord.audit.triggers import (
    NO_TRUNCATE_TABLES,
    audit_trigger_problems,
    reinstall_after_migrate,
)


def sql(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


def refused(statement: str) -> bool:
    try:
        with transaction.atomic():
            sql(statement)
    except DatabaseError as exc:
        assert "append-only" in str(exc)
        return True
    return False


@pytest.fixture
def full_log(db):
    audit_append(action="case.read")  # sequenced at once: an event, its leaf and a tree head
    sth_create()


def test_it_finds_no_trigger_problem_after_migrate(db):
    assert audit_trigger_problems(connection) == []


def test_it_refuses_changing_or_deleting_a_tree_node(full_log):
    assert refused("UPDATE audit_merklenode SET hash = hash")
    assert refused("DELETE FROM audit_merklenode")
    assert MerkleNode.objects.count() == 1


def test_it_refuses_changing_or_deleting_a_signed_tree_head(full_log):
    assert refused("UPDATE audit_signedtreehead SET tree_size = 99")
    assert refused("DELETE FROM audit_signedtreehead")
    assert SignedTreeHead.objects.count() == 1


def test_it_names_a_missing_trigger(db):
    sql(
        "DROP TRIGGER audit_merklenode_no_delete"
        if connection.vendor == "sqlite"
        else "DROP TRIGGER audit_merklenode_append_only ON audit_merklenode"
    )
    assert len(audit_trigger_problems(connection)) == 1
    assert "audit_merklenode" in audit_trigger_problems(connection)[0]
    assert "missing" in audit_trigger_problems(connection)[0]


@pytest.mark.postgres
@pytest.mark.parametrize("table", NO_TRUNCATE_TABLES)
def test_it_refuses_truncating_each_audit_table(full_log, table):
    assert refused(f"TRUNCATE {table}")
    assert AuditEvent.objects.count() == 1
    assert ChainHead.objects.count() == 1


@pytest.mark.postgres
def test_it_refuses_truncating_all_audit_tables_at_once(full_log):
    assert refused(f"TRUNCATE {', '.join(NO_TRUNCATE_TABLES)} CASCADE")
    assert AuditEvent.objects.count() == 1


@pytest.mark.postgres
def test_it_refuses_truncate_and_delete_under_the_replica_role(full_log):
    """ENABLE ALWAYS: session_replication_role = replica does not skip the triggers."""
    with transaction.atomic():
        sql("SET LOCAL session_replication_role = replica")
        assert refused("TRUNCATE audit_auditevent")
        assert refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 1


@pytest.mark.postgres
def test_it_names_a_disabled_trigger(db):
    sql("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_truncate")
    assert audit_trigger_problems(connection) == [
        "trigger audit_auditevent_no_truncate on audit_auditevent is disabled"
    ]


@pytest.mark.postgres
def test_it_names_a_trigger_that_the_replica_role_would_skip(db):
    sql("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
    (problem,) = audit_trigger_problems(connection)
    assert "audit_auditevent_append_only" in problem
    assert "session_replication_role" in problem


@pytest.mark.postgres
def test_it_reenables_a_disabled_trigger_on_migrate(full_log):
    sql("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_truncate")
    reinstall_after_migrate(sender=None, using="default")
    assert audit_trigger_problems(connection) == []
    assert refused("TRUNCATE audit_auditevent")
