"""The canonical encoding and hash of an event, shared by the writer and the verifier."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64

CHAINED_FIELDS = (
    "seq",
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


def canonical(values: dict[str, Any]) -> bytes:
    """Sorted-key compact JSON of the chained fields; times as UTC ISO-8601 with microseconds."""
    doc = {}
    for name in CHAINED_FIELDS:
        value = values[name]
        if isinstance(value, datetime):
            value = value.isoformat(timespec="microseconds")
        doc[name] = value
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(prev_hash: str, values: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(values)).hexdigest()
