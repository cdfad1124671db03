"""The RFC 9162 (Certificate Transparency v2) Merkle tree, with no Django in sight.

Leaf hash ``SHA-256(0x00 || leaf)``, node hash ``SHA-256(0x01 || left || right)``; the tree
of ``n`` leaves splits at the largest power of two smaller than ``n`` (RFC 9162 2.1.1).

Proofs are generated over a *node store*: the hash of every perfect subtree, keyed by
``(level, index)`` (level 0 holds the leaf hashes; node ``(level, index)`` covers leaves
``[index * 2**level, (index + 1) * 2**level)``). A perfect subtree never changes once its
last leaf is appended, so one store answers proofs for every past tree size, and any range
of the tree is at most ``log2 n`` stored hashes: a proof reads O(log n) nodes, in one
``get_many`` call.

The verification functions between the ``rfc9162-verify`` markers are copied byte for byte
into ``scripts/audit_witness.py`` (a partner runs that one file without this package);
``tests/audit/test_witness_script.py`` fails when the two copies differ. That block imports
nothing but ``hashlib`` and uses nothing defined outside it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Protocol

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


Node = tuple[int, int]  # (level, index)


class NodeStore(Protocol):
    """Hashes of perfect subtrees by ``(level, index)``; a missing node raises KeyError."""

    def get_many(self, nodes: Iterable[Node]) -> dict[Node, bytes]: ...


class MemoryNodeStore:
    """A node store in a dict, filled as leaves are appended (tests, and the witness of a bench)."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self.nodes: dict[Node, bytes] = {}
        self.size = 0
        self.append(list(leaf_hashes))

    def get_many(self, nodes: Iterable[Node]) -> dict[Node, bytes]:
        return {node: self.nodes[node] for node in nodes}

    def append(self, leaf_hashes: Sequence[bytes]) -> None:
        new = new_nodes(self.size, leaf_hashes, self.get_many(frontier(self.size)))
        self.nodes.update(new)
        self.size += len(leaf_hashes)


def frontier(size: int) -> list[Node]:
    """The perfect subtrees that make up the first ``size`` leaves, left to right.

    One per set bit of ``size``: the left siblings the next appended leaves hash against.
    """
    return perfect_subtrees(0, size)


def new_nodes(
    start: int, leaf_hashes: Sequence[bytes], known: dict[Node, bytes]
) -> dict[Node, bytes]:
    """Every node that appending ``leaf_hashes`` at ``start`` completes (leaves included).

    ``known`` must hold ``frontier(start)``. Appending ``k`` leaves makes fewer than ``2k``
    nodes, so a batch writes O(k) rows and reads at most ``log2 start``.
    """
    made: dict[Node, bytes] = {}
    level_nodes = {(0, start + i): h for i, h in enumerate(leaf_hashes)}
    made.update(level_nodes)
    level = 0
    while level_nodes:
        parents: dict[Node, bytes] = {}
        for (_, index), value in level_nodes.items():
            if index & 1:  # a right child completes its parent
                left = level_nodes.get((level, index - 1)) or known[(level, index - 1)]
                parents[(level + 1, index >> 1)] = node_hash(left, value)
        made.update(parents)
        level_nodes = parents
        level += 1
    return made


def perfect_subtrees(start: int, size: int) -> list[Node]:
    """The stored nodes that cover leaves ``[start, start + size)``, largest first.

    ``start`` must be a multiple of the largest power of two <= ``size``, which holds for
    every subtree RFC 9162's split produces.
    """
    nodes = []
    while size:
        level = size.bit_length() - 1
        nodes.append((level, start >> level))
        start += 1 << level
        size -= 1 << level
    return nodes


def _fold(nodes: list[Node], hashes: dict[Node, bytes]) -> bytes:
    """MTH of a range from its perfect subtrees: the right edge hashes right to left."""
    value = hashes[nodes[-1]]
    for node in reversed(nodes[:-1]):
        value = node_hash(hashes[node], value)
    return value


def _largest_power_of_two_below(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


def _path_ranges(index: int, start: int, size: int) -> list[tuple[int, int]]:
    """PATH(m, D[start:start+size]) as the leaf ranges whose MTHs it lists (RFC 9162 2.1.3.1)."""
    ranges: list[tuple[int, int]] = []
    while size > 1:
        k = _largest_power_of_two_below(size)
        if index < k:
            ranges.append((start + k, size - k))
            size = k
        else:
            ranges.append((start, k))
            index -= k
            start += k
            size -= k
    ranges.reverse()  # RFC order: the leaf's sibling first, the root's child last
    return ranges


def _proof_ranges(m: int, start: int, size: int) -> list[tuple[int, int]]:
    """PROOF(m, D[start:start+size]) as leaf ranges (RFC 9162 2.1.4.1, SUBPROOF)."""
    ranges: list[tuple[int, int]] = []
    complete = True
    while m != size:
        k = _largest_power_of_two_below(size)
        if m <= k:
            ranges.append((start + k, size - k))
            size = k
        else:
            ranges.append((start, k))
            m -= k
            start += k
            size -= k
            complete = False
    if not complete:
        ranges.append((start, size))
    ranges.reverse()
    return ranges


def _hash_ranges(store: NodeStore, ranges: list[tuple[int, int]]) -> list[bytes]:
    covers = [perfect_subtrees(start, size) for start, size in ranges]
    hashes = store.get_many({node for nodes in covers for node in nodes})
    return [_fold(nodes, hashes) for nodes in covers]


def root(store: NodeStore, size: int) -> bytes:
    """MTH of the first ``size`` leaves: at most ``log2 size`` node reads."""
    if size == 0:
        return EMPTY_ROOT
    return _hash_ranges(store, [(0, size)])[0]


def inclusion_proof(store: NodeStore, index: int, size: int) -> list[bytes]:
    """PATH(index, D[size]): the audit path of leaf ``index`` in the tree of ``size`` leaves."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    return _hash_ranges(store, _path_ranges(index, 0, size))


def consistency_proof(store: NodeStore, first: int, second: int) -> list[bytes]:
    """PROOF(first, D[second]); empty when ``first`` is 0 or equals ``second``."""
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from size {first} to size {second}")
    if first in (0, second):
        return []
    return _hash_ranges(store, _proof_ranges(first, 0, second))
