"""Concurrent appends on PostgreSQL: the chain head lock keeps one chain, with no fork and no
gap. Prints the throughput (see docs/audit.md for the measured figures)."""

import threading
import time

import pytest
from django.db import connection, transaction

from coord.audit.models import AuditEvent
from coord.audit.selectors import audit_verify
from coord.audit.services import audit_append

THREADS = 8
PER_THREAD = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_chain_under_eight_concurrent_writers():
    audit_append(action="auth.login")  # the head row exists before the race starts
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(PER_THREAD):
                with transaction.atomic():
                    audit_append(action="case.read", object_id=f"T{n}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    assert errors == []
    total = 1 + THREADS * PER_THREAD
    events = list(AuditEvent.objects.order_by("seq").values_list("seq", "prev_hash", "hash"))
    assert [seq for seq, _, _ in events] == list(range(1, total + 1))  # no gap
    assert len({prev for _, prev, _ in events}) == total  # no two events share a parent
    assert audit_verify().items() >= {"ok": True, "events": total, "checkpoints": 0}.items()
    print(
        f"\n{THREADS * PER_THREAD} concurrent appends in {elapsed:.2f}s: "
        f"{THREADS * PER_THREAD / elapsed:.0f} appends/s"
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_recreates_a_flushed_head_once_under_concurrent_writers():
    """After a flush (TRUNCATE) there is no head row: racing writers must still agree."""
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                audit_append(action="case.read")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert audit_verify().items() >= {"ok": True, "events": 20, "checkpoints": 0}.items()
