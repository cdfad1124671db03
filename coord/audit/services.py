"""Writes to the audit trail. ``audit_append`` is the only way an event is created."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from coord.audit.chain import (
    GENESIS_HASH,
    canonical_json,
    clean_text,
    event_hash,
    normalise_details,
)
from coord.audit.models import AuditCheckpoint, AuditEvent, ChainHead, Outcome
from coord.audit.signing import sign_checkpoint

logger = logging.getLogger(__name__)

_HEAD_PK = 1


def _actor_fields(actor) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor_id": None, "actor_username": "", "actor_organisation": ""}
    from coord.organisations.selectors import organisation_of

    org = organisation_of(actor)
    return {
        "actor_id": actor.pk,
        "actor_username": actor.get_username(),
        "actor_organisation": org.slug if org else "",
    }


def _fit(name: str, value: str) -> str:
    """Clean and clip to the column, so PostgreSQL and SQLite store (and hash) the same text."""
    return clean_text(value)[: AuditEvent._meta.get_field(name).max_length]


def _locked_head() -> tuple[int, str]:
    """(seq, hash) of the chain head, its row locked until the caller's transaction ends.

    A ``flush`` (tests) or a careless DBA may have removed the row: it is recreated from the
    last event (or the genesis hash), and concurrent recreators resolve on the primary key.
    """
    sql = f"SELECT seq, hash FROM {ChainHead._meta.db_table} WHERE id = %s"  # noqa: S608
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_HEAD_PK])
        head = cursor.fetchone()
    if head is None:
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, digest = last or (0, GENESIS_HASH)
        ChainHead.objects.get_or_create(pk=_HEAD_PK, defaults={"seq": seq, "hash": digest})
        head = ChainHead.objects.select_for_update().values_list("seq", "hash").get(pk=_HEAD_PK)
    return head


def _store(rows: list[AuditEvent], *, seq: int, digest: str) -> None:
    """Insert the events and move the head to (seq, digest).

    On PostgreSQL one statement (a data-modifying CTE): the chain lock is held through a
    round trip less, which is what bounds appends per second (docs/performance.md).
    """
    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_create(rows)
        ChainHead.objects.filter(pk=_HEAD_PK).update(seq=seq, hash=digest)
        return
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # One array parameter per column, so the statement is the same size for 1 or 50 events.
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
    sql = (
        f"WITH ins AS (INSERT INTO {quote(AuditEvent._meta.db_table)} "  # noqa: S608 - names
        f"({', '.join(quote(f.column) for f in fields)}) SELECT * FROM unnest({arrays}) "
        f"RETURNING id), head AS (UPDATE {quote(ChainHead._meta.db_table)} "
        "SET seq = %s, hash = %s WHERE id = %s) SELECT id FROM ins ORDER BY id"
    )
    columns = [[getattr(r, f.attname) for r in rows] for f in fields]
    details = [f.name for f in fields].index("details")
    columns[details] = [canonical_json(value) for value in columns[details]]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*columns, seq, digest, _HEAD_PK])
        ids = [pk for (pk,) in cursor.fetchall()]
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


def audit_append(**event: Any) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction (arguments as
    ``audit_event``). If the caller's transaction rolls back, the event goes with it."""
    return audit_append_many([audit_event(**event)])[0]


def audit_append_many(events: list[dict[str, Any]]) -> list[AuditEvent]:
    """Append events (from ``audit_event``) in order, with one lock and one INSERT.

    The chain head row is locked, so concurrent writers queue and never fork the chain.
    No savepoint: an error here must fail the caller's whole transaction anyway.
    """
    if not events:
        return []
    with transaction.atomic(savepoint=False):
        first, prev = _locked_head()
        at = datetime.now(tz=UTC)
        rows = []
        for seq, values in enumerate(events, start=first + 1):
            values = {**values, "seq": seq, "at": at}
            digest = event_hash(prev, values)
            rows.append(AuditEvent(prev_hash=prev, hash=digest, **values))
            prev = digest
        last = first + len(rows)
        _store(rows, seq=last, digest=prev)
        every = getattr(settings, "COORD_AUDIT_CHECKPOINT_EVERY", 1000)
        if every and last // every > first // every:
            # robust: a broker outage must not turn a committed request into an error;
            # the hourly beat run catches up.
            transaction.on_commit(_queue_checkpoint, robust=True)
    return rows


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


def audit_verify_record(*, job_id, result: dict[str, Any], actor=None) -> AuditEvent:
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
