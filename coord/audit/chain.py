"""The canonical encoding and hash of an event, shared by the writer and the verifier.

An event's hash is ``sha256(prev_hash_hex_ascii || canonical(event))`` where ``canonical`` is
the compact, key-sorted, UTF-8 JSON of the fields in ``CHAINED_FIELDS`` (see docs/audit.md).
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import UTC, datetime
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

# Floats at or above this magnitude come back from PostgreSQL's jsonb as integers
# (1e16 -> 10000000000000000), which would change the canonical bytes.
_MAX_FLOAT = 1e15
_MAX_INT = 2**63 - 1


class CanonicalJSONEncoder(json.JSONEncoder):
    """Writes JSON the canonical way whatever ``json.dumps`` asks for.

    ``canonical_json`` is its ``encode``; ``models.CanonicalJSONField`` stores details with
    it, so the verifier hashes the column as read (migration 0005 names the class too).
    """

    def __init__(self, *args, **kwargs):
        kwargs.update(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        super().__init__(*args, **kwargs)


canonical_json = CanonicalJSONEncoder().encode


def format_time(value: datetime) -> str:
    """UTC ISO-8601 with microseconds and offset, e.g. ``2026-11-25T12:00:00.000000+00:00``."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(values: dict[str, Any]) -> bytes:
    """Sorted-key compact JSON of the chained fields; times as UTC ISO-8601 with microseconds."""
    doc = {}
    for name in CHAINED_FIELDS:
        value = values[name]
        if isinstance(value, datetime):
            value = format_time(value)
        doc[name] = value
    return canonical_json(doc).encode()


def event_hash(prev_hash: str, values: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(values)).hexdigest()


def clean_text(value: str) -> str:
    """Text every database stores as given: NUL and lone surrogates become U+FFFD."""
    if value.isascii():
        return value.replace("\x00", "\ufffd")
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")


def normalise_details(value: Any, *, _depth: int = 0) -> Any:
    """Check that ``details`` is small, plain JSON that survives a database round trip intact.

    Allowed: dicts with string keys, lists/tuples, str, int, bool, None and finite floats
    below 1e15. Anything else raises ``TypeError`` (a bug in the caller, not user input).
    Strings are cleaned with ``clean_text``.
    """
    if _depth > 8:
        raise TypeError("audit details are nested too deeply")
    if isinstance(value, str):
        return clean_text(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > _MAX_INT:
            raise TypeError("audit details: integer out of range")
        return value
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= _MAX_FLOAT:
            raise TypeError("audit details: float must be finite and below 1e15")
        return value
    if isinstance(value, list | tuple):
        return [normalise_details(item, _depth=_depth + 1) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("audit details: keys must be strings")
        return {
            clean_text(key): normalise_details(item, _depth=_depth + 1)
            for key, item in value.items()
        }
    raise TypeError(f"audit details cannot hold a {type(value).__name__}")
