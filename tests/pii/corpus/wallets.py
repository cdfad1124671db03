"""Synthetic crypto wallet addresses with valid checksums, for the corpora (random bytes, no
real wallet). Uses the same libraries as the guard so a corpus address is a well-formed one.
"""

from __future__ import annotations

import random

import base58
import bech32
from eth_hash.auto import keccak


def base58check(rng: random.Random, version: int) -> str:
    """A P2PKH-style (version 0x00), P2SH (0x05) or Tron (0x41) address."""
    payload = bytes([version]) + bytes(rng.getrandbits(8) for _ in range(20))
    return base58.b58encode_check(payload).decode()


def segwit(rng: random.Random, hrp: str = "bc") -> str:
    """A version-0 Bech32 segwit address with a 20-byte program."""
    return bech32.encode(hrp, 0, [rng.getrandbits(8) for _ in range(20)])


def eip55(rng: random.Random) -> str:
    """An Ethereum address with its EIP-55 mixed-case checksum."""
    raw = "".join(rng.choice("0123456789abcdef") for _ in range(40))
    digest = keccak(raw.encode()).hex()
    return "0x" + "".join(c.upper() if int(digest[i], 16) >= 8 else c for i, c in enumerate(raw))
