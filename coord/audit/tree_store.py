"""The audit log's Merkle tree kept in the database: append leaves, read roots and proofs.

The rows are ``coord.audit.tree.MerkleNode`` (one per perfect subtree, ~2 per leaf); the
algorithms are ``coord.audit.merkle``'s. A root or a proof is one query of at most
``2 * log2 n`` rows by primary key, whatever the size of the log; an append of ``k`` leaves
reads at most ``log2 n`` rows and inserts fewer than ``2k``, in one transaction.

Only the sequencer appends. Two racing appends for the same position cannot both win: the
second one's leaf row collides on the primary key and its transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections, transaction

from coord.audit import merkle
from coord.audit.tree import MerkleNode

_BULK_BATCH = 2000


class TreeError(Exception):
    """An append out of place, or a tree size the store does not have yet."""


class DatabaseNodeStore:
    """A ``merkle.NodeStore`` over a table shaped like ``audit_merklenode``.

    ``table`` exists for the bench, which measures proofs over a scratch copy of the table.
    """

    def __init__(self, using: str = "default", table: str | None = None) -> None:
        self.using = using
        self.table = table or MerkleNode._meta.db_table

    def get_many(self, nodes: Iterable[merkle.Node]) -> dict[merkle.Node, bytes]:
        wanted = sorted(set(nodes))
        if not wanted:
            return {}
        connection = connections[self.using]
        table = connection.ops.quote_name(self.table)
        rows = ", ".join(["(%s, %s)"] * len(wanted))
        sql = f'SELECT level, "index", hash FROM {table} WHERE (level, "index") IN ({rows})'  # noqa: S608 - the table name is ours, the values are parameters
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for node in wanted for value in node])
            found = {(level, index): bytes(value) for level, index, value in cursor.fetchall()}
        missing = [node for node in wanted if node not in found]
        if missing:
            raise KeyError(f"the tree store lacks node(s) {missing[:3]}")
        return found

    def size(self) -> int:
        """How many leaves are stored: the last leaf row's index plus one (a primary-key seek)."""
        connection = connections[self.using]
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT MAX("index") FROM {table} WHERE level = 0')  # noqa: S608
            (last,) = cursor.fetchone()
        return 0 if last is None else last + 1


def tree_size(*, using: str = "default") -> int:
    """The number of leaves in the stored tree."""
    return DatabaseNodeStore(using).size()


def append_leaves(leaf_hashes: Sequence[bytes], start_index: int, *, using: str = "default") -> int:
    """Append leaf hashes at ``start_index`` (which must be the current size); the new size.

    One transaction: either every node the batch completes is written, or none is.
    """
    if any(len(h) != merkle.HASH_SIZE for h in leaf_hashes):
        raise TreeError(f"a leaf hash is {merkle.HASH_SIZE} bytes")
    store = DatabaseNodeStore(using)
    with transaction.atomic(using=using):
        size = store.size()
        if start_index != size:
            raise TreeError(f"cannot append at {start_index}: the tree has {size} leaves")
        made = merkle.new_nodes(size, leaf_hashes, store.get_many(merkle.frontier(size)))
        MerkleNode.objects.using(using).bulk_create(
            [MerkleNode(level=lv, index=ix, hash=h) for (lv, ix), h in made.items()],
            batch_size=_BULK_BATCH,
        )
    return size + len(leaf_hashes)


def _store_with(size: int, using: str) -> DatabaseNodeStore:
    store = DatabaseNodeStore(using)
    stored = store.size()
    if not 0 <= size <= stored:
        raise TreeError(f"no tree of size {size}: the store has {stored} leaves")
    return store


def tree_head(size: int | None = None, *, using: str = "default") -> tuple[int, bytes]:
    """``(size, root)`` of the tree at ``size`` (default: all stored leaves)."""
    store = DatabaseNodeStore(using)
    if size is None:
        size = store.size()
    else:
        store = _store_with(size, using)
    return size, merkle.root(store, size)


def inclusion_proof(index: int, size: int, *, using: str = "default") -> list[bytes]:
    """RFC 9162 PATH of leaf ``index`` in the tree of ``size`` leaves."""
    return merkle.inclusion_proof(_store_with(size, using), index, size)


def consistency_proof(first: int, second: int, *, using: str = "default") -> list[bytes]:
    """RFC 9162 PROOF that the tree of ``second`` leaves extends the tree of ``first``."""
    return merkle.consistency_proof(_store_with(second, using), first, second)
