"""coord.audit.merkle against RFC 6962/9162's published vectors and a naive recursive tree."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coord.audit.merkle import (
    EMPTY_ROOT,
    MemoryNodeStore,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

# RFC 6962 test vectors as published by transparency-dev/merkle (testonly), used as data.
RFC_LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
RFC_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
RFC_INCLUSION = {  # (index, size): path
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
}
RFC_CONSISTENCY = {  # (first, second): proof
    (1, 8): RFC_INCLUSION[(0, 8)],
    (2, 8): RFC_INCLUSION[(0, 8)][1:],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}


def naive_root(leaves: list[bytes]) -> bytes:
    """MTH exactly as RFC 9162 2.1.1 writes it, recursively over leaf hashes."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(naive_root(leaves[:k]), naive_root(leaves[k:]))


def leaves_of(count: int, salt: int = 0) -> list[bytes]:
    return [leaf_hash(f"{salt}:{i}".encode()) for i in range(count)]


def flip(value: bytes, bit: int) -> bytes:
    bit %= len(value) * 8
    changed = bytearray(value)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


@pytest.fixture(scope="module")
def rfc_store() -> MemoryNodeStore:
    return MemoryNodeStore(leaf_hash(leaf) for leaf in RFC_LEAVES)


def test_it_hashes_the_empty_tree_as_sha256_of_nothing():
    assert EMPTY_ROOT.hex() == RFC_ROOTS[0]
    assert root(MemoryNodeStore(), 0) == EMPTY_ROOT


@pytest.mark.parametrize("size", range(1, 9))
def test_it_matches_the_published_root_for_each_size(rfc_store, size):
    assert root(rfc_store, size).hex() == RFC_ROOTS[size]


@pytest.mark.parametrize(("index", "size"), sorted(RFC_INCLUSION))
def test_it_makes_the_published_inclusion_proofs(rfc_store, index, size):
    assert [h.hex() for h in inclusion_proof(rfc_store, index, size)] == RFC_INCLUSION[
        (index, size)
    ]


@pytest.mark.parametrize(("first", "second"), sorted(RFC_CONSISTENCY))
def test_it_makes_the_published_consistency_proofs(rfc_store, first, second):
    proof = consistency_proof(rfc_store, first, second)
    assert [h.hex() for h in proof] == RFC_CONSISTENCY[(first, second)]


@pytest.mark.parametrize(("first", "second"), sorted(RFC_CONSISTENCY))
def test_it_verifies_the_published_consistency_proofs(first, second):
    proof = [bytes.fromhex(h) for h in RFC_CONSISTENCY[(first, second)]]
    first_root, second_root = (bytes.fromhex(RFC_ROOTS[n]) for n in (first, second))
    verify_consistency(first, second, first_root, second_root, proof)


def test_it_verifies_the_published_inclusion_proof():
    proof = [bytes.fromhex(h) for h in RFC_INCLUSION[(5, 8)]]
    verify_inclusion(5, 8, leaf_hash(RFC_LEAVES[5]), proof, bytes.fromhex(RFC_ROOTS[8]))


@settings(max_examples=300, deadline=None)
@given(size=st.integers(1, 300), data=st.data())
def test_it_agrees_with_the_naive_tree_hash_for_every_prefix(size, data):
    leaves = leaves_of(size)
    store = MemoryNodeStore(leaves)
    prefix = data.draw(st.integers(0, size))
    assert root(store, prefix) == naive_root(leaves[:prefix])


@settings(max_examples=300, deadline=None)
@given(size=st.integers(1, 300), data=st.data())
def test_it_makes_inclusion_proofs_that_verify(size, data):
    leaves = leaves_of(size)
    store = MemoryNodeStore(leaves)
    index = data.draw(st.integers(0, size - 1))
    proof = inclusion_proof(store, index, size)
    verify_inclusion(index, size, leaves[index], proof, naive_root(leaves))


@settings(max_examples=300, deadline=None)
@given(size=st.integers(1, 300), data=st.data())
def test_it_makes_consistency_proofs_that_verify(size, data):
    leaves = leaves_of(size)
    store = MemoryNodeStore(leaves)
    first = data.draw(st.integers(0, size))
    proof = consistency_proof(store, first, size)
    verify_consistency(first, size, naive_root(leaves[:first]), naive_root(leaves), proof)


@settings(max_examples=300, deadline=None)
@given(size=st.integers(2, 300), data=st.data())
def test_it_rejects_an_inclusion_proof_with_any_bit_flipped(size, data):
    leaves = leaves_of(size)
    index = data.draw(st.integers(0, size - 1))
    proof = inclusion_proof(MemoryNodeStore(leaves), index, size)
    at = data.draw(st.integers(0, len(proof) - 1))
    bit = data.draw(st.integers(0, 255))
    proof[at] = flip(proof[at], bit)
    with pytest.raises(ProofError):
        verify_inclusion(index, size, leaves[index], proof, naive_root(leaves))


@settings(max_examples=300, deadline=None)
@given(size=st.integers(2, 300), data=st.data())
def test_it_rejects_an_inclusion_proof_for_another_index(size, data):
    leaves = leaves_of(size)
    index = data.draw(st.integers(0, size - 1))
    proof = inclusion_proof(MemoryNodeStore(leaves), index, size)
    wrong_index = data.draw(st.integers(0, size - 1).filter(lambda i: i != index))
    with pytest.raises(ProofError):
        verify_inclusion(wrong_index, size, leaves[index], proof, naive_root(leaves))


@settings(max_examples=300, deadline=None)
@given(size=st.integers(2, 300), data=st.data())
def test_it_rejects_an_inclusion_proof_for_a_size_of_another_shape(size, data):
    """A size whose path has the same length and turns verifies the same hashes: RFC 9162
    binds the size to the root through the signed tree head, not through the proof."""
    leaves = leaves_of(2 * size)
    store = MemoryNodeStore(leaves)
    index = data.draw(st.integers(0, size - 1))
    proof = inclusion_proof(store, index, size)
    wrong_size = data.draw(
        st.integers(index + 1, 2 * size).filter(
            lambda n: len(inclusion_proof(store, index, n)) != len(proof)
        )
    )
    with pytest.raises(ProofError):
        verify_inclusion(index, wrong_size, leaves[index], proof, naive_root(leaves[:size]))


@settings(max_examples=300, deadline=None)
@given(size=st.integers(2, 300), data=st.data())
def test_it_rejects_a_consistency_proof_with_any_bit_flipped(size, data):
    leaves = leaves_of(size)
    first = data.draw(st.integers(1, size - 1))
    proof = consistency_proof(MemoryNodeStore(leaves), first, size)
    at = data.draw(st.integers(0, len(proof) - 1))
    proof[at] = flip(proof[at], data.draw(st.integers(0, 255)))
    with pytest.raises(ProofError):
        verify_consistency(first, size, naive_root(leaves[:first]), naive_root(leaves), proof)


@settings(max_examples=300, deadline=None)
@given(size=st.integers(2, 300), data=st.data())
def test_it_rejects_a_consistency_proof_for_sizes_of_another_shape(size, data):
    leaves = leaves_of(2 * size)
    store = MemoryNodeStore(leaves)
    first = data.draw(st.integers(1, size - 1))
    proof = consistency_proof(store, first, size)
    first_root, second_root = naive_root(leaves[:first]), naive_root(leaves[:size])
    wrong_first = data.draw(
        st.integers(1, size - 1).filter(
            lambda m: len(consistency_proof(store, m, size)) != len(proof)
        )
    )
    wrong_second = data.draw(
        st.integers(first + 1, 2 * size).filter(
            lambda n: len(consistency_proof(store, first, n)) != len(proof)
        )
    )
    with pytest.raises(ProofError):
        verify_consistency(wrong_first, size, first_root, second_root, proof)
    with pytest.raises(ProofError):
        verify_consistency(first, wrong_second, first_root, second_root, proof)


@settings(max_examples=200, deadline=None)
@given(size=st.integers(2, 300), data=st.data())
def test_it_rejects_a_fork_that_rewrote_one_old_leaf(size, data):
    leaves = leaves_of(size)
    first = data.draw(st.integers(1, size - 1))
    forked = list(leaves)
    forked[data.draw(st.integers(0, first - 1))] = leaf_hash(b"forged")
    proof = consistency_proof(MemoryNodeStore(forked), first, size)
    with pytest.raises(ProofError):
        verify_consistency(first, size, naive_root(leaves[:first]), naive_root(forked), proof)


def test_it_rejects_a_shrunk_log():
    leaves = leaves_of(5)
    with pytest.raises(ProofError, match="shrank"):
        verify_consistency(5, 4, naive_root(leaves), naive_root(leaves[:4]), [])


def test_it_rejects_two_roots_for_the_same_size():
    with pytest.raises(ProofError, match="forked"):
        verify_consistency(3, 3, naive_root(leaves_of(3)), naive_root(leaves_of(3, salt=1)), [])


def test_it_rejects_an_empty_proof_between_different_sizes():
    leaves = leaves_of(5)
    with pytest.raises(ProofError, match="empty"):
        verify_consistency(3, 5, naive_root(leaves[:3]), naive_root(leaves), [])


def test_it_rejects_hashes_of_the_wrong_length():
    leaves = leaves_of(4)
    proof = inclusion_proof(MemoryNodeStore(leaves), 1, 4)
    with pytest.raises(ProofError, match="32 bytes"):
        root_from_inclusion_proof(1, 4, leaves[1], [*proof[:-1], proof[-1][:31]])


def test_it_reads_only_log_n_nodes_for_a_proof():
    store = MemoryNodeStore(leaves_of(1000))
    reads: list[tuple[int, int]] = []
    get_many = store.get_many
    store.get_many = lambda nodes: (reads.extend(nodes), get_many(nodes))[1]  # type: ignore[method-assign]
    inclusion_proof(store, 617, 1000)
    consistency_proof(store, 617, 1000)
    assert len(reads) <= 2 * 2 * 10


def test_it_appends_in_batches_to_the_same_tree():
    leaves = leaves_of(77)
    store = MemoryNodeStore()
    for start in range(0, 77, 10):
        store.append(leaves[start : start + 10])
    assert store.nodes == MemoryNodeStore(leaves).nodes


def test_it_refuses_a_proof_outside_the_tree():
    store = MemoryNodeStore(leaves_of(4))
    with pytest.raises(ValueError):
        inclusion_proof(store, 4, 4)
    with pytest.raises(ValueError):
        consistency_proof(store, 3, 2)
