"""Measure Merkle proof times over a large node store (PostgreSQL), without touching the log.

Builds ``--leaves`` synthetic leaves into a scratch copy of ``audit_merklenode`` (bulk COPY,
primary key added afterwards), times roots, inclusion and consistency proofs the way
``coord.audit.tree_store`` reads them (size query + one batched node query), and drops the
scratch table. A measurement, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from coord.audit import merkle
from coord.audit.tree_store import DatabaseNodeStore

SCRATCH = "audit_merklenode_bench"
CHUNK = 1 << 16


class Command(BaseCommand):
    help = "Time Merkle roots and proofs over a scratch node table of N synthetic leaves."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--leaves", type=int, default=1_000_000)
        parser.add_argument("--proofs", type=int, default=300)
        parser.add_argument("--keep", action="store_true", help="reuse/keep the scratch table")
        parser.add_argument("--seed", type=int, default=16)

    def handle(self, *args, leaves: int, proofs: int, keep: bool, seed: int, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("the tree bench needs PostgreSQL (DATABASE_URL)")
        store = DatabaseNodeStore(table=SCRATCH)
        if not (keep and self._exists() and store.size() == leaves):
            self._build(leaves)
        try:
            self._measure(store, leaves, proofs, random.Random(seed))  # noqa: S311 - not a secret
        finally:
            if not keep:
                with connection.cursor() as cursor:
                    cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")

    def _exists(self) -> bool:
        return SCRATCH in connection.introspection.table_names()

    def _build(self, leaves: int) -> None:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
            cursor.execute(
                f'CREATE TABLE {SCRATCH} (level smallint NOT NULL, "index" bigint NOT NULL, '
                "hash bytea NOT NULL)"
            )
            frontier: dict[merkle.Node, bytes] = {}
            rows = 0
            with cursor.cursor.copy(f'COPY {SCRATCH} (level, "index", hash) FROM STDIN') as copy:
                for start in range(0, leaves, CHUNK):
                    count = min(CHUNK, leaves - start)
                    batch = [
                        merkle.leaf_hash(i.to_bytes(8, "big")) for i in range(start, start + count)
                    ]
                    made = merkle.new_nodes(start, batch, frontier)
                    for (level, index), value in made.items():
                        copy.write_row((level, index, value))
                    rows += len(made)
                    known = {**frontier, **made}
                    frontier = {node: known[node] for node in merkle.frontier(start + count)}
            hashed = time.perf_counter()
            cursor.execute(f'ALTER TABLE {SCRATCH} ADD PRIMARY KEY (level, "index")')
            cursor.execute(f"ANALYZE {SCRATCH}")
            cursor.execute("SELECT pg_total_relation_size(%s)", [SCRATCH])
            (size_bytes,) = cursor.fetchone()
        done = time.perf_counter()
        self.stdout.write(
            f"built {leaves:,} leaves = {rows:,} nodes in {done - started:.1f} s "
            f"(hash+COPY {hashed - started:.1f} s, primary key {done - hashed:.1f} s), "
            f"{size_bytes / 2**20:.0f} MiB with its index"
        )

    def _measure(self, store: DatabaseNodeStore, n: int, proofs: int, rng: random.Random) -> None:
        counting = _CountingStore(store)

        def timed(label: str, make) -> None:
            times, reads = [], []
            for _ in range(proofs):
                counting.reads = 0
                started = time.perf_counter()
                size = make()
                times.append((time.perf_counter() - started) * 1000)
                reads.append(counting.reads)
                assert size == n  # noqa: S101 - a sanity check on the bench itself
            times.sort()
            self.stdout.write(
                f"{label:<18} p50 {statistics.median(times):6.2f} ms   "
                f"p99 {times[int(len(times) * 0.99) - 1]:6.2f} ms   "
                f"max {times[-1]:6.2f} ms   rows read <= {max(reads)}"
            )

        def root() -> int:
            size = store.size()
            merkle.root(counting, size)
            return size

        def inclusion() -> int:
            size = store.size()
            merkle.inclusion_proof(counting, rng.randrange(size), size)
            return size

        def consistency() -> int:
            size = store.size()
            merkle.consistency_proof(counting, rng.randrange(1, size), size)
            return size

        self.stdout.write(f"{proofs} of each over {n:,} leaves (size query + one node query):")
        timed("root", root)
        timed("inclusion proof", inclusion)
        timed("consistency proof", consistency)


class _CountingStore:
    def __init__(self, store: DatabaseNodeStore) -> None:
        self.store, self.reads = store, 0

    def get_many(self, nodes):
        found = self.store.get_many(nodes)
        self.reads += len(found)
        return found
