"""The database itself refuses UPDATE and DELETE on the audit tables (SQLite and PostgreSQL:
run the suite with DATABASE_URL pointing at PostgreSQL for the second)."""

import pytest
from django.db import DatabaseError, connection, transaction

from coord.audit.models import AuditCheckpoint, AuditEvent
from coord.audit.services import audit_append, audit_checkpoint_create
from coord.audit.triggers import append_only_triggers_present, reinstall_after_migrate
from tests.audit.helpers import sequenced, triggers_lifted


def refused(operation) -> bool:
    try:
        with transaction.atomic():
            operation()
    except DatabaseError as exc:
        assert "append-only" in str(exc)
        return True
    return False


def test_it_installs_the_triggers_with_the_migrations(db):
    assert append_only_triggers_present(connection)


def test_it_refuses_an_orm_update_of_an_event(db):
    event = sequenced(audit_append(action="case.read"))
    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action="case.nothing"))
    event.refresh_from_db()
    assert event.action == "case.read"


def test_it_refuses_deleting_an_event(db):
    event = sequenced(audit_append(action="case.read"))
    assert refused(event.delete)
    assert refused(lambda: AuditEvent.objects.all().delete())
    assert AuditEvent.objects.count() == 1


def test_it_refuses_raw_sql_update_and_delete(db):
    audit_append(action="case.read")

    def raw(sql):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql)

        return run

    assert refused(raw("UPDATE audit_auditevent SET outcome = 'denied'"))
    assert refused(raw("DELETE FROM audit_auditevent"))


def test_it_refuses_changing_or_deleting_a_checkpoint(db):
    audit_append(action="case.read")
    checkpoint = audit_checkpoint_create()
    assert refused(lambda: AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(seq=99))
    assert refused(checkpoint.delete)


def test_it_still_accepts_new_events(db):
    audit_append(action="case.read")
    audit_append(action="case.read")
    assert AuditEvent.objects.count() == 2


def test_it_allows_the_change_once_the_trigger_is_dropped(db):
    """The trigger is the only guard: this is what verify_audit is for (see test_verify_audit)."""
    event = sequenced(audit_append(action="case.read"))
    with triggers_lifted():
        AuditEvent.objects.filter(pk=event.pk).update(action="case.nothing")
    assert AuditEvent.objects.get(pk=event.pk).action == "case.nothing"


def test_it_puts_dropped_triggers_back_on_migrate(db):
    with triggers_lifted():
        assert not append_only_triggers_present(connection)
        reinstall_after_migrate(sender=None, using="default")
        assert append_only_triggers_present(connection)


@pytest.mark.django_db(transaction=True)
def test_it_survives_the_flush_after_a_transactional_test():
    """On SQLite the flush is a DELETE the trigger would refuse: conftest lifts it for the
    flush and post_migrate restores it. pytest-django runs transactional tests after the
    others, in file order, so the next test runs right after this one's flush."""
    audit_append(action="case.read")
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_has_the_triggers_back_after_a_transactional_test():
    assert append_only_triggers_present(connection)
    event = sequenced(audit_append(action="case.read"))
    assert event.seq == 1  # the flush emptied the chain and its head; the head was recreated
    assert refused(event.delete)
