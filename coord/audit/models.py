"""The append-only, hash-chained audit trail."""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from coord.audit.chain import canonical_json


class CanonicalJSONField(models.TextField):
    """JSON stored as its canonical text (``chain.canonical_json``) on every database.

    The verifier then hashes the column exactly as read, with no parse and re-encode per
    event; PostgreSQL's jsonb would re-space and reorder it. Nothing queries inside it.
    """

    def from_db_value(self, value: str | None, expression, connection) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> str:
        return canonical_json(value)

    def value_to_string(self, obj) -> str:
        return canonical_json(self.value_from_object(obj))


class Outcome(models.TextChoices):
    ALLOWED = "allowed", "allowed"
    DENIED = "denied", "denied"


class AuditEvent(models.Model):
    """One thing that happened. Carries no victim data: who, which org, what, which id, when.

    Organisations are stored as slugs, not foreign keys, so an event's hashed
    content never changes when the rows it mentions do.
    """

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_organisation = models.CharField(max_length=50, blank=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    organisation = models.CharField(max_length=50, blank=True, db_index=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.ALLOWED)
    request_id = models.CharField(max_length=64, blank=True)
    details = CanonicalJSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The outbox row this event was sequenced from (null for events written before the
    # outbox) and when the sequencer took it: ``sequenced_at - at`` is the merge delay.
    # Neither is hashed: the outbox row is checked against the event by ``verify_audit``.
    outbox_id = models.BigIntegerField(null=True, unique=True)
    sequenced_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.outcome}"


class AuditEventObject(models.Model):
    """Index: one row per object an event names in ``details.references`` (a page read,
    ``case.list_read``), so the owner's access log finds each read of one case fast.

    Written by the sequencer with the event, derived from hashed content (rebuildable from
    ``details``); ``verify_audit`` trusts the events, not this index.
    """

    seq = models.BigIntegerField()
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.object_type} {self.object_id}"


class AuditOutbox(models.Model):
    """An event as a request wrote it, before the sequencer numbered it (docs/audit.md).

    Requests only INSERT here, with no shared lock; append-only like the events (the same
    triggers). ``xid`` is the inserting PostgreSQL transaction (null on SQLite): the
    sequencer's floor, so it never rescans the whole outbox and never skips a row whose
    transaction commits late.
    """

    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_organisation = models.CharField(max_length=50, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    organisation = models.CharField(max_length=50, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.ALLOWED)
    request_id = models.CharField(max_length=64, blank=True)
    details = CanonicalJSONField(default=dict, blank=True)
    xid = models.BigIntegerField(null=True, db_index=True)

    def __str__(self) -> str:
        return f"outbox {self.pk} {self.action}"


class ChainHead(models.Model):
    """The sequencer's state, one row locked by the one sequencer at a time (never by requests).

    ``seq``/``hash``: the last sequenced event. ``floor``: every outbox row below it is
    sequenced (PostgreSQL: a transaction id, the snapshot xmin of the last full drain; SQLite:
    an outbox id, since SQLite's writers commit in id order).
    """

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    floor = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditCheckpoint(models.Model):
    """A signed statement "the chain had ``seq`` events and its head hash was ``hash``".

    Signed with an Ed25519 key that is not in the database (settings.COORD_AUDIT_SIGNING_KEY),
    so whoever can rewrite the tables cannot forge one; ``verify_audit`` checks them.
    """

    seq = models.BigIntegerField(unique=True)
    hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=88)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"checkpoint #{self.seq}"


from coord.audit.tree import MerkleNode, SignedTreeHead  # noqa: E402, F401  (the tree's tables)
