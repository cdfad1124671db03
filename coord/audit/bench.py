"""Synthetic, valid chains for measuring verification speed (never used by the product)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from django.db import transaction

from coord.audit import merkle, tree_store
from coord.audit.chain import CHAINED_FIELDS, canonical, event_hash
from coord.audit.models import AuditEvent, AuditOutbox, ChainHead

_OUTBOX_FIELDS = [n for n in CHAINED_FIELDS if n != "seq"]
_ACTIONS = ("case.read", "case.update", "grant.approve", "auth.login", "case.read_denied")


def synthetic_events(count: int, *, after_seq: int, after_hash: str) -> Iterator[AuditEvent]:
    """``count`` valid events continuing a chain whose head is (after_seq, after_hash)."""
    prev = after_hash
    start = datetime.now(tz=UTC)
    for i in range(count):
        seq = after_seq + i + 1
        values = {
            "seq": seq,
            "at": start + timedelta(microseconds=i * 7),
            "actor_id": 1000 + i % 37,
            "actor_username": f"bench.user{i % 37}",
            "actor_organisation": f"bench-org-{i % 5}",
            "action": _ACTIONS[i % len(_ACTIONS)],
            "object_type": "case",
            "object_id": f"C-{i % 9973:05d}",
            "organisation": f"bench-org-{(i + 1) % 5}",
            "outcome": "denied" if i % 11 == 0 else "allowed",
            "request_id": f"{i:032x}",
            "details": {"grant": f"G-{i % 101}", "fields": ["summary"]} if i % 3 else {},
        }
        digest = event_hash(prev, values)
        yield AuditEvent(prev_hash=prev, hash=digest, **values)
        prev = digest


def bulk_extend_chain(count: int, *, batch_size: int = 5000) -> int:
    """Append ``count`` synthetic events after the current head with bulk inserts, and put
    them in the Merkle tree as the sequencer would."""
    from coord.audit.services import _locked_head

    with transaction.atomic():
        seq, prev, _ = _locked_head()
        batch: list[AuditEvent] = []
        last = None
        size = seq

        def flush() -> int:
            # each event comes from an outbox row, as the sequencer's do (verify_audit checks)
            outbox = AuditOutbox.objects.bulk_create(
                [AuditOutbox(**{n: getattr(e, n) for n in _OUTBOX_FIELDS}) for e in batch]
            )
            for event, row in zip(batch, outbox, strict=True):
                event.outbox_id = row.pk
            AuditEvent.objects.bulk_create(batch)
            leaves = [
                merkle.leaf_hash(canonical({n: getattr(e, n) for n in CHAINED_FIELDS}))
                for e in batch
            ]
            batch.clear()
            return tree_store.append_leaves(leaves, size)

        for event in synthetic_events(count, after_seq=seq, after_hash=prev):
            batch.append(event)
            last = event
            if len(batch) >= batch_size:
                size = flush()
        if batch:
            size = flush()
        if last is None:
            return seq
        ChainHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)
        return last.seq
