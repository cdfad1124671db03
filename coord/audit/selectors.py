"""Reads of the audit trail: chain verification, filtered listings and the access log."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from coord.audit.chain import CHAINED_FIELDS, GENESIS_HASH, canonical
from coord.audit.models import AuditCheckpoint, AuditEvent, ChainHead
from coord.audit.signing import checkpoint_signature_valid, trusted_public_keys
from coord.audit.triggers import audit_trigger_problems

Progress = Callable[[int, int], None]

# The chained fields stored as text, quoted as JSON strings in ``body_sql``.
_STRINGS = (
    "action",
    "actor_organisation",
    "actor_username",
    "object_id",
    "object_type",
    "organisation",
    "outcome",
    "request_id",
)


def body_sql(vendor: str) -> str:
    """SQL that builds an event's canonical text (``chain.canonical``) from its columns.

    The database server builds the bytes the verifier hashes, on its own core while this
    process hashes the previous batch, and sends one column instead of twelve. It trusts
    nothing stored: the expression is ours, sent with the query, and reads the same columns
    every audit page shows. A row whose text differs from Python's encoding (an escaping
    corner, a row written before details were canonical) is recomputed in Python
    (``_python_body``) before it is called altered. Keys in sorted order, as ``canonical``.
    """
    if vendor == "postgresql":

        def quote(column: str) -> str:
            return f"pg_catalog.to_json({column})::text"

        at = (
            """'"' || to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00"'"""
        )
        actor, seq = "coalesce(actor_id::text, 'null')", "seq::text"
    else:  # SQLite stores times as naive UTC text, microseconds left out when zero

        def quote(column: str) -> str:
            return f"json_quote({column})"

        at = (
            """'"' || replace("at", ' ', 'T') || CASE WHEN length("at") = 19 """
            """THEN '.000000' ELSE '' END || '+00:00"'"""
        )
        actor, seq = "coalesce(actor_id, 'null')", "seq"
    values = {name: quote(name) for name in _STRINGS}
    values.update(at=at, details="details", actor_id=actor, seq=seq)
    fields = " || ',' || ".join(f"'\"{name}\":' || {values[name]}" for name in sorted(values))
    return f"'{{' || {fields} || '}}'"


def _fetch(sql: str, after: int, batch_size: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [after, after + batch_size])
        return cursor.fetchall()


def _fetch_and_close(sql: str, after: int, batch_size: int) -> list[tuple]:
    """``_fetch`` in a worker thread, on the thread's own connection, closed right after (a
    connection costs a few ms against ~100 ms per batch, and none is left open)."""
    try:
        return _fetch(sql, after, batch_size)
    finally:
        connection.close()


_FETCHERS = 2  # ranges fetched at once: each keeps one database backend busy


def _batches(sql: str, batch_size: int, last_seq: int) -> Iterator[list[tuple]]:
    """The chain's rows in ranges of ``seq`` (``after < seq <= after + batch_size``), in
    order, up to ``last_seq`` and on while rows keep coming (events sequenced meanwhile).

    A range of the unique ``seq`` index is read by an index scan whatever the table's
    statistics say (a ``LIMIT`` after a bulk load with no ANALYZE was planned as a sort of
    the whole table per batch). On PostgreSQL outside a transaction, ``_FETCHERS`` worker
    threads with their own connections fetch the next ranges while the caller hashes this
    one: the database builds the rows' text (``body_sql``) on the other cores meanwhile
    (docs/audit.md, Speed). Inside a transaction (tests) another connection could not see
    its rows, so each range is fetched in turn on this connection.
    """
    prefetch = connection.vendor == "postgresql" and not connection.in_atomic_block
    pool = ThreadPoolExecutor(max_workers=_FETCHERS) if prefetch else None

    def fetch(index: int) -> Future:
        if pool is not None:
            return pool.submit(_fetch_and_close, sql, index * batch_size, batch_size)
        ready: Future = Future()
        ready.set_result(_fetch(sql, index * batch_size, batch_size))
        return ready

    ahead = _FETCHERS if pool is not None else 1
    try:
        queued = deque(fetch(index) for index in range(ahead))
        index = 0
        while True:
            rows = queued.popleft().result()
            if not rows and index * batch_size >= last_seq:
                break  # past the end, and nothing was sequenced meanwhile
            queued.append(fetch(index + ahead))
            index += 1
            if rows:
                yield rows
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _python_body(seq: int) -> str | None:
    """``chain.canonical`` of event ``seq`` computed here from its columns, for a row whose
    database-built text did not hash right; ``None`` when it cannot be read as an event."""
    try:
        values = AuditEvent.objects.filter(seq=seq).values(*CHAINED_FIELDS).first()
        return None if values is None else canonical(values).decode()
    except (TypeError, ValueError, AttributeError):  # details that are not JSON, a NULL
        return None


def _fail(seq: int, reason: str) -> dict[str, Any]:
    return {"ok": False, "first_bad_event": seq, "reason": reason}


def audit_verify(
    *,
    public_keys=None,
    batch_size: int = 20_000,
    progress: Progress | None = None,
    witnessed: list[dict[str, Any]] | None = None,
    outbox_grace: timedelta | None = None,
) -> dict[str, Any]:
    """Verify the chain, the Merkle tree, the signed tree heads, the outbox and the triggers,
    and that the log extends every ``witnessed`` tree head (already signature-checked by the
    caller: ``sth.sth_verify``). See ``_verify_log`` for the result."""
    result = _verify_log(
        public_keys=public_keys,
        batch_size=batch_size,
        progress=progress,
        witnessed=witnessed or [],
    )
    if result["ok"]:
        result = {
            **result,
            **_outbox_problem(_MERGE_GRACE if outbox_grace is None else outbox_grace),
        }
    problems = audit_trigger_problems(connection)
    if problems:
        result = {**result, "ok": False, "trigger_problems": problems}
        result.setdefault("reason", "the audit triggers are not all in force: " + problems[0])
    return result


def _outbox_problem(grace: timedelta) -> dict[str, Any]:
    """The first event that does not match its outbox row (or has none, after the outbox
    began), or the first outbox row sequenced as no event: ``{}`` when all agree.

    Rows younger than ``grace`` may still be waiting for the sequencer.
    """

    from coord.audit.models import AuditOutbox

    events, outbox = AuditEvent._meta.db_table, AuditOutbox._meta.db_table
    same = " AND ".join(
        f"o.{c} IS NOT DISTINCT FROM e.{c}"
        for c in (
            "at",
            "actor_id",
            "actor_username",
            "actor_organisation",
            "action",
            "object_type",
            "object_id",
            "organisation",
            "outcome",
            "request_id",
            "details",
        )
    )
    if connection.vendor == "sqlite":
        same = same.replace("IS NOT DISTINCT FROM", "IS")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(e.seq) FROM {events} e LEFT JOIN {outbox} o ON o.id = e.outbox_id "  # noqa: S608
            f"WHERE (e.outbox_id IS NULL AND e.seq > (SELECT MIN(seq) FROM {events} "
            f"WHERE outbox_id IS NOT NULL)) OR (e.outbox_id IS NOT NULL AND "
            f"(o.id IS NULL OR NOT ({same})))"
        )
        (bad,) = cursor.fetchone()
        if bad is not None:
            return _fail(bad, f"event {bad} does not match the outbox row it was sequenced from")
        cursor.execute(
            f"SELECT MIN(o.id) FROM {outbox} o WHERE o.at < %s AND NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {events} e WHERE e.outbox_id = o.id)",
            [datetime.now(tz=UTC) - grace],
        )
        (lost,) = cursor.fetchone()
        if lost is None:
            return {}
        cursor.execute(f"SELECT MAX(seq) FROM {events} WHERE outbox_id < %s", [lost])  # noqa: S608
        (before,) = cursor.fetchone()
    seq = (before or 0) + 1
    return _fail(
        seq,
        f"outbox row {lost} is in no sequenced event: an event near {seq} was removed",
    )


_MERGE_GRACE = timedelta(minutes=5)  # far above the stated merge delay (docs/audit.md)


class _Roots:
    """RFC 9162 roots of a growing list of leaf hashes, one leaf at a time (a compact range:
    the perfect subtrees of the binary decomposition of the size), O(log n) memory."""

    def __init__(self) -> None:
        self.stack: list[tuple[bytes, int]] = []

    def push(self, leaf: bytes) -> None:
        digest, width = leaf, 1
        stack = self.stack
        while stack and stack[-1][1] == width:
            left, _ = stack.pop()
            digest = hashlib.sha256(b"\x01" + left + digest).digest()
            width *= 2
        stack.append((digest, width))

    def root(self) -> bytes:
        if not self.stack:
            return hashlib.sha256(b"").digest()
        digest = self.stack[-1][0]
        for left, _ in reversed(self.stack[:-1]):
            digest = hashlib.sha256(b"\x01" + left + digest).digest()
        return digest


def _verify_log(
    *,
    public_keys=None,
    batch_size: int = 20_000,
    progress: Progress | None = None,
    witnessed: list[dict[str, Any]],
) -> dict[str, Any]:
    """Walk the whole chain, the tree heads and the checkpoints; name the first event (and,
    for a tree head, the tree size) that does not hold up.

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

    sha256 = hashlib.sha256
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    sql = (
        f"SELECT seq, prev_hash, hash, {body_sql(connection.vendor)} FROM {table} "  # noqa: S608 - names, not input
        "WHERE seq > %s AND seq <= %s ORDER BY seq"
    )

    from coord.audit import tree_store
    from coord.audit.sth import sth_trusted_problem
    from coord.audit.tree import SignedTreeHead

    sths = {sth.tree_size: sth for sth in SignedTreeHead.objects.order_by("tree_size")}
    for sth in sths.values():
        bad = sth_trusted_problem(sth, keys)
        if bad:
            return {**_fail(sth.tree_size, bad), "first_bad_tree_size": sth.tree_size}
    # size -> (root hex, who vouches for it); a witness's head is checked like a stored one
    vouched: dict[int, list[tuple[str, str]]] = {}
    for sth in sths.values():
        vouched.setdefault(sth.tree_size, []).append((sth.root_hash, "the signed tree head"))
    for doc in witnessed:
        vouched.setdefault(doc["tree_size"], []).append((doc["root_hash"], "a witness's"))
    roots = _Roots()
    if 0 in vouched:
        for root_hex, who in vouched[0]:
            if root_hex != roots.root().hex():
                return _tree_fail(0, who)

    expected, prev = 1, GENESIS_HASH
    done = 0
    for rows in _batches(sql, batch_size, total):
        for seq, prev_hash, stored, body in rows:
            if seq != expected:
                return _fail(expected, f"event {expected} is missing (the next one is {seq})")
            if prev_hash != prev:
                return _fail(
                    seq,
                    f"event {seq} does not follow event {seq - 1}: its prev_hash differs "
                    "(events reordered, inserted or removed)",
                )
            # Each body is encoded once: for its chain hash and its tree leaf alike.
            raw = body.encode() if body is not None else None
            if raw is None or sha256(prev.encode() + raw).hexdigest() != stored:
                body = _python_body(seq)
                if body is None:
                    return _fail(seq, f"event {seq} was altered: it cannot be read")
                raw = body.encode()
                digest = sha256(prev.encode() + raw).hexdigest()
                if digest != stored:
                    return _fail(seq, f"event {seq} was altered: its hash does not match it")
            digest = stored
            checkpoint = by_seq.get(seq)
            if checkpoint is not None:
                bad = _checkpoint_problem(keys, checkpoint, digest)
                if bad:
                    return _fail(seq, bad)
            roots.push(sha256(b"\x00" + raw).digest())
            if seq in vouched:
                root_hex = roots.root().hex()
                for vouched_root, who in vouched[seq]:
                    if vouched_root != root_hex:
                        return _tree_fail(seq, who)
            prev = digest
            expected += 1
        done += len(rows)
        if progress is not None:
            progress(done, max(total, done))

    last = expected - 1
    beyond_sizes = sorted(size for size in vouched if size > last)
    if beyond_sizes:
        size = beyond_sizes[0]
        who = vouched[size][0][1]
        return {
            **_fail(
                last + 1,
                f"the log has {last} events but {who} tree head says {size} "
                "(truncated or rolled back)",
            ),
            "first_bad_tree_size": size,
        }
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
    stored_size = tree_store.tree_size()
    if stored_size != last:
        return {
            **_fail(
                min(stored_size, last) + 1,
                f"the Merkle tree has {stored_size} leaves but the log {last} events",
            ),
            "first_bad_tree_size": min(stored_size, last) + 1,
        }
    if last and tree_store.tree_head(last)[1] != roots.root():
        return {
            **_fail(last, f"the stored Merkle tree of size {last} does not match the events"),
            "first_bad_tree_size": last,
        }
    return {
        "ok": True,
        "events": last,
        "checkpoints": len(checkpoints),
        "tree_heads": len(sths),
        "witnessed": len(witnessed),
    }


def _tree_fail(size: int, who: str) -> dict[str, Any]:
    return {
        **_fail(
            size,
            f"the log is not an extension of {who} tree head of size {size}: "
            f"its first {size} events were rewritten, removed or reordered",
        ),
        "first_bad_tree_size": size,
    }


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
    from django.db.models import Q

    # A refused read names the caller's own organisation (it must not learn the owner), so
    # refusals are found by the object alone: its id is the owner's (case references are
    # unique), and nobody else's event about it is allowed.
    from coord.audit.models import AuditEventObject, Outcome

    # A page read (``case.list_read``) names many objects: found through the index table.
    on_a_page = AuditEventObject.objects.filter(
        object_type=object_type, object_id=str(object_id)
    ).values("seq")
    about_it = Q(object_type=object_type, object_id=str(object_id)) & (
        Q(organisation=organisation_slug) | Q(outcome=Outcome.DENIED)
    )
    return (
        AuditEvent.objects.filter(about_it | Q(seq__in=on_a_page, organisation=organisation_slug))
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


def audit_sth_get(*, tree_size: int | None = None):
    """The latest signed tree head, or the one of ``tree_size``; None when there is none."""
    from coord.audit.sth import sth_latest
    from coord.audit.tree import SignedTreeHead

    if tree_size is None:
        return sth_latest()
    return SignedTreeHead.objects.filter(tree_size=tree_size).first()


def _signed_size() -> int:
    from coord.audit.sth import sth_latest

    latest = sth_latest()
    return latest.tree_size if latest else 0


def audit_consistency_proof(*, first: int, second: int) -> list[bytes] | None:
    """RFC 9162 PROOF(first, second); None when ``second`` is beyond the latest signed head
    (a witness only ever asks between heads it was shown)."""
    from coord.audit import tree_store

    if second > _signed_size():
        return None
    return tree_store.consistency_proof(first, second)


def audit_inclusion_proof(*, seq: int, tree_size: int) -> tuple[bytes, list[bytes]] | None:
    """``(leaf hash, PATH)`` of event ``seq`` in the tree of ``tree_size`` leaves; None when
    the tree is not that large yet."""
    from coord.audit import tree_store
    from coord.audit.tree import MerkleNode

    if not 1 <= seq <= tree_size or tree_size > tree_store.tree_size():
        return None
    leaf = MerkleNode.objects.filter(level=0, index=seq - 1).values_list("hash", flat=True).first()
    if leaf is None:
        return None
    return bytes(leaf), tree_store.inclusion_proof(seq - 1, tree_size)


# Reads of an organisation's cases by someone outside it (docs/sharing.md, "Outside access").
OUTSIDE_READ_ACTIONS = ("case.read", "case.list_read", "case.decrypt")


def outside_reads(
    *,
    organisation_slug: str,
    partner_slug: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """Allowed reads of ``organisation_slug``'s cases by people of other organisations,
    newest first, narrowed to one partner (the reader's organisation) and a period
    (``since`` inclusive, ``until`` exclusive). The caller decides who may see them."""
    from coord.audit.models import Outcome

    events = AuditEvent.objects.filter(
        organisation=organisation_slug,
        action__in=OUTSIDE_READ_ACTIONS,
        outcome=Outcome.ALLOWED,
    ).exclude(actor_organisation=organisation_slug)
    if partner_slug:
        events = events.filter(actor_organisation=partner_slug)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    return events.order_by("-seq")
