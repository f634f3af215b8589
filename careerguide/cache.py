"""
The shared cache, for a site that keeps serving without it.

If Redis stops answering, every read is a miss and every write is skipped: pages are
rendered afresh (slower, never wrong), the failure is logged at most once a minute per
process, and the cache is used again as soon as Redis answers, with nothing to restart.
A Redis that hangs costs one timeout, not one per call: after a failure the process leaves
Redis alone for settings.CACHE_RETRY_SECONDS, then tries it again with one call.

Writes skipped meanwhile may have been the news that something changed (careerguide/catalogue.py
bumps a version on every edit), so when Redis answers again after failing, `cache_recovered`
is sent once: what the cache holds from before the outage may be stale.
"""

import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger("careerguide.cache")
LOG_EVERY = 60  # seconds

# Sent (by the cache) the first time the cache answers again after it failed in this process.
cache_recovered = Signal()


class ReusingRedisClient(RedisCacheClient):
    """Django's client, keeping one redis-py client per connection pool. Django builds a new
    one for every cache call, and building one (its table of some 160 reply handlers) cost more
    than the rest of serving a cached page; a redis-py client is safe to share between threads.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    _last_logged = 0.0
    _failed_at = None  # when Redis last failed to answer, in this process; None: it answers

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisClient

    def _survive(self, method, *args, default=None, **kwargs):
        failed_at = TolerantRedisCache._failed_at
        if failed_at is not None and time.monotonic() - failed_at < settings.CACHE_RETRY_SECONDS:
            return default  # away a moment ago: not worth another timeout yet
        try:
            if failed_at is not None:
                self._recovered()  # raises RedisError while the cache is still away
            return getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            now = time.monotonic()
            TolerantRedisCache._failed_at = now
            if now - TolerantRedisCache._last_logged > LOG_EVERY:
                TolerantRedisCache._last_logged = now
                logger.warning("Cache unavailable, serving without it: %s", error)
            return default

    def _recovered(self):
        """Called instead of the first call since the cache failed: once the cache answers, say
        so before anything is read from it."""
        self._cache.get_client(write=True).ping()  # still away: RedisError, as before
        TolerantRedisCache._failed_at = None
        logger.warning("Cache reachable again")
        cache_recovered.send(sender=type(self), cache=self)

    def get(self, key, default=None, version=None):
        return self._survive("get", key, default, version, default=default)

    def get_many(self, keys, version=None):
        return self._survive("get_many", keys, version, default={})

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._survive("set", key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._survive("add", key, value, timeout, version, default=False)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._survive("set_many", data, timeout, version, default=list(data))

    def delete(self, key, version=None):
        return self._survive("delete", key, version, default=False)

    def delete_many(self, keys, version=None):
        self._survive("delete_many", keys, version)

    def has_key(self, key, version=None):
        return self._survive("has_key", key, version, default=False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._survive("touch", key, timeout, version, default=False)

    def clear(self):
        return self._survive("clear", default=False)
