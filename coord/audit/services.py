"""Writes to the audit trail. ``audit_append`` is the only way an event is created."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from coord.audit.chain import event_hash
from coord.audit.models import AuditEvent, ChainHead, Outcome


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
    ``details`` must hold no victim data, narrative, identifier, password or token.
    """
    values: dict[str, Any] = {
        **_actor_fields(actor),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "organisation": getattr(organisation, "slug", organisation) or "",
        "outcome": str(outcome),
        "request_id": getattr(request, "request_id", "") if request is not None else "",
        "details": details or {},
    }
    if actor_username is not None and not values["actor_username"]:
        values["actor_username"] = actor_username[:150]
    with transaction.atomic():
        # The row is created by migration 0002, so this never races on creation.
        head = ChainHead.objects.select_for_update().get(pk=1)
        values["seq"] = head.seq + 1
        values["at"] = datetime.now(tz=UTC)
        digest = event_hash(head.hash, values)
        event = AuditEvent.objects.create(prev_hash=head.hash, hash=digest, **values)
        head.seq, head.hash = values["seq"], digest
        head.save(update_fields=["seq", "hash"])
    return event
