"""The Redis cache, degrading to each process's memory while Redis is unreachable.

Django's RedisCache raises on a connection error, so a Redis outage would turn every page that
touches the cache (login rate limits, used TOTP codes, import progress) into a 500. Here each
call that cannot reach Redis is answered by a per-process local-memory cache instead, with a
warning in the log, and Redis is not asked again for `RETRY_AFTER_SECONDS` (one timeout per
outage and process, not one per call).

What that means for security, on purpose (see docs/faults-and-load.md): login lock-out and the
"a TOTP code works once" rule keep working during an outage, but per gunicorn worker instead of
site-wide — an attacker gets at most one allowance per worker process, and a replayed TOTP code
is refused only by the worker that saw it first (the code is valid for about 90 seconds anyway).
What is cached during the outage is forgotten when Redis is back.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis import exceptions as redis_exceptions

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
UNREACHABLE = (redis_exceptions.ConnectionError, redis_exceptions.TimeoutError)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client makes a new `redis.Redis` object for every call (its __init__ builds a
    table of some 170 response callbacks): a third of a cached directory page. One per server
    is enough; it is thread-safe, and the connection pool behind it is shared anyway."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._fallback = LocMemCache(f"redis-fallback-{server}", {"TIMEOUT": params.get("TIMEOUT")})
        self._down_until = 0.0

    def _call(self, method: str, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return getattr(self._fallback, method)(*args, **kwargs)
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as error:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Redis cache unreachable, using process memory: %s", error)
            return getattr(self._fallback, method)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")
