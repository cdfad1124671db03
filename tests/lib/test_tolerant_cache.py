"""A Redis outage makes the cache miss, never the request fail (coord/lib/cache.py)."""

from __future__ import annotations

import socket

import pytest

from coord.lib.cache import TolerantRedisCache


@pytest.fixture
def dead_redis() -> TolerantRedisCache:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return TolerantRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


def test_a_read_misses_with_the_callers_default(dead_redis):
    assert dead_redis.get("throttle_login_127.0.0.1", "fallback") == "fallback"


def test_a_write_is_dropped_without_an_error(dead_redis):
    dead_redis.set("throttle_login_127.0.0.1", [1.0], 60)
    assert dead_redis.add("k", 1) is False


def test_it_logs_the_outage_without_the_key(dead_redis, caplog):
    dead_redis.get("throttle_login_198.51.100.7")
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "cache unavailable" in logged
    assert "198.51.100.7" not in logged


def test_it_still_works_when_redis_answers():
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache = TolerantRedisCache("redis://127.0.0.1:6379/4", {"KEY_PREFIX": "tolerant-test"})
    cache.set("k", "v", 5)
    assert cache.get("k") == "v"
    cache.delete("k")
