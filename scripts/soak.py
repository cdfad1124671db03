#!/usr/bin/env python3
"""Soak run (issue 23): bounded mixed load on the service as production runs it.

Starts what tests/production/service.py starts (gunicorn with the Dockerfile's command line,
3 workers, COORD_ENV=production with throwaway keys, a private redis-server, a database of
its own on the PostgreSQL of DATABASE_URL, 127.0.0.1 only), then sends reads, writes and
shares from a few threads for COORD_SOAK_SECONDS and checks:

- 0 errors (any answer but the expected one, or no answer);
- memory (RSS) of each gunicorn worker grows less than 10 % from the end of the warm-up;
- p95 latency steady: the last third's p95 at most 1.5 x the first third's (after warm-up).

Prints the figures as JSON (docs/performance.md) and exits 1 if a check fails.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME COORD_SOAK_SECONDS=600 \\
        .venv/bin/python scripts/soak.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from tests.production.service import (  # noqa: E402
    CASE,
    USERS,
    PrivateRedis,
    Service,
    drop,
    prepare,
    production_env,
    token,
    with_database,
)

SECONDS = int(os.environ.get("COORD_SOAK_SECONDS", "600"))
THREADS = int(os.environ.get("COORD_SOAK_THREADS", "4"))
WARMUP = min(60, max(10, SECONDS // 10))
MEMORY_GROWTH_LIMIT = 0.10
P95_DRIFT_LIMIT = 1.5
HTTPS = {"X-Forwarded-Proto": "https"}
PARTNER = (
    USERS
    + """
from tests.factories import OrganisationFactory, member
partner = OrganisationFactory(slug="soak-partner", country="TH")
reader = member(partner, Role.CASEWORKER, "soak.reader")
reader.set_password(%r)
reader.save()
"""
)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def p95(values: list[float]) -> float:
    if len(values) < 20:
        return max(values, default=0.0)
    return statistics.quantiles(values, n=20)[18]


class Soak:
    def __init__(self, service: Service) -> None:
        self.base = service.base
        self.owner = {**HTTPS, "Authorization": f"Token {token(self.base, 'smoke.caseworker')}"}
        self.reader = {**HTTPS, "Authorization": f"Token {token(self.base, 'soak.reader')}"}
        self.samples: list[tuple[float, str, float]] = []  # (at, op, seconds)
        self.errors: list[str] = []
        self.references: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.until = str(datetime.now(tz=UTC).date() + timedelta(days=30))
        self.case = {**CASE, "consent": "share"}  # shareable under a grant

    def call(self, op: str, method: str, path: str, expected: int, headers, **kwargs):
        started = time.monotonic()
        try:
            response = requests.request(method, self.base + path, headers=headers, timeout=30,
                                        **kwargs)  # fmt: skip
        except requests.RequestException as exc:
            with self.lock:
                self.errors.append(f"{op}: {type(exc).__name__}")
            return None
        elapsed = time.monotonic() - started
        with self.lock:
            self.samples.append((started, op, elapsed))
            if response.status_code != expected:
                self.errors.append(f"{op}: {response.status_code}")
        return response

    def one(self, rng: random.Random) -> None:
        roll = rng.random()
        with self.lock:
            known = list(self.references[-200:])
        if roll < 0.25 or not known:
            created = self.call("create", "POST", "/api/v1/cases/", 201, self.owner, json=self.case)
            if created is not None and created.status_code == 201:
                with self.lock:
                    self.references.append(created.json()["reference"])
        elif roll < 0.50:
            self.call("list", "GET", "/api/v1/cases/", 200, self.owner)
        elif roll < 0.70:
            ref = rng.choice(known)
            self.call("detail", "GET", f"/api/v1/cases/{ref}/", 200, self.owner)
        elif roll < 0.85:
            with self.lock:
                ref = self.references.pop(rng.randrange(len(self.references)))
            body = {"organisation": "soak-partner", "valid_until": self.until}
            self.call("share", "POST", f"/api/v1/cases/{ref}/shares/", 201, self.owner, json=body)
        else:
            self.call("partner_list", "GET", "/api/v1/cases/", 200, self.reader)

    def run_thread(self, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            self.one(rng)


def main() -> int:
    shared = os.environ.get("DATABASE_URL", "")
    if not shared.startswith("postgres"):
        print("soak: DATABASE_URL must point at PostgreSQL", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="coord-soak-"))
    name = f"{urlsplit(shared).path.lstrip('/')}_soak"
    redis_server = PrivateRedis(workdir)
    redis_server.start()
    service = Service(workdir, with_database(shared, name), name, redis_server.url)
    service.env = production_env(
        workdir,
        service.database_url,
        redis_server.url,
        COORD_RATE_PII_WRITE="1000000/min",
        COORD_RATE_LOGIN="1000/min",
        COORD_REQUIRE_2FA="false",
    )
    try:
        prepare(service, PARTNER % "smoke-pass-2026-correct")
        service.start()
        soak = Soak(service)
        threads = [threading.Thread(target=soak.run_thread, args=(n,)) for n in range(THREADS)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        memory: dict[int, list[tuple[float, int]]] = {pid: [] for pid in service.worker_pids()}
        while time.monotonic() - started < SECONDS:
            time.sleep(5)
            now = time.monotonic() - started
            for pid in memory:
                memory[pid].append((now, rss_kib(pid)))
        soak.stop.set()
        for thread in threads:
            thread.join(timeout=60)
        pids_after = set(service.worker_pids())
    finally:
        service.stop()
        redis_server.kill()
        drop(service)

    measured = [(at - started, op, s) for at, op, s in soak.samples if at - started >= WARMUP]
    span = (SECONDS - WARMUP) / 3
    first = [s for at, _, s in measured if at < WARMUP + span]
    last = [s for at, _, s in measured if at >= WARMUP + 2 * span]
    growth = {}
    for pid, points in memory.items():
        base = next((kib for at, kib in points if at >= WARMUP), 0)
        end = points[-1][1] if points else 0
        growth[pid] = (end - base) / base if base else 0.0
    by_op = {}
    for op in sorted({op for _, op, _ in measured}):
        values = [s for _, o, s in measured if o == op]
        by_op[op] = {"count": len(values), "p50_ms": round(statistics.median(values) * 1000, 1),
                     "p95_ms": round(p95(values) * 1000, 1)}  # fmt: skip
    figures = {
        "seconds": SECONDS,
        "threads": THREADS,
        "requests": len(soak.samples),
        "errors": len(soak.errors),
        "error_kinds": sorted(set(soak.errors))[:10],
        "p95_first_third_ms": round(p95(first) * 1000, 1),
        "p95_last_third_ms": round(p95(last) * 1000, 1),
        "worker_rss_kib_end": {str(p): pts[-1][1] for p, pts in memory.items() if pts},
        "worker_rss_growth_pct": {str(p): round(g * 100, 1) for p, g in growth.items()},
        "workers_restarted": sorted(set(memory) - pids_after) != [],
        "by_operation": by_op,
    }
    print(json.dumps(figures, indent=2))
    failures = []
    if soak.errors:
        failures.append(f"{len(soak.errors)} errors")
    if any(g >= MEMORY_GROWTH_LIMIT for g in growth.values()):
        failures.append("a worker's memory grew 10 % or more")
    if figures["p95_last_third_ms"] > P95_DRIFT_LIMIT * max(figures["p95_first_third_ms"], 1):
        failures.append("p95 latency drifted up")
    if figures["workers_restarted"]:
        failures.append("a gunicorn worker was replaced during the run")
    if failures:
        print("soak: FAILED: " + "; ".join(failures), file=sys.stderr)
        return 1
    print("soak: ok", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
