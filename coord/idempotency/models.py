"""What a create answered under an ``Idempotency-Key``, kept 24 hours (docs/api.md).

Never the response body: the answers to creates carry decrypted text, which may only live
encrypted at rest. A replay re-reads the object through the access policy instead.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """One user's key: the request it was first used for and, once that finished, its
    status and the public id of what it created (``status`` null: still running)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # HMACs (hex) under the server's secret: the key is the client's free text, the
    # fingerprint covers a body that may hold narrative, so neither is stored as given.
    key_hash = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("user", "key_hash"), name="idempotency_user_key")
        ]

    def __str__(self) -> str:
        return f"idempotency key of user {self.user_id} ({self.status or 'running'})"
