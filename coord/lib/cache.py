"""The Redis cache, tolerant of a Redis outage.

The cache holds only throttle counters and other short-lived state; nothing in it is the
only copy of anything (sessions, lockouts and jobs live in the database). So when Redis is
down a request must still be answered: every read misses and every write is dropped, with a
warning, instead of a 500. Throttles therefore fail open while Redis is down; the sign-in
lockout (django-axes, in the database) still holds. Timeouts are short so a dead Redis costs
a request at most about a second (docs/operations.md, docs/threat-model.md).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("coord.cache")


def _tolerant(default: Any):
    def wrap(method):
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as exc:
                logger.warning("cache unavailable: %s in %s", type(exc).__name__, method.__name__)
                return default() if callable(default) else default

        call.__name__ = method.__name__
        call.__doc__ = method.__doc__
        return call

    return wrap


class TolerantRedisCache(RedisCache):
    """Django's RedisCache whose operations miss (reads) or do nothing (writes) when Redis
    cannot be reached."""

    get_many = _tolerant(dict)(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    set = _tolerant(None)(RedisCache.set)
    set_many = _tolerant(list)(RedisCache.set_many)
    add = _tolerant(False)(RedisCache.add)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    incr = _tolerant(0)(RedisCache.incr)
    clear = _tolerant(False)(RedisCache.clear)

    def get(self, key, default=None, version=None):
        try:
            return RedisCache.get(self, key, default, version)
        except RedisError as exc:
            logger.warning("cache unavailable: %s in get", type(exc).__name__)
            return default
