"""Tables of the Merkle tree over the audit log: the node store and the signed tree heads.

Both are append-only like the events (coord/audit/triggers.py). Nothing here is secret: a
node is a hash of hashes, and a tree head is published to every organisation.
"""

from __future__ import annotations

from django.db import models


class MerkleNode(models.Model):
    """The hash of one perfect subtree: ``level`` 0 is a leaf hash, ``level`` L covers leaves
    ``[index * 2**L, (index + 1) * 2**L)`` (coord/audit/merkle.py).

    Written once, when the subtree's last leaf is appended, and never changed, so the same
    rows answer proofs for every past tree size with O(log n) reads by primary key.
    """

    pk = models.CompositePrimaryKey("level", "index")
    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=32)

    def __str__(self) -> str:
        return f"node {self.level}/{self.index}"


class SignedTreeHead(models.Model):
    """ "The log had ``tree_size`` events and its Merkle root was ``root_hash``", signed.

    Signed with the Ed25519 key of the checkpoints (coord/audit/signing.py), which is not in
    the database; ``coord.audit.sth.sth_message`` is the exact signed bytes.
    """

    tree_size = models.BigIntegerField(unique=True)
    root_hash = models.CharField(max_length=64)
    timestamp = models.BigIntegerField(help_text="milliseconds since the Unix epoch, UTC")
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=88)

    class Meta:
        ordering = ["tree_size"]

    def __str__(self) -> str:
        return f"tree head #{self.tree_size}"
