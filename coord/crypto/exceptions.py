"""Errors raised by the crypto app. Messages never carry plaintext, keys or tokens."""

from __future__ import annotations


class CryptoError(Exception):
    """Base class: a value could not be encrypted or decrypted."""


class KeyShredded(CryptoError):  # noqa: N818 (name fixed by the shared interface)
    """The organisation's key for this value was destroyed on purpose: the value is gone."""


class DecryptionFailed(CryptoError):  # noqa: N818 (name fixed by the shared interface)
    """The token is malformed, tampered with, or bound to another row, field or organisation."""
