"""Django's Redis cache backend, with its client kept instead of rebuilt for every call.

Django's `RedisCacheClient.get_client()` makes a new `redis.Redis` for every cache operation,
and redis-py fills a table of some 160 response callbacks in each: more CPU than the round trip
itself on a cached page (about 0.45 ms per call, docs/benchmarks.md). One client per connection
pool is safe to share between threads.
"""

from django.core.cache.backends import redis


class ReusingRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
