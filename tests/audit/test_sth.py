"""Signed tree heads: made from the stored tree, signed by the key outside the database."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from coord.audit import merkle, signing
from coord.audit.sth import (
    STHError,
    sth_as_json,
    sth_create,
    sth_latest,
    sth_message,
    sth_trusted_problem,
    sth_verify,
)
from coord.audit.tree_store import append_leaves


def leaves_of(count: int) -> list[bytes]:
    return [merkle.leaf_hash(f"event {i}".encode()) for i in range(count)]


@pytest.fixture
def tree(db):
    append_leaves(leaves_of(10), 0)


def test_it_signs_the_head_of_the_stored_tree(tree):
    sth = sth_create()
    assert sth.tree_size == 10
    assert sth.root_hash == merkle.root(merkle.MemoryNodeStore(leaves_of(10)), 10).hex()
    assert sth_verify(sth_as_json(sth), signing.public_key())["tree_size"] == 10


def test_it_signs_the_documented_bytes(tree):
    sth = sth_create(tree_size=7)
    message = (
        b"coord-audit-sth/v1\n7\n" + sth.root_hash.encode() + b"\n" + str(sth.timestamp).encode()
    ) + b"\n"
    assert sth_message(7, sth.root_hash, sth.timestamp) == message
    signing.public_key().verify(base64.b64decode(sth.signature), message)


def test_it_names_the_key_as_the_checkpoints_do(tree):
    assert sth_create().key_id == signing.key_id()


def test_it_does_not_sign_the_same_size_twice(tree):
    first = sth_create()
    assert sth_create().pk == first.pk
    assert sth_latest().pk == first.pk


def test_it_serves_exactly_the_documented_fields(tree):
    assert set(sth_as_json(sth_create())) == {
        "tree_size",
        "root_hash",
        "timestamp",
        "key_id",
        "signature",
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("tree_size", 11), ("root_hash", "0" * 64), ("timestamp", 1)],
)
def test_it_refuses_a_head_whose_signed_fields_were_changed(tree, field, value):
    doc = {**sth_as_json(sth_create()), field: value}
    with pytest.raises(STHError, match="bad signature"):
        sth_verify(doc, signing.public_key())


def test_it_refuses_a_head_signed_by_another_key(tree):
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(STHError, match="not the pinned key"):
        sth_verify(sth_as_json(sth_create()), other)


@pytest.mark.parametrize(
    "change",
    [
        {"tree_size": -1},
        {"tree_size": "10"},
        {"tree_size": True},
        {"root_hash": "AB" * 32},
        {"key_id": "x"},
        {"signature": "not base64!"},
        {"signature": base64.b64encode(b"short").decode()},
    ],
)
def test_it_refuses_a_malformed_head(tree, change):
    with pytest.raises(STHError):
        sth_verify({**sth_as_json(sth_create()), **change}, signing.public_key())


def test_it_reports_a_stored_head_whose_key_is_not_trusted(tree):
    sth = sth_create()
    assert sth_trusted_problem(sth) is None
    assert "unknown key" in sth_trusted_problem(sth, keys={})
