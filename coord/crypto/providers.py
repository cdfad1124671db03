"""Master-key (key-encryption key) providers.

A provider wraps and unwraps organisation data keys. The default keeps the master
key in process memory (from ``COORD_MASTER_KEY``); a KMS or Vault transit provider
implements the same three members and is selected with the dotted-path setting
``COORD_MASTER_KEY_PROVIDER``. See docs/encryption.md.
"""

from __future__ import annotations

import base64
import hashlib
import os
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.module_loading import import_string

from coord.crypto.exceptions import DecryptionFailed

DEFAULT_PROVIDER = "coord.crypto.providers.LocalMasterKeyProvider"
_NONCE = 12


@runtime_checkable
class MasterKeyProvider(Protocol):
    """What the key store needs from a master key. ``context`` is bound as associated data."""

    key_id: str

    def wrap(self, key: bytes, *, context: bytes) -> bytes: ...

    def unwrap(self, blob: bytes, *, context: bytes) -> bytes: ...


def decode_master_key(value: str | bytes) -> bytes:
    """A base64 (standard or url-safe) 32-byte key, as written by settings or a key file."""
    text = value.decode() if isinstance(value, bytes) else value
    text = text.strip()
    try:
        raw = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_"))
    except (ValueError, TypeError):
        raise ValueError("master key must be 32 random bytes, base64-encoded") from None
    if len(raw) != 32:
        raise ValueError("master key must be 32 random bytes, base64-encoded")
    return raw


def fingerprint(key: bytes) -> str:
    """A public name for a key: a domain-separated hash, safe to store and log."""
    return "local:" + hashlib.sha256(b"coord-master-key-id\x00" + key).hexdigest()[:24]


class LocalMasterKeyProvider:
    """AES-256-GCM with a master key held in memory.

    ``COORD_MASTER_KEY_PREVIOUS`` (optional, list of base64 keys) are accepted for
    unwrapping only, so a master-key rotation can be rolled out without downtime.
    """

    def __init__(self, key: str | bytes | None = None, previous: list[str] | None = None):
        raw = key if isinstance(key, bytes) and len(key) == 32 else None
        self._key = raw or decode_master_key(key or settings.COORD_MASTER_KEY)
        if previous is None:
            previous = list(getattr(settings, "COORD_MASTER_KEY_PREVIOUS", None) or [])
        self._unwrap_keys = [self._key] + [decode_master_key(p) for p in previous]
        self.key_id = fingerprint(self._key)

    def wrap(self, key: bytes, *, context: bytes) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + AESGCM(self._key).encrypt(nonce, key, context)

    def unwrap(self, blob: bytes, *, context: bytes) -> bytes:
        nonce, body = bytes(blob[:_NONCE]), bytes(blob[_NONCE:])
        for candidate in self._unwrap_keys:
            try:
                return AESGCM(candidate).decrypt(nonce, body, context)
            except InvalidTag:
                continue
        raise DecryptionFailed("data key could not be unwrapped with the configured master key")

    def __repr__(self) -> str:  # never show the key
        return f"<LocalMasterKeyProvider {self.key_id}>"


def get_provider() -> MasterKeyProvider:
    """The configured provider (``COORD_MASTER_KEY_PROVIDER``, a dotted path to a class)."""
    path = getattr(settings, "COORD_MASTER_KEY_PROVIDER", None) or DEFAULT_PROVIDER
    return import_string(path)()
