"""Ed25519 signatures for checkpoints. The private key never touches the database."""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import datetime
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from coord.audit.chain import format_time

ALGORITHM = "Ed25519"
_CONTEXT = b"coord-audit-checkpoint/v1\n"


def _b64decode(text: str) -> bytes:
    """Standard or URL-safe base64, padding optional."""
    cleaned = text.strip().replace("+", "-").replace("/", "_").rstrip("=")
    return base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))


@lru_cache(maxsize=4)
def _private_key(seed_b64: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_b64decode(seed_b64))


def signing_key() -> Ed25519PrivateKey:
    """The checkpoint key from ``settings.COORD_AUDIT_SIGNING_KEY`` (base64 32-byte seed)."""
    return _private_key(settings.COORD_AUDIT_SIGNING_KEY)


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_b64(key: Ed25519PublicKey | None = None) -> str:
    return base64.b64encode(public_key_bytes(key or public_key())).decode()


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    return (
        (key or public_key())
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_id(key: Ed25519PublicKey | None = None) -> str:
    """First 16 hex digits of SHA-256 over the raw public key: names the key in a checkpoint."""
    return hashlib.sha256(public_key_bytes(key or public_key())).hexdigest()[:16]


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key given as base64 of the 32 raw bytes, or as PEM. ValueError if neither."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return key
    try:
        raw = _b64decode(text)
    except (binascii.Error, ValueError):
        raise ValueError("public key must be base64 or PEM") from None
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def checkpoint_message(*, seq: int, hash: str, created_at: datetime) -> bytes:
    """The signed bytes: a context line, then seq, head hash and time, one per line."""
    return _CONTEXT + f"{seq}\n{hash}\n{format_time(created_at)}".encode()


def sign_checkpoint(*, seq: int, hash: str, created_at: datetime) -> tuple[str, str]:
    """``(key_id, base64 signature)`` for a checkpoint."""
    message = checkpoint_message(seq=seq, hash=hash, created_at=created_at)
    return key_id(), base64.b64encode(signing_key().sign(message)).decode()


def checkpoint_signature_valid(
    key: Ed25519PublicKey,
    *,
    seq: int,
    hash: str,
    created_at: datetime,
    signature: str,
) -> bool:
    try:
        key.verify(
            _b64decode(signature), checkpoint_message(seq=seq, hash=hash, created_at=created_at)
        )
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def trusted_public_keys(keys: list[Ed25519PublicKey] | None = None) -> dict[str, Ed25519PublicKey]:
    """Keys that may have signed checkpoints, by key id.

    By default the current key plus ``settings.COORD_AUDIT_RETIRED_PUBLIC_KEYS`` (base64 or
    PEM, after a key rotation); an auditor passes their own copies instead.
    """
    if keys is None:
        keys = [public_key()]
        keys += [load_public_key(text) for text in settings.COORD_AUDIT_RETIRED_PUBLIC_KEYS]
    return {key_id(key): key for key in keys}
