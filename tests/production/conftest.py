"""The service as production runs it (tests/production/service.py), once per module."""

from __future__ import annotations

import os

import pytest
import redis
import requests

from tests.production.service import (
    USERS,
    PrivateRedis,
    Service,
    drop,
    prepare,
    production_env,
)

# Rates low enough to reach in a few requests, with room for the lockout's eight failures.
RATES = {
    "COORD_RATE_LOGIN": "12/min",
    "COORD_RATE_WEB_FORM": "6/min",
    "COORD_RATE_PII_WRITE": "6/min",
}


def _database_url() -> str:
    return os.environ["DATABASE_URL"]


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Service:
    from urllib.parse import urlsplit

    workdir = tmp_path_factory.mktemp("production")
    base_name = urlsplit(_database_url()).path.lstrip("/")
    name = f"{base_name}_prod"
    from tests.production.service import with_database

    database_url = with_database(_database_url(), name)
    redis_server = PrivateRedis(workdir)  # never CI's broker: its worker would run our tasks
    redis_server.start()
    running = Service(workdir, database_url, name, redis_server.url)
    running.env = production_env(workdir, database_url, redis_server.url, **RATES)
    try:
        prepare(running, USERS)
        running.start()
        yield running
    finally:
        running.stop()
        redis_server.kill()
        drop(running)


@pytest.fixture
def fresh_counters(service):
    """Each test starts with no throttle counter (only this run's keys; the broker's stay)."""
    client = redis.Redis.from_url(service.cache_url)
    for key in client.scan_iter(match="*throttle_*"):
        client.delete(key)
    yield


class Http:
    """Requests as a browser behind the TLS proxy sends them: one connection per request (so
    gunicorn spreads them over its workers), X-Forwarded-Proto https, cookies kept by hand
    (requests would not send Secure cookies over the plain loopback hop)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, https: bool = True, **kwargs):
        headers = {"Connection": "close", **kwargs.pop("headers", {})}
        if https:
            headers.setdefault("X-Forwarded-Proto", "https")
            headers.setdefault("Referer", f"https://127.0.0.1:{self.base.rsplit(':', 1)[1]}/")
        response = requests.request(
            method,
            self.base + path,
            headers=headers,
            cookies=dict(self.cookies),
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.request("POST", path, **kwargs)

    def form(self, path: str, data: dict, **kwargs):
        """A form post with the CSRF token of a fresh GET of the same page."""
        if "csrftoken" not in self.cookies:
            self.get(path)
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.post(path, data=data, **kwargs)


@pytest.fixture
def http(service, fresh_counters) -> Http:
    return Http(service.base)


@pytest.fixture
def new_http(service):
    return lambda: Http(service.base)
