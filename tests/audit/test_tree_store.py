"""The Merkle tree kept in the database agrees with the in-memory one, row for row."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from coord.audit import merkle
from coord.audit.tree import MerkleNode
from coord.audit.tree_store import (
    TreeError,
    append_leaves,
    consistency_proof,
    inclusion_proof,
    tree_head,
    tree_size,
)


def leaves_of(count: int, start: int = 0) -> list[bytes]:
    return [merkle.leaf_hash(f"event {i}".encode()) for i in range(start, start + count)]


def test_it_starts_empty(db):
    assert tree_size() == 0
    assert tree_head() == (0, merkle.EMPTY_ROOT)


def test_it_stores_the_same_nodes_as_the_memory_store_when_appended_in_batches(db):
    for start, count in ((0, 1), (1, 6), (7, 30), (37, 64)):
        assert append_leaves(leaves_of(count, start), start) == start + count
    rows = {(n.level, n.index): bytes(n.hash) for n in MerkleNode.objects.all()}
    assert rows == merkle.MemoryNodeStore(leaves_of(101)).nodes


def test_it_answers_roots_for_every_past_size(db):
    append_leaves(leaves_of(40), 0)
    memory = merkle.MemoryNodeStore(leaves_of(40))
    for size in range(41):
        assert tree_head(size) == (size, merkle.root(memory, size))


def test_it_makes_proofs_that_verify(db):
    leaves = leaves_of(45)
    append_leaves(leaves, 0)
    _, root45 = tree_head(45)
    _, root13 = tree_head(13)
    merkle.verify_inclusion(12, 45, leaves[12], inclusion_proof(12, 45), root45)
    merkle.verify_consistency(13, 45, root13, root45, consistency_proof(13, 45))


def test_it_reads_a_proof_in_two_queries(db, django_assert_num_queries):
    append_leaves(leaves_of(300), 0)
    with django_assert_num_queries(2):  # the size, then every node of the proof at once
        inclusion_proof(123, 300)
    with django_assert_num_queries(2):
        consistency_proof(123, 300)


def test_it_refuses_an_append_that_is_not_at_the_end(db):
    append_leaves(leaves_of(5), 0)
    with pytest.raises(TreeError, match="5 leaves"):
        append_leaves(leaves_of(1, 9), 9)
    with pytest.raises(TreeError):
        append_leaves(leaves_of(1, 4), 4)
    assert tree_size() == 5


def test_it_refuses_a_leaf_hash_of_the_wrong_length(db):
    with pytest.raises(TreeError, match="32 bytes"):
        append_leaves([b"short"], 0)


def test_it_refuses_a_proof_for_a_tree_it_does_not_have_yet(db):
    append_leaves(leaves_of(5), 0)
    with pytest.raises(TreeError, match="no tree of size 6"):
        inclusion_proof(0, 6)
    with pytest.raises(TreeError):
        consistency_proof(2, 6)


def test_it_cannot_write_the_same_leaf_position_twice(db):
    """Two sequencers racing for one position: the primary key refuses the second."""
    append_leaves(leaves_of(3), 0)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO audit_merklenode (level, "index", hash) VALUES (0, 2, %s)', [b"x" * 32]
        )
