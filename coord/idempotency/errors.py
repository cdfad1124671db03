"""Refusals of an ``Idempotency-Key`` (docs/api.md "Idempotency")."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from coord.lib.errors import Conflict, Unprocessable


class IdempotencyErrorCode(StrEnum):
    IN_PROGRESS = "idempotency_in_progress"
    KEY_REUSED = "idempotency_key_reused"


class IdempotencyInProgress(Conflict):
    default_message = _(
        "A request with this Idempotency-Key is still running; retry when it has finished."
    )
    default_code = IdempotencyErrorCode.IN_PROGRESS


class IdempotencyKeyReused(Unprocessable):
    default_message = _(
        "This Idempotency-Key was already used for a different request; use a new key."
    )
    default_code = IdempotencyErrorCode.KEY_REUSED
