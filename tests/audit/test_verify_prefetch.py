"""Outside a transaction on PostgreSQL the verifier fetches the next ranges on other
connections while it hashes the current one: the same verdicts as one batch at a time."""

import pytest
from django.db import connection

from coord.audit.selectors import audit_verify
from tests.audit.helpers import make_chain, tamper

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_verifies_a_chain_read_in_prefetched_batches():
    make_chain(250)
    assert not connection.in_atomic_block
    assert (
        audit_verify(batch_size=40).items() >= {"ok": True, "events": 250, "checkpoints": 0}.items()
    )


def test_it_names_an_edited_event_in_a_later_prefetched_batch():
    make_chain(250)
    tamper("UPDATE audit_auditevent SET object_id = 'C-EDITED' WHERE seq = 173")
    result = audit_verify(batch_size=40)
    assert (result["ok"], result["first_bad_event"]) == (False, 173)


def test_it_names_a_deleted_event_at_a_batch_boundary():
    make_chain(250)
    tamper("DELETE FROM audit_auditevent WHERE seq = 81")
    result = audit_verify(batch_size=40)
    assert (result["ok"], result["first_bad_event"]) == (False, 81)


def test_it_names_the_first_event_of_a_whole_missing_range():
    make_chain(250)
    tamper("DELETE FROM audit_auditevent WHERE seq > 40 AND seq <= 120")
    result = audit_verify(batch_size=40)
    assert (result["ok"], result["first_bad_event"]) == (False, 41)


def test_it_leaves_no_connection_of_its_fetchers_open():
    make_chain(100)
    assert audit_verify(batch_size=10)["ok"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND query LIKE '%%seq <= %%'"
        )
        assert cursor.fetchone()[0] == 0
