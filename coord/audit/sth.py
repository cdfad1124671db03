"""Signed tree heads: "the log had ``tree_size`` events and its Merkle root was ``root_hash``".

Signed with Ed25519 by the checkpoint key of ``coord.audit.signing`` (the private key comes
from the environment, never from the database). The signed bytes are, in ASCII::

    coord-audit-sth/v1\\n
    <tree_size, decimal, no leading zeros>\\n
    <root_hash, 64 lowercase hex digits>\\n
    <timestamp, milliseconds since the Unix epoch UTC, decimal>\\n

A context line first, so a signature over a tree head can never pass for a checkpoint's
(``coord-audit-checkpoint/v1``) or anything else the key signs. ``key_id`` is not signed: it
is a name for the public key (the first 16 hex digits of SHA-256 over its 32 raw bytes) and
a witness checks it against the key it pinned.

The block between the ``sth-verify`` markers is copied verbatim into
``scripts/audit_witness.py``; a test fails when the copies differ.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import IntegrityError, transaction
from django.utils import timezone

from coord.audit import signing, tree_store
from coord.audit.tree import SignedTreeHead

# --- sth-verify: begin (copied verbatim into scripts/audit_witness.py) ---
STH_CONTEXT = b"coord-audit-sth/v1\n"
STH_FIELDS = ("tree_size", "root_hash", "timestamp", "key_id", "signature")
_HEX = frozenset("0123456789abcdef")


class STHError(ValueError):
    """A tree head that is malformed, or not signed by the key it should be."""


def sth_message(tree_size: int, root_hash: str, timestamp: int) -> bytes:
    """The exact bytes a tree head's signature covers."""
    return STH_CONTEXT + f"{tree_size}\n{root_hash}\n{timestamp}\n".encode("ascii")


def sth_key_id(key: Ed25519PublicKey) -> str:
    """First 16 hex digits of SHA-256 over the raw 32-byte public key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sth_parse(doc: Any) -> dict[str, Any]:
    """Check the shape of a tree head as ``GET /api/v1/audit/sth/`` returns it (STHError)."""
    if not isinstance(doc, dict) or any(name not in doc for name in STH_FIELDS):
        raise STHError(f"a tree head is a JSON object with {', '.join(STH_FIELDS)}")
    size, root, stamp, key_id, signature = (doc[name] for name in STH_FIELDS)
    for name, value in (("tree_size", size), ("timestamp", stamp)):
        if type(value) is not int or value < 0:
            raise STHError(f"tree head {name} must be a non-negative integer, not {value!r}")
    if not isinstance(root, str) or len(root) != 64 or not set(root) <= _HEX:
        raise STHError("tree head root_hash must be 64 lowercase hex digits")
    if not isinstance(key_id, str) or len(key_id) != 16 or not set(key_id) <= _HEX:
        raise STHError("tree head key_id must be 16 lowercase hex digits")
    try:
        raw_signature = base64.b64decode(signature, validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise STHError("tree head signature must be base64") from None
    if len(raw_signature) != 64:
        raise STHError("tree head signature must be 64 bytes (Ed25519)")
    return {name: doc[name] for name in STH_FIELDS}


def sth_verify(doc: Any, key: Ed25519PublicKey) -> dict[str, Any]:
    """The parsed tree head if ``key`` signed it; STHError naming what is wrong otherwise."""
    sth = sth_parse(doc)
    if sth["key_id"] != sth_key_id(key):
        raise STHError(
            f"tree head {sth['tree_size']} names key {sth['key_id']}, "
            f"not the pinned key {sth_key_id(key)}"
        )
    message = sth_message(sth["tree_size"], sth["root_hash"], sth["timestamp"])
    try:
        key.verify(base64.b64decode(sth["signature"]), message)
    except InvalidSignature:
        raise STHError(f"tree head {sth['tree_size']}: bad signature") from None
    return sth


# --- sth-verify: end ---


def sth_as_json(sth: SignedTreeHead) -> dict[str, Any]:
    """A tree head exactly as ``GET /api/v1/audit/sth/`` returns it (docs/audit.md)."""
    return {name: getattr(sth, name) for name in STH_FIELDS}


def sth_sign(*, tree_size: int, root_hash: bytes, timestamp: int) -> SignedTreeHead:
    """An unsaved tree head signed with the current key (the key never touches the database)."""
    root_hex = root_hash.hex()
    signature = signing.signing_key().sign(sth_message(tree_size, root_hex, timestamp))
    return SignedTreeHead(
        tree_size=tree_size,
        root_hash=root_hex,
        timestamp=timestamp,
        key_id=signing.key_id(),
        signature=base64.b64encode(signature).decode("ascii"),
    )


def sth_create(*, tree_size: int | None = None) -> SignedTreeHead:
    """Sign and store the head of the tree at ``tree_size`` (default: every stored leaf).

    One tree head per size: a size already signed returns the stored head, so calling this
    on a timer while nothing is appended writes nothing.
    """
    size, root = tree_store.tree_head(tree_size)
    existing = SignedTreeHead.objects.filter(tree_size=size).first()
    if existing is not None:
        return existing
    sth = sth_sign(tree_size=size, root_hash=root, timestamp=_now_ms())
    try:
        with transaction.atomic():
            sth.save()
    except IntegrityError:  # another process signed the same size first
        return SignedTreeHead.objects.get(tree_size=size)
    return sth


def sth_latest() -> SignedTreeHead | None:
    return SignedTreeHead.objects.order_by("-tree_size").first()


def sth_trusted_problem(
    sth: SignedTreeHead, keys: dict[str, Ed25519PublicKey] | None = None
) -> str | None:
    """Why a stored tree head should not be believed, or None: its key is not trusted
    (``signing.trusted_public_keys``, which includes retired keys), or the signature fails."""
    keys = signing.trusted_public_keys() if keys is None else keys
    key = keys.get(sth.key_id)
    if key is None:
        return f"tree head {sth.tree_size} is signed by unknown key {sth.key_id}"
    try:
        sth_verify(sth_as_json(sth), key)
    except STHError as exc:
        return str(exc)
    return None


def _now_ms() -> int:
    return int(timezone.now().timestamp() * 1000)
