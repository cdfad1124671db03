"""Start the service as docs/operations.md runs it: gunicorn with the Dockerfile's own command
line (3 workers), ``COORD_ENV=production`` with throwaway keys, DEBUG off, the Redis cache and
broker, PostgreSQL; on 127.0.0.1 and a free port, with a database of its own.

Used by tests/production (the smoke run) and by the fault, restore and soak runs."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ACCESS_LOG_FORMAT = '%(p)s "%(r)s" %(s)s'
PASSWORD = "smoke-pass-2026-correct"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dockerfile_gunicorn_args() -> list[str]:
    """The Dockerfile's CMD, so this run cannot drift from the image's."""
    text = (ROOT / "Dockerfile").read_text()
    match = re.search(r"^CMD (\[.*?\])\s*$", text.replace("\\\n", " "), re.M | re.S)
    if match is None:
        raise RuntimeError("no JSON CMD in the Dockerfile")
    args = json.loads(match.group(1))
    if args[0] != "gunicorn":
        raise RuntimeError(f"the Dockerfile does not start gunicorn: {args}")
    return args


def key_file(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode() + "\n")
    path.chmod(0o600)
    return path


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def psql(url: str, sql: str) -> None:
    admin = with_database(url, "postgres")
    subprocess.run(["psql", admin, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


@dataclass
class Service:
    """A running gunicorn; ``env`` is the production environment it runs with."""

    workdir: Path
    database_url: str
    database_name: str
    cache_url: str
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.workdir / "access.log"

    @property
    def error_log(self) -> Path:
        return self.workdir / "gunicorn.log"

    def manage(self, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            **kwargs,
        )

    def start(self, workers: int | None = None) -> None:
        self.port = free_port()
        args = dockerfile_gunicorn_args()
        args[args.index("--bind") + 1] = f"127.0.0.1:{self.port}"
        if workers is not None:
            args[args.index("--workers") + 1] = str(workers)
        if "--access-logfile" in args:
            args[args.index("--access-logfile") + 1] = str(self.access_log)
        args += ["--access-logformat", ACCESS_LOG_FORMAT, "--error-logfile", str(self.error_log)]
        # gunicorn 23+ opens a control socket at one fixed path per user; several runs on
        # one machine (CI, other checkouts) would take it from each other.
        args += ["--control-socket", str(self.workdir / "gunicorn.ctl")]
        args[0] = str(BIN / "gunicorn")
        self.process = subprocess.Popen(args, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.error_log.read_text()[-3000:]}")
            try:  # any answer will do: a degraded service is started too (tests say which)
                requests.get(f"{self.base}/healthz", timeout=2)
                return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer: {self.error_log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def worker_pids(self) -> list[int]:
        """The gunicorn worker processes (children of the arbiter)."""
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in out.split()]

    def pids_serving(self, since: int) -> set[str]:
        """Worker pids that answered the requests logged after byte ``since``."""
        with self.access_log.open() as log:
            log.seek(since)
            return {line.split(" ", 1)[0] for line in log if line.strip()}

    def log_position(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0


def production_env(workdir: Path, database_url: str, cache_url: str, **extra: str) -> dict:
    """The environment docs/operations.md gives the service, with throwaway keys."""
    keys = workdir / "secrets"
    keys.mkdir(mode=0o700, exist_ok=True)
    data = workdir / "data"
    data.mkdir(mode=0o700, exist_ok=True)
    secret = keys / "secret_key"
    secret.write_text(secrets.token_urlsafe(50) + "\n")
    secret.chmod(0o600)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COORD_", "DATABASE_URL", "CELERY_", "SECRET_KEY", "DEBUG"))
        and k not in ("PYTEST_CURRENT_TEST", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        COORD_ENV="production",
        DJANGO_SETTINGS_MODULE="coord.settings",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=cache_url,
        COORD_CACHE_URL=cache_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECRET_KEY_FILE=str(secret),
        COORD_MASTER_KEY_FILE=str(key_file(keys, "master_key")),
        COORD_AUDIT_SIGNING_KEY_FILE=str(key_file(keys, "audit_signing_key")),
        COORD_DATA_DIR=str(data),
        COORD_STATIC_ROOT=str(workdir / "static"),
        COORD_MEDIA_ROOT=str(workdir / "media"),
        DB_CONN_MAX_AGE="60",
    )
    env.update(extra)
    return env


def prepare(service: Service, users: str) -> None:
    """A fresh database, migrated; static files collected; ``users`` (Python) run in a shell."""
    psql(service.database_url, f'DROP DATABASE IF EXISTS "{service.database_name}" WITH (FORCE)')
    psql(service.database_url, f'CREATE DATABASE "{service.database_name}"')
    service.manage("migrate", "--noinput")
    service.manage("collectstatic", "--noinput")
    service.manage("shell", "-c", users)


def drop(service: Service) -> None:
    psql(service.database_url, f'DROP DATABASE IF EXISTS "{service.database_name}" WITH (FORCE)')


USERS = f"""
from tests.factories import OrganisationFactory, member
from coord.organisations.models import Role
org = OrganisationFactory(slug="smoke-org", country="KH")
for name, role in (
    ("smoke.caseworker", Role.CASEWORKER),
    ("smoke.lockout", Role.CASEWORKER),
    ("smoke.writer", Role.CASEWORKER),
    ("smoke.admin", Role.ADMIN),
):
    user = member(org, role, name)
    user.set_password({PASSWORD!r})
    user.save()
"""

CASE = {
    "reported_month": "2025-03",
    "region": "KH-12",
    "age_band": "18-20",
    "gender": "female",
    "citizenship": ["KH"],
    "exploitation_types": ["forced_labour"],
    "status": "active",
    "consent": "aggregate",
    "summary": "Recruited through an online job advert for factory work across the border.",
    "notes": "Follow up on the legal aid referral next month.",
}


def token(base: str, username: str) -> str:
    response = requests.post(
        f"{base}/api/v1/auth/token/",
        json={"username": username, "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["token"]


def database_rows(url: str, sql: str) -> list[tuple]:
    """Rows read straight from PostgreSQL (not through the service or a proxy)."""
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


class PrivateRedis:
    """A redis-server of our own on a free port (6390 and up), never the shared one: the
    fault tests kill it."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, port: int | None = None) -> None:
        """Start on ``port`` (a restart) or on the first free port from 6390; a port another
        run took between our probe and redis-server's bind is skipped, never shared."""
        first = port or 6390
        for candidate in [port] if port else range(first, first + 50):
            if port is None:
                candidate = _free_port_from(candidate)
            if self._start_on(candidate):
                return
        raise RuntimeError("the private redis-server did not start")

    def _start_on(self, port: int) -> bool:
        import redis

        self.port = port
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.workdir),
                "--logfile", str(self.workdir / f"redis-{port}.log"),
            ],
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:  # could not bind: someone else's port
                self.process = None
                return False
            try:
                info = redis.Redis(host="127.0.0.1", port=port, socket_timeout=0.5).info("server")
            except redis.RedisError:
                time.sleep(0.1)
                continue
            if info.get("process_id") == self.process.pid:
                return True
            time.sleep(0.1)  # another server answers on that port: wait for ours to exit
        self.kill()
        return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None


def _free_port_from(first: int) -> int:
    for port in range(first, first + 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port from {first}")


class TcpProxy:
    """A TCP relay in front of the shared PostgreSQL that a test can cut (every connection
    dropped, new ones refused) and restore, without touching the server others use."""

    def __init__(self, target_host: str, target_port: int) -> None:
        import threading

        self.target = (target_host, target_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._threading = threading

    def start(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.2)
        self._threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    restore = start

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                self._threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            with self._lock:
                self._sockets.discard(source)
                self._sockets.discard(sink)
