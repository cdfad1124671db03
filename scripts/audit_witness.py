#!/usr/bin/env python3
"""Audit witness for the coordination service: hold the audit log to what it showed before.

Run it from cron at a partner organisation. Each run fetches the log's latest signed tree
head (STH), checks its Ed25519 signature against the public key this witness pinned, asks
the log for an RFC 9162 consistency proof from the last tree head this witness stored,
verifies it, and only then stores the new tree head. A log that rewrote, cut or forked its
past cannot produce that proof. docs/audit.md, "Witness protocol (draft)", describes the
JSON it reads.

    audit_witness.py --url https://coord.example.org --token TOKEN \\
        --state /var/lib/coord-witness/state.json --pubkey /etc/coord-witness/audit.pub

Exit status: 0 the log extends every tree head this witness stored (or, on the first run,
the tree head was signed by the pinned key and is now stored); 1 a check failed: bad
signature, unknown key, a shrunk or forked log, a proof that does not verify (the message
names it; keep the state file, it is the evidence); 2 the check could not be made (network,
HTTP error, unreadable key or state file).

One file, standard library and ``cryptography`` only, so a partner can read all of it. The
two blocks between ``begin``/``end`` markers are verbatim copies of coord/audit/merkle.py and
coord/audit/sth.py; the service's test suite fails if they drift.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

STATE_VERSION = 1
MAX_RESPONSE_BYTES = 1 << 20
TIMEOUT_SECONDS = 30

# --- rfc9162-verify: begin (copied verbatim into scripts/audit_witness.py) ---
HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()  # MTH({}) = SHA-256() (RFC 9162 2.1.1)


class ProofError(ValueError):
    """A proof that does not prove what it claims; the message says which check failed."""


def leaf_hash(leaf: bytes) -> bytes:
    """MTH({d(0)}) = SHA-256(0x00 || d(0))."""
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _check_hashes(hashes: Sequence[bytes], what: str) -> None:
    for value in hashes:
        if not isinstance(value, bytes) or len(value) != HASH_SIZE:
            raise ProofError(f"{what}: every hash must be {HASH_SIZE} bytes")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that ``proof`` (a PATH) yields for the leaf hash ``leaf`` (RFC 9162 2.1.3.2)."""
    _check_hashes([leaf, *proof], "inclusion proof")
    if index < 0 or index >= size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the tree is deep")
    return r


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise ProofError unless ``proof`` shows leaf hash ``leaf`` at ``index`` under ``root``."""
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise ProofError(f"inclusion proof for leaf {index} does not lead to the tree {size} root")


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> None:
    """Raise ProofError unless the tree ``second`` extends the tree ``first`` (RFC 9162 2.1.4.2).

    Sizes ``0`` and ``first == second`` are the edge cases RFC 9162 leaves to the caller:
    both need an empty proof, and equal sizes need equal roots.
    """
    _check_hashes([first_root, second_root, *proof], "consistency proof")
    if first < 0 or second < first:
        raise ProofError(f"tree {second} cannot extend tree {first}: the log shrank")
    if first == second:
        if proof:
            raise ProofError("consistency proof between equal sizes must be empty")
        if first_root != second_root:
            raise ProofError(f"two different roots for tree size {first}: the log forked")
        return
    if first == 0:
        if proof:
            raise ProofError("consistency proof from the empty tree must be empty")
        return
    if not proof:
        raise ProofError("consistency proof is empty")
    path = list(proof)
    if first & (first - 1) == 0:  # an exact power of two: its root is a node of the new tree
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is shorter than the tree is deep")
    if fr != first_root:
        raise ProofError(
            f"consistency proof does not lead to the tree {first} root: the log forked"
        )
    if sr != second_root:
        raise ProofError(f"consistency proof does not lead to the tree {second} root")


# --- rfc9162-verify: end ---


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


class CannotCheckError(Exception):
    """The check could not be made (exit 2); nothing is known to be wrong with the log."""


class CheckFailedError(Exception):
    """The log failed a check (exit 1)."""


def load_public_key(path: str) -> Ed25519PublicKey:
    """The pinned key: PEM, or base64 of the 32 raw bytes (``manage.py audit_public_key``)."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().strip()
    except OSError as exc:
        raise CannotCheckError(f"cannot read the public key {path}: {exc.strerror}") from None
    try:
        if text.startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(text)
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError("not an Ed25519 key")
            return key
        cleaned = text.decode("ascii").replace("-", "+").replace("_", "/").rstrip("=")
        raw = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise CannotCheckError(
            f"{path} is not an Ed25519 public key (PEM or base64): {exc}"
        ) from None


def fetch_json(url: str, token: str) -> Any:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise CannotCheckError(f"only http(s) URLs are fetched, not {url}")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"Authorization": f"Token {token}", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise CannotCheckError(f"GET {url} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise CannotCheckError(f"GET {url} failed: {getattr(exc, 'reason', exc)}") from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise CannotCheckError(f"GET {url} answered more than {MAX_RESPONSE_BYTES} bytes")
    try:
        return json.loads(body)
    except ValueError:
        raise CannotCheckError(f"GET {url} did not answer JSON") from None


def load_state(path: str, url: str, key: Ed25519PublicKey) -> dict[str, Any] | None:
    """The tree head stored by the last good run, re-checked against the pinned key."""
    try:
        with open(path, encoding="utf-8") as handle:
            state = json.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise CannotCheckError(f"cannot read the state file {path}: {exc}") from None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise CannotCheckError(f"{path} is not a version {STATE_VERSION} witness state file")
    if state.get("url") != url:
        raise CannotCheckError(f"{path} witnesses {state.get('url')}, not {url}")
    try:
        return sth_verify(state.get("sth"), key)
    except STHError as exc:
        raise CannotCheckError(f"the stored tree head in {path} does not check: {exc}") from None


def save_state(path: str, url: str, sth: dict[str, Any]) -> None:
    """Write the state next to the old one and rename it over, so a crash keeps one of them."""
    directory = os.path.dirname(os.path.abspath(path))
    state = {"version": STATE_VERSION, "url": url, "sth": sth}
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".witness-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(state, out, indent=2, sort_keys=True)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _hashes(values: Any, what: str) -> list[bytes]:
    if not isinstance(values, list):
        raise CheckFailedError(f"{what} must be a list of hex hashes")
    try:
        hashes = [bytes.fromhex(value) for value in values]
    except (TypeError, ValueError):
        raise CheckFailedError(f"{what} must be a list of hex hashes") from None
    if any(len(value) != HASH_SIZE for value in hashes):
        raise CheckFailedError(f"{what}: every hash must be {HASH_SIZE} bytes")
    return hashes


def check(url: str, token: str, state_path: str, key: Ed25519PublicKey) -> str:
    """One witness run: the line to print, or CheckFailedError (exit 1) or CannotCheckError (2)."""
    old = load_state(state_path, url, key)
    try:
        new = sth_verify(fetch_json(f"{url}/api/v1/audit/sth/", token), key)
    except STHError as exc:
        raise CheckFailedError(str(exc)) from None
    m, n = (old["tree_size"] if old else 0), new["tree_size"]
    if old is None:
        outcome = f"first run: pinned tree head {n} (root {new['root_hash'][:16]}...)"
    elif n < m:
        raise CheckFailedError(
            f"the log shrank: its tree head says {n} events, this witness saw {m} "
            f"(root {old['root_hash']}); the log was truncated or rolled back"
        )
    elif n == m:
        if new["root_hash"] != old["root_hash"]:
            raise CheckFailedError(
                f"the log forked: tree size {n} had root {old['root_hash']}, now {new['root_hash']}"
            )
        outcome = f"unchanged at tree head {n}"
    else:
        proof = fetch_json(f"{url}/api/v1/audit/proofs/consistency/?first={m}&second={n}", token)
        if not isinstance(proof, dict) or (proof.get("first"), proof.get("second")) != (m, n):
            raise CheckFailedError(
                f"the log answered a consistency proof for other sizes than {m}, {n}"
            )
        try:
            verify_consistency(
                m,
                n,
                bytes.fromhex(old["root_hash"]),
                bytes.fromhex(new["root_hash"]),
                _hashes(proof.get("proof"), "consistency proof"),
            )
        except ProofError as exc:
            raise CheckFailedError(
                f"tree {n} does not extend tree {m} that this witness saw: {exc}"
            ) from None
        outcome = f"tree head {n} extends tree head {m}"
    try:
        save_state(state_path, url, new)
    except OSError as exc:
        raise CannotCheckError(
            f"the log checked out but {state_path} was not written: {exc}"
        ) from None
    return f"ok: {outcome}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the service, e.g. https://coord.example.org")
    parser.add_argument(
        "--token",
        default=os.environ.get("COORD_WITNESS_TOKEN"),
        help="an API token (or set COORD_WITNESS_TOKEN, which ps does not show)",
    )
    parser.add_argument("--state", required=True, help="where the last good tree head is kept")
    parser.add_argument("--pubkey", required=True, help="the log's pinned Ed25519 public key")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("--token or COORD_WITNESS_TOKEN is required")
    url = args.url.rstrip("/")
    try:
        print(check(url, args.token, args.state, load_public_key(args.pubkey)))
    except CheckFailedError as exc:
        print(f"AUDIT WITNESS CHECK FAILED for {url}: {exc}", file=sys.stderr)
        return 1
    except CannotCheckError as exc:
        print(f"audit witness could not check {url}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
