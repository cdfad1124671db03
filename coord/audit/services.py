"""Writes to the audit trail: requests append to the outbox (``audit_append``, the only way
an event is created); the sequencer (``audit_sequence``) numbers, chains and puts them in the
Merkle tree; tree heads are signed when due (``sth_if_due``). See docs/audit.md."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from coord.audit import merkle, tree_store
from coord.audit.chain import (
    CHAINED_FIELDS,
    GENESIS_HASH,
    canonical,
    canonical_json,
    clean_text,
    normalise_details,
)
from coord.audit.models import (
    AuditCheckpoint,
    AuditEvent,
    AuditEventObject,
    AuditOutbox,
    CanonicalJSONField,
    ChainHead,
    Outcome,
)
from coord.audit.signing import sign_checkpoint
from coord.audit.tree import SignedTreeHead

logger = logging.getLogger(__name__)

_HEAD_PK = 1


def _actor_fields(actor) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor_id": None, "actor_username": "", "actor_organisation": ""}
    from coord.organisations.selectors import organisation_of

    org = organisation_of(actor)
    # ``actor_id`` stays in the hashed record (CHAINED_FIELDS, unchanged) but is null from
    # API changelog "no integer keys" on: the username names the actor (unique, never
    # reused, kept for the trail's life), and no account number reaches a response.
    return {
        "actor_id": None,
        "actor_username": actor.get_username(),
        "actor_organisation": org.slug if org else "",
    }


def _fit(name: str, value: str) -> str:
    """Clean and clip to the column, so PostgreSQL and SQLite store (and hash) the same text."""
    return clean_text(value)[: AuditEvent._meta.get_field(name).max_length]


def _locked_head() -> tuple[int, str, int]:
    """(seq, hash, floor) of the sequencer's state, its row locked until the transaction ends.

    Only the sequencer locks it: requests never wait on it. A ``flush`` (tests) or a careless
    DBA may have removed the row: it is recreated from the last event (floor 0: the sequencer
    then rescans the outbox once), and concurrent recreators resolve on the primary key.
    """
    sql = f"SELECT seq, hash, floor FROM {ChainHead._meta.db_table} WHERE id = %s"  # noqa: S608
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_HEAD_PK])
        head = cursor.fetchone()
    if head is None:
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, digest = last or (0, GENESIS_HASH)
        ChainHead.objects.get_or_create(pk=_HEAD_PK, defaults={"seq": seq, "hash": digest})
        head = (
            ChainHead.objects.select_for_update()
            .values_list("seq", "hash", "floor")
            .get(pk=_HEAD_PK)
        )
    return head


@functools.cache
def _insert_sql(model, *, xid: bool, single: bool) -> tuple[str, tuple]:
    """The INSERT of ``_insert`` and its fields, built once per shape (building it costs
    more than the statement's own work for one event)."""
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key and f.name != "xid")
    quote = connection.ops.quote_name
    names = [quote(f.column) for f in fields]
    extra = ["pg_current_xact_id()::text::bigint"] if xid else []
    if xid:
        names.append(quote("xid"))
    if single:
        values = ", ".join(["%s"] * len(fields) + extra)
        source = f"VALUES ({values})"
    else:
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
        source = f"SELECT *{', ' + extra[0] if xid else ''} FROM unnest({arrays})"  # noqa: S608 - names
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(names)}) {source} RETURNING id"
    return sql, fields


def _insert(model, rows: list, *, xid: bool = False) -> None:
    """Insert ``rows`` of ``model`` in one statement and set their primary keys.

    On PostgreSQL one array per column (``unnest``) for a batch, so the statement is the same
    size for 2 or 2,000 rows, and plain values for one row (a request's usual event); ``xid``
    fills the outbox's ``xid`` with the inserting transaction's id.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows)
        return
    single = len(rows) == 1
    sql, fields = _insert_sql(model, xid=xid, single=single)
    columns = []
    for f in fields:
        values = [getattr(r, f.attname) for r in rows]
        if isinstance(f, CanonicalJSONField):
            values = [canonical_json(value) for value in values]
        columns.append(values)
    params = [values[0] for values in columns] if single else columns
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = sorted(pk for (pk,) in cursor.fetchall())
    for row, pk in zip(rows, ids, strict=True):
        row.pk = pk
        row._state.adding, row._state.db = False, connection.alias


def audit_event(
    *,
    action: str,
    actor=None,
    organisation=None,
    object_type: str = "",
    object_id: str = "",
    outcome: str = Outcome.ALLOWED,
    details: dict[str, Any] | None = None,
    request=None,
    actor_username: str | None = None,
) -> dict[str, Any]:
    """One event's content, checked and clipped, ready for ``audit_append_many``.

    Built before the chain is locked, so the lock is held for the insert alone.
    ``details`` must hold no victim data, narrative, identifier, password or token,
    and only plain JSON values (see ``chain.normalise_details``).
    """
    if str(outcome) not in Outcome.values:
        raise ValueError(f"unknown audit outcome {outcome!r}")
    values: dict[str, Any] = {
        **_actor_fields(actor),
        "action": _fit("action", action),
        "object_type": _fit("object_type", object_type),
        "object_id": _fit("object_id", str(object_id)),
        "organisation": _fit("organisation", getattr(organisation, "slug", organisation) or ""),
        "outcome": str(outcome),
        "request_id": _fit(
            "request_id", getattr(request, "request_id", "") if request is not None else ""
        ),
        "details": normalise_details(details or {}),
    }
    if actor_username is not None and not values["actor_username"]:
        values["actor_username"] = _fit("actor_username", actor_username)
    return values


def audit_append(**event: Any) -> AuditOutbox:
    """Append one event (arguments as ``audit_event``) to the outbox, inside the caller's
    transaction: if it rolls back, the event goes with it. The sequencer numbers it after
    commit (``audit_sequence``)."""
    return audit_append_many([audit_event(**event)])[0]


def audit_append_many(events: list[dict[str, Any]]) -> list[AuditOutbox]:
    """Insert events (from ``audit_event``) into the outbox in one INSERT, with no shared lock.

    No savepoint: an error here must fail the caller's whole transaction anyway. After
    commit the sequencer is woken (``_wake_sequencer``).
    """
    if not events:
        return []
    at = datetime.now(tz=UTC)
    rows = [AuditOutbox(at=at, **values) for values in events]
    with transaction.atomic(savepoint=False):
        _insert(AuditOutbox, rows, xid=True)
        _wake_sequencer()
    return rows


# Tests that pin a request's query count turn this off (tests/conftest.py): they then count
# what the request does in production, where the sequencer runs after commit, elsewhere.
SEQUENCE_INSIDE_TEST_TRANSACTION = True


def _inside_test_wrapper() -> bool:
    """True inside a test case's transaction (pytest-django ``db``): it is rolled back, never
    committed, so an on-commit hook would never run. Django marks it the same way for
    ``atomic(durable=True)``."""
    blocks = connection.atomic_blocks
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


def _wake_sequencer() -> None:
    """Run the sequencer once this transaction commits: the Celery task with a broker, the
    same code in-process when Celery is eager (embedded mode). Inside a test case's
    transaction, which never commits, it runs at once (the wrapper is rolled back whole)."""
    if _inside_test_wrapper():
        if SEQUENCE_INSIDE_TEST_TRANSACTION:
            audit_sequence()
        return
    # robust: a broker outage must not turn a committed request into an error; the
    # sequencer's beat run (every minute) picks the events up.
    transaction.on_commit(_queue_sequencer, robust=True)


def _send(name: str, *args: Any) -> None:
    """Queue a task by its registered name (tasks sit above the services, so this module does
    not import them); in a process that has not loaded the task modules yet, load them."""
    from celery import current_app

    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    current_app.tasks[name].delay(*args)


def _queue_sequencer() -> None:
    _send("coord.audit.sequence")


_OUTBOX_FIELDS = (
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


class SequencerKilledError(RuntimeError):
    """Raised by the test hook ``FAIL_AFTER`` to kill the sequencer between two steps."""


FAIL_AFTER: str | None = None  # tests only: "events" or "tree" (a kill mid-batch)


def _step(name: str) -> None:
    if name == FAIL_AFTER:
        raise SequencerKilledError(f"sequencer killed after step {name!r}")


def audit_sequence(*, batch_size: int = 2000) -> int:
    """Number every committed outbox row not yet sequenced, in batches; how many it numbered.

    Each batch is one short transaction holding the sequencer's row: it assigns ``seq``,
    chains and hashes the events, inserts them and extends the Merkle tree. A batch that
    dies (a kill, an error) rolls back whole, and the next run takes the same rows again:
    nothing committed is lost or skipped. Then signs a tree head when one is due.
    """
    total = 0
    while True:
        done, drained = _sequence_batch(batch_size)
        total += done
        if drained:
            break
    sth_if_due()
    return total


def _pending_sql(vendor: str) -> str:
    outbox = AuditOutbox._meta.db_table
    events = AuditEvent._meta.db_table
    floor = "o.xid >= %s" if vendor == "postgresql" else "o.id > %s"
    columns = ", ".join(f"o.{connection.ops.quote_name(name)}" for name in _OUTBOX_FIELDS)
    return (
        f"SELECT o.id, {columns} FROM {outbox} o WHERE {floor} "  # noqa: S608 - names
        f"AND NOT EXISTS (SELECT 1 FROM {events} e WHERE e.outbox_id = o.id) "
        "ORDER BY o.id LIMIT %s"
    )


def _sequence_batch(batch_size: int) -> tuple[int, bool]:
    """One batch: ``(events sequenced, whether the outbox is drained)``."""
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        seq, prev, floor = _locked_head()
        _catch_up_tree(seq)
        with connection.cursor() as cursor:
            if postgres:
                # Every transaction below this id has ended, so its rows are visible to
                # the next statement: once drained, none of them is ever pending again.
                cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                (xmin,) = cursor.fetchone()
            cursor.execute(_pending_sql(connection.vendor), [floor, batch_size])
            pending = cursor.fetchall()
        drained = len(pending) < batch_size
        if postgres:
            new_floor = xmin if drained else floor
        else:  # SQLite commits writers one at a time, in id order
            new_floor = pending[-1][0] if pending else floor
        if not pending:
            if new_floor != floor:
                ChainHead.objects.filter(pk=_HEAD_PK).update(floor=new_floor)
            return 0, drained
        now = datetime.now(tz=UTC)
        rows, leaves = [], []
        for number, row in enumerate(pending, start=seq + 1):
            values = dict(zip(_OUTBOX_FIELDS, row[1:], strict=True))
            values["details"] = json.loads(values["details"])
            values["at"] = _aware(values["at"])
            values["seq"] = number
            body = canonical(values)
            digest = hashlib.sha256(prev.encode() + body).hexdigest()
            leaves.append(merkle.leaf_hash(body))
            rows.append(
                AuditEvent(
                    prev_hash=prev, hash=digest, outbox_id=row[0], sequenced_at=now, **values
                )
            )
            prev = digest
        _insert(AuditEvent, rows)
        _index_references(rows)
        _step("events")
        tree_store.append_leaves(leaves, seq)
        _step("tree")
        last = seq + len(rows)
        ChainHead.objects.filter(pk=_HEAD_PK).update(seq=last, hash=prev, floor=new_floor)
        every = getattr(settings, "COORD_AUDIT_CHECKPOINT_EVERY", 1000)
        if every and last // every > seq // every:
            transaction.on_commit(_queue_checkpoint, robust=True)
    return len(rows), drained


def _index_references(rows: list[AuditEvent]) -> None:
    """One ``AuditEventObject`` per reference a page-read event names (one INSERT, and none
    when the batch has no such event)."""
    index = [
        AuditEventObject(seq=row.seq, object_type=row.object_type, object_id=str(reference))
        for row in rows
        if isinstance(row.details, dict)
        for reference in row.details.get("references") or ()
    ]
    if index:
        AuditEventObject.objects.bulk_create(index)


def _aware(value: datetime | str) -> datetime:
    """A raw cursor's time as an aware UTC datetime (SQLite returns text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _catch_up_tree(seq: int) -> None:
    """Put events sequenced before the tree existed (the hash chain alone) into the tree."""
    size = tree_store.tree_size()
    if size >= seq:
        return
    events = AuditEvent.objects.filter(seq__gt=size, seq__lte=seq).order_by("seq")
    leaves = [
        merkle.leaf_hash(canonical({name: getattr(e, name) for name in CHAINED_FIELDS}))
        for e in events.iterator(chunk_size=2000)
    ]
    tree_store.append_leaves(leaves, size)


def sth_if_due(*, force: bool = False) -> SignedTreeHead | None:
    """Sign the tree head when events arrived and the last head is older than
    ``COORD_AUDIT_STH_SECONDS`` (or ``force``). Returns the new head, or None."""
    from coord.audit.sth import sth_create, sth_latest

    size = tree_store.tree_size()
    latest = sth_latest()
    if size == 0 or (latest is not None and latest.tree_size >= size):
        return None
    interval_ms = 1000 * getattr(settings, "COORD_AUDIT_STH_SECONDS", 60)
    now_ms = int(datetime.now(tz=UTC).timestamp() * 1000)
    if not force and latest is not None and now_ms - latest.timestamp < interval_ms:
        return None
    sth = sth_create(tree_size=size)
    transaction.on_commit(lambda: _queue_sth_published(sth.tree_size), robust=True)
    return sth


def _queue_sth_published(tree_size: int) -> None:
    """Deliver a new tree head to every organisation."""
    _send("coord.audit.sth_published", tree_size)


def _queue_checkpoint() -> None:
    """Queue the checkpoint task by its registered name: tasks are an entry point above
    the services, so this module does not import them."""
    from celery import current_app

    current_app.tasks["coord.audit.checkpoint"].delay()


def audit_checkpoint_create() -> AuditCheckpoint | None:
    """Sign the current head of the chain, unless a checkpoint already covers it.

    Reads the last committed event (not the locked head) so it never waits on writers.
    Returns the new checkpoint, or None when there was nothing new to sign.
    """
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    if last is None:
        return None
    seq, digest = last
    if AuditCheckpoint.objects.filter(seq__gte=seq).exists():
        return None
    created_at = datetime.now(tz=UTC)
    key_id, signature = sign_checkpoint(seq=seq, hash=digest, created_at=created_at)
    try:
        with transaction.atomic():
            return AuditCheckpoint.objects.create(
                seq=seq, hash=digest, created_at=created_at, key_id=key_id, signature=signature
            )
    except IntegrityError:  # another worker signed the same head a moment ago
        return None


def audit_verify_record(*, job_id, result: dict[str, Any], actor=None) -> AuditOutbox:
    """Record a verification run and its verdict (no content of any event)."""
    details: dict[str, Any] = {"ok": bool(result.get("ok"))}
    if "first_bad_event" in result:
        details["first_bad_event"] = result["first_bad_event"]
    else:
        details["events"] = result.get("events", 0)
    return audit_append(
        action="audit.verify",
        actor=actor,
        object_type="job",
        object_id=str(job_id),
        details=details,
    )
