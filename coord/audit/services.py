"""Writes to the audit trail. ``audit_append`` is the only way an event is created."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from coord.audit.chain import GENESIS_HASH, clean_text, event_hash, normalise_details
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


def _locked_head() -> ChainHead:
    """The chain head row, locked until the caller's transaction ends.

    A ``flush`` (tests) or a careless DBA may have removed the row: it is recreated from the
    last event (or the genesis hash), and concurrent recreators resolve on the primary key.
    """
    head = ChainHead.objects.select_for_update().filter(pk=_HEAD_PK).first()
    if head is None:
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, digest = last or (0, GENESIS_HASH)
        ChainHead.objects.get_or_create(pk=_HEAD_PK, defaults={"seq": seq, "hash": digest})
        head = ChainHead.objects.select_for_update().get(pk=_HEAD_PK)
    return head


def audit_append(
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
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    The chain head row is locked, so concurrent writers queue and never fork the
    chain; if the caller's transaction rolls back, the event goes with it.
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
    with transaction.atomic():
        head = _locked_head()
        values["seq"] = head.seq + 1
        values["at"] = datetime.now(tz=UTC)
        digest = event_hash(head.hash, values)
        event = AuditEvent.objects.create(prev_hash=head.hash, hash=digest, **values)
        head.seq, head.hash = values["seq"], digest
        head.save(update_fields=["seq", "hash"])
        every = getattr(settings, "COORD_AUDIT_CHECKPOINT_EVERY", 1000)
        if every and values["seq"] % every == 0:
            # robust: a broker outage must not turn a committed request into an error;
            # the hourly beat run catches up.
            transaction.on_commit(_queue_checkpoint, robust=True)
    return event


def _queue_checkpoint() -> None:
    from coord.audit.tasks import audit_checkpoint_task

    audit_checkpoint_task.delay()


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
