"""Reads of the audit trail: chain verification, filtered listings and the access log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from coord.audit.chain import CHAINED_FIELDS, GENESIS_HASH, canonical_json
from coord.audit.models import AuditCheckpoint, AuditEvent, ChainHead
from coord.audit.signing import checkpoint_signature_valid, trusted_public_keys

Progress = Callable[[int, int], None]

# Column order of the raw scan: the chained fields, then prev_hash and hash.
_COLUMNS = (*CHAINED_FIELDS, "prev_hash", "hash")


_encode_str = json.encoder.encode_basestring  # what the canonical encoder uses for str


def fast_canonical(row: tuple, at: str, details: str) -> str:
    """``chain.canonical`` for one raw row, as text, without building a dict (hot loop).

    ``at`` is the ISO time already formatted; ``details`` the canonical JSON of the details.
    Keys are written in sorted order; a test checks this equals ``chain.canonical``.
    """
    e = _encode_str
    actor_id = "null" if row[2] is None else int(row[2])
    return (
        f'{{"action":{e(row[5])},"actor_id":{actor_id},'
        f'"actor_organisation":{e(row[4])},"actor_username":{e(row[3])},"at":"{at}",'
        f'"details":{details},"object_id":{e(row[7])},"object_type":{e(row[6])},'
        f'"organisation":{e(row[8])},"outcome":{e(row[9])},"request_id":{e(row[10])},'
        f'"seq":{int(row[0])}}}'
    )


def _time_sql(vendor: str) -> str:
    """The event time as text, so no per-row datetime object is built."""
    if vendor == "postgresql":
        return """to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')"""
    return 'CAST("at" AS TEXT)'  # naive UTC "YYYY-MM-DD HH:MM:SS[.ffffff]"


def _iso_time(text: str) -> str:
    text = text.replace(" ", "T", 1)
    if len(text) == 19:
        text += ".000000"
    return text + "+00:00"


def _fetch(sql: str, after: int, batch_size: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [after, batch_size])
        return cursor.fetchall()


def _close_connection() -> None:
    connection.close()


def _batches(sql: str, batch_size: int) -> Iterator[list[tuple]]:
    """The chain's rows in keyset batches, in order; the next batch is asked for as soon as
    the current one has arrived.

    On PostgreSQL outside a transaction, a worker thread with its own connection fetches
    it while the caller hashes this one: the wait for the database (transfer and parsing,
    the larger part) overlaps the hashing (docs/audit.md, Speed). Inside a transaction
    (tests) another connection could not see its rows, so it is fetched right away.
    """
    prefetch = connection.vendor == "postgresql" and not connection.in_atomic_block
    pool = ThreadPoolExecutor(max_workers=1) if prefetch else None

    def fetch(after: int) -> Future:
        if pool is not None:
            return pool.submit(_fetch, sql, after, batch_size)
        ready: Future = Future()
        ready.set_result(_fetch(sql, after, batch_size))
        return ready

    try:
        pending: Future | None = fetch(0)
        while pending is not None:
            rows = pending.result()
            pending = fetch(rows[-1][0]) if len(rows) == batch_size else None
            if rows:
                yield rows
    finally:
        if pool is not None:
            pool.submit(_close_connection).result()  # run in the worker: closes its own
            pool.shutdown()


def _fail(seq: int, reason: str) -> dict[str, Any]:
    return {"ok": False, "first_bad_event": seq, "reason": reason}


def audit_verify(
    *,
    public_keys=None,
    batch_size: int = 20_000,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Walk the whole chain and the checkpoints; name the first event that does not hold up.

    Returns ``{"ok": True, "events": N, "checkpoints": M}`` or
    ``{"ok": False, "first_bad_event": seq, "reason": "..."}``. Detects edited events (hash
    differs from content), deleted events (gap in seq), reordered or inserted events (prev_hash
    link broken), a truncated tail (a signed checkpoint or the chain head lies beyond the last
    event) and forged or rewritten checkpoints. Reads raw rows in keyset batches for speed
    (see docs/audit.md for the measured rate); ``progress(done, total)`` is called per batch.
    """
    keys = trusted_public_keys(public_keys)
    head = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    checkpoints = list(
        AuditCheckpoint.objects.order_by("seq").values_list(
            "seq", "hash", "created_at", "signature", "key_id"
        )
    )
    by_seq = {cp[0]: cp for cp in checkpoints}
    total = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    loads = json.loads
    sha256 = hashlib.sha256
    dumps = canonical_json
    ops = connection.ops
    table = ops.quote_name(AuditEvent._meta.db_table)
    columns = [ops.quote_name(c) for c in _COLUMNS]
    columns[1] = _time_sql(connection.vendor)
    sql = (
        f"SELECT {', '.join(columns)} FROM {table} "  # noqa: S608 - names, not input
        "WHERE seq > %s ORDER BY seq LIMIT %s"
    )

    expected, prev = 1, GENESIS_HASH
    done = 0
    for rows in _batches(sql, batch_size):
        for row in rows:
            seq = row[0]
            if seq != expected:
                return _fail(expected, f"event {expected} is missing (the next one is {seq})")
            if row[12] != prev:
                return _fail(
                    seq,
                    f"event {seq} does not follow event {seq - 1}: its prev_hash differs "
                    "(events reordered, inserted or removed)",
                )
            try:
                details = row[11]
                at = _iso_time(row[1])
                body = fast_canonical(row, at, details)
                digest = sha256((prev + body).encode()).hexdigest()
                if digest != row[13]:
                    # A row written before details were stored as canonical text
                    # (jsonb's own spacing): re-encode it and hash again.
                    body = fast_canonical(row, at, dumps(loads(details)))
                    digest = sha256((prev + body).encode()).hexdigest()
            except (TypeError, ValueError, AttributeError):
                return _fail(seq, f"event {seq} was altered: it cannot be read")
            if digest != row[13]:
                return _fail(seq, f"event {seq} was altered: its hash does not match it")
            checkpoint = by_seq.get(seq)
            if checkpoint is not None:
                bad = _checkpoint_problem(keys, checkpoint, digest)
                if bad:
                    return _fail(seq, bad)
            prev = digest
            expected += 1
        done += len(rows)
        if progress is not None:
            progress(done, max(total, done))

    last = expected - 1
    beyond = [cp for cp in checkpoints if cp[0] > last]
    if beyond:
        checkpoint = beyond[0]
        if not _signature_ok(keys, checkpoint):
            return _fail(checkpoint[0], f"checkpoint at event {checkpoint[0]} is forged")
        return _fail(
            last + 1,
            f"the chain ends at event {last} but a signed checkpoint vouches for event "
            f"{checkpoint[0]} (tail truncated)",
        )
    if head is not None and head[0] > last:
        return _fail(
            last + 1, f"the chain ends at event {last} but its head says {head[0]} (tail truncated)"
        )
    return {"ok": True, "events": last, "checkpoints": len(checkpoints)}


def _signature_ok(keys: dict, checkpoint) -> bool:
    """Checked with the trusted key the checkpoint names; an unknown key id is a forgery."""
    seq, digest, created_at, signature, key_id = checkpoint
    key = keys.get(key_id)
    return key is not None and checkpoint_signature_valid(
        key, seq=seq, hash=digest, created_at=created_at, signature=signature
    )


def _checkpoint_problem(keys: dict, checkpoint, digest: str) -> str:
    seq = checkpoint[0]
    if not _signature_ok(keys, checkpoint):
        return f"checkpoint at event {seq} is forged (its signature does not verify)"
    if checkpoint[1] != digest:
        return f"event {seq} differs from the signed checkpoint: the chain up to it was rewritten"
    return ""


def access_log(*, organisation_slug: str, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    """Events about one object of ``organisation_slug`` made by anyone outside it, newest first.

    Includes denied attempts and actors with no organisation (coordinators, anonymous).
    The caller decides who may see it (sharing_policies): this is the owner's view.
    Fields of interest: ``at``, ``actor_username``, ``actor_organisation``, ``action``,
    ``outcome`` and ``details`` (e.g. the grant or share id).
    """
    return (
        AuditEvent.objects.filter(
            organisation=organisation_slug, object_type=object_type, object_id=str(object_id)
        )
        .exclude(actor_organisation=organisation_slug)
        .order_by("-seq")
    )


FILTER_FIELDS = ("action", "actor", "organisation", "object_type", "object_id", "outcome")


def audit_event_list(
    *, base: QuerySet[AuditEvent], filters: dict[str, Any]
) -> QuerySet[AuditEvent]:
    """``base`` (the events the access policy lets the caller see), narrowed by validated
    filters.

    ``actor`` is a username, ``organisation`` matches the organisation whose data the event
    concerns or the actor's organisation; ``since`` is inclusive, ``until`` exclusive.
    """
    qs = base
    lookups = {
        "action": "action",
        "actor": "actor_username",
        "object_type": "object_type",
        "object_id": "object_id",
        "outcome": "outcome",
        "since": "at__gte",
        "until": "at__lt",
    }
    for name, lookup in lookups.items():
        if filters.get(name) not in (None, ""):
            qs = qs.filter(**{lookup: filters[name]})
    if filters.get("organisation"):
        from django.db.models import Q

        slug = filters["organisation"]
        qs = qs.filter(Q(organisation=slug) | Q(actor_organisation=slug))
    return qs
