"""Outages under load, against the service as production runs it (issue 23; slow, CI's
PostgreSQL stage only). The shared PostgreSQL and Redis are never touched: the database is
reached through a TCP relay the test cuts and restores, and Redis is a private
redis-server the test kills.

- Database cut under mixed requests: every request completes or answers 503 with
  Retry-After; afterwards every case has exactly its ``case.create`` event and no event lacks
  its case (no partial write), ``verify_audit`` is clean, and the same gunicorn workers answer
  again (no restart).
- Redis killed: pages and the API still answer, a job that needs the queue says the queue is
  unavailable, and nothing written meanwhile is lost.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
import requests

from tests.production.service import (
    CASE,
    USERS,
    PrivateRedis,
    Service,
    TcpProxy,
    database_rows,
    drop,
    prepare,
    production_env,
    token,
    with_database,
)

pytestmark = pytest.mark.slow

HTTPS = {"X-Forwarded-Proto": "https", "Connection": "close"}


@pytest.fixture(scope="module")
def outage(tmp_path_factory):
    """gunicorn (2 workers) reaching PostgreSQL through a relay, with a private Redis."""
    import os

    workdir = tmp_path_factory.mktemp("outage")
    shared = os.environ["DATABASE_URL"]
    name = f"{urlsplit(shared).path.lstrip('/')}_fault"
    target = urlsplit(shared)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 5432)
    proxy.start()
    parts = target._replace(netloc=f"{target.username}@127.0.0.1:{proxy.port}", path=f"/{name}")
    via_proxy = parts.geturl()
    redis_server = PrivateRedis(workdir)
    redis_server.start()
    service = Service(workdir, via_proxy, name, redis_server.url)
    service.env = production_env(
        workdir,
        via_proxy,
        redis_server.url,
        COORD_REQUIRE_2FA="false",
        COORD_RATE_PII_WRITE="100000/min",
        COORD_RETRY_AFTER_SECONDS="2",
    )
    try:
        prepare(service, USERS)
        service.start(workers=2)
        service.direct_url = with_database(shared, name)
        service.proxy = proxy
        service.redis = redis_server
        yield service
    finally:
        service.stop()
        redis_server.kill()
        drop(service)  # through the relay, which a finished test left restored
        proxy.cut()


class Load:
    """Threads sending mixed requests (list, create, page) until stopped; every answer kept."""

    def __init__(self, service: Service, api_token: str, threads: int = 4) -> None:
        self.base = service.base
        self.auth = {**HTTPS, "Authorization": f"Token {api_token}"}
        self.answers: list[tuple[str, int, str | None]] = []
        self.errors: list[str] = []
        self.created: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(n,)) for n in range(threads)]

    def _run(self, n: int) -> None:
        step = 0
        while not self._stop.is_set():
            step += 1
            kind = ("list", "create", "page", "create")[(n + step) % 4]
            try:
                if kind == "list":
                    r = requests.get(f"{self.base}/api/v1/cases/", headers=self.auth, timeout=30)
                elif kind == "create":
                    r = requests.post(
                        f"{self.base}/api/v1/cases/", json=CASE, headers=self.auth, timeout=30
                    )
                    if r.status_code == 201:
                        self.created.append(r.json()["reference"])
                else:
                    r = requests.get(f"{self.base}/api/v1/organisations/", headers=self.auth,
                                     timeout=30)  # fmt: skip
                self.answers.append((kind, r.status_code, r.headers.get("Retry-After")))
            except requests.RequestException as exc:
                self.errors.append(f"{kind}: {type(exc).__name__}")
            time.sleep(0.02)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)


def test_a_database_outage_under_load_answers_503_and_writes_nothing_partial(outage):
    workers_before = set(outage.worker_pids())
    api_token = token(outage.base, "smoke.caseworker")
    with Load(outage, api_token) as load:
        time.sleep(3)
        outage.proxy.cut()
        time.sleep(4)
        outage.proxy.restore()
        time.sleep(4)
    statuses = Counter(status for _, status, _ in load.answers)

    assert load.errors == []
    assert set(statuses) <= {200, 201, 503}, statuses
    assert statuses[503] > 0, "the cut did not reach a request"
    assert all(retry == "2" for _, status, retry in load.answers if status == 503)

    # Recovered without a restart: the same workers answer every request again.
    auth = {**HTTPS, "Authorization": f"Token {api_token}"}
    after = [requests.get(f"{outage.base}/api/v1/cases/", headers=auth, timeout=30)
             for _ in range(6)]  # fmt: skip
    assert [r.status_code for r in after] == [200] * 6
    assert set(outage.worker_pids()) == workers_before

    # No partial write: each case has its creation event, each creation event its case.
    cases = {
        r[0] for r in database_rows(outage.direct_url, "SELECT reference FROM cases_casesummary")
    }
    events = database_rows(
        outage.direct_url,
        "SELECT object_id FROM audit_auditoutbox WHERE action = 'case.create' "
        "UNION ALL SELECT object_id FROM audit_auditevent WHERE action = 'case.create'",
    )
    assert Counter(e[0] for e in events) == Counter(cases)
    assert set(load.created) <= cases
    # A create answered 503 may have committed before its answer failed; none beyond those.
    refused_creates = sum(
        1 for kind, status, _ in load.answers if kind == "create" and status == 503
    )
    assert len(cases) <= len(load.created) + refused_creates

    outage.manage(
        "shell", "-c", "from coord.audit.services import audit_sequence; audit_sequence()"
    )
    verified = outage.manage("verify_audit", "--quiet", check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_redis_stopped_leaves_pages_and_api_answering_and_loses_nothing(outage):
    api_token = token(outage.base, "smoke.caseworker")
    admin_token = token(outage.base, "smoke.admin")
    auth = {**HTTPS, "Authorization": f"Token {api_token}"}
    port = outage.redis.port
    outage.redis.kill()
    try:
        listed = requests.get(f"{outage.base}/api/v1/cases/", headers=auth, timeout=30)
        page = requests.get(f"{outage.base}/login/", headers=HTTPS, timeout=30)
        created = requests.post(f"{outage.base}/api/v1/cases/", json=CASE, headers=auth,
                                timeout=30)  # fmt: skip
        rotated = requests.post(
            f"{outage.base}/api/v1/organisations/smoke-org/keys/rotate/",
            json={},
            headers={**HTTPS, "Authorization": f"Token {admin_token}"},
            timeout=30,
        )
        health = requests.get(f"{outage.base}/healthz", timeout=30)
    finally:
        outage.redis.start(port=port)

    assert listed.status_code == 200
    assert page.status_code == 200
    assert created.status_code == 201
    assert health.json()["broker"] == "down"
    # The job that needed the queue says so; the rotation itself is done.
    assert rotated.status_code == 202, rotated.text
    job_id = rotated.json()["job"]
    job = requests.get(
        f"{outage.base}/api/v1/jobs/{job_id}/",
        headers={**HTTPS, "Authorization": f"Token {admin_token}"},
        timeout=30,
    ).json()
    assert job["status"] == "failed"
    assert "queue is unavailable" in job["error"]
    # Nothing written during the outage was lost.
    reference = created.json()["reference"]
    rows = database_rows(outage.direct_url, "SELECT reference FROM cases_casesummary")
    assert reference in {row[0] for row in rows}
