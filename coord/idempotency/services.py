"""Claim, finish and release an ``Idempotency-Key`` (docs/api.md "Idempotency").

A key is claimed in a transaction of its own, committed before the create runs, so a
second request with the same key sees it at once: running (409), finished (replay) or for
another request (422). The unique (user, key) index settles two claims at the same moment.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from coord.idempotency.errors import IdempotencyInProgress, IdempotencyKeyReused
from coord.idempotency.models import IdempotencyKey

# How long a finished create is remembered (the 24 hours).
KEY_TTL = timedelta(hours=24)
# A claim still "running" after this long belongs to a request that died (a killed worker;
# gunicorn's timeout is 60 s): the next request with the key takes it over.
STALE_CLAIM = timedelta(minutes=5)
_SALT = "coord.idempotency"


def idempotency_digest(text: str) -> str:
    """An HMAC-SHA256 (hex) under the server's secret: keys and request fingerprints are
    stored as these, never as given."""
    return salted_hmac(_SALT, text, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class Claim:
    """The outcome of a claim: ``record`` is ours to finish (``replay`` false) or the
    finished first request to answer again (``replay`` true)."""

    record: IdempotencyKey
    replay: bool


def idempotency_prune(*, now: datetime | None = None) -> int:
    """Forget every key older than ``KEY_TTL``; returns how many. Run on each claim, so
    the table holds one day of creates at most."""
    cutoff = (now or timezone.now()) - KEY_TTL
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def idempotency_claim(*, user, key_hash: str, fingerprint: str) -> Claim:
    """Claim ``key_hash`` for ``user`` and this request, or find what it already stands for.

    Raises ``IdempotencyKeyReused`` (the key was used for a different request) or
    ``IdempotencyInProgress`` (the first request with it has not finished).
    """
    for _attempt in range(3):
        now = timezone.now()
        with transaction.atomic():
            idempotency_prune(now=now)
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=user, key_hash=key_hash, fingerprint=fingerprint, created_at=now
                )
            return Claim(record=record, replay=False)
        except IntegrityError:
            pass
        existing = IdempotencyKey.objects.filter(user=user, key_hash=key_hash).first()
        if existing is None:  # released or pruned between our insert and this read
            continue
        if existing.fingerprint != fingerprint:
            raise IdempotencyKeyReused
        if existing.status is not None:
            return Claim(record=existing, replay=True)
        if existing.created_at >= now - STALE_CLAIM:
            raise IdempotencyInProgress
        IdempotencyKey.objects.filter(pk=existing.pk, status__isnull=True).delete()
    raise IdempotencyInProgress


def idempotency_finish(*, record: IdempotencyKey, status: int, object_id: str) -> None:
    """Remember that the request answered ``status`` and created ``object_id``."""
    record.status, record.object_id = status, object_id
    record.save(update_fields=["status", "object_id"])


def idempotency_release(*, record: IdempotencyKey) -> None:
    """Forget a claim whose request failed: nothing was created, so the same key may run
    again. A database that is down cannot release it; the claim then goes stale."""
    with contextlib.suppress(DatabaseError):
        IdempotencyKey.objects.filter(pk=record.pk, status__isnull=True).delete()
