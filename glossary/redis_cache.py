"""Django's Redis cache backend, with its client kept and publish/subscribe added.

Django's `RedisCacheClient.get_client()` makes a new `redis.Redis` for every cache operation,
and redis-py fills a table of some 160 response callbacks in each: more CPU than the round trip
itself on a cached page. One client per connection pool is safe to share between threads.

Publish/subscribe lets an app server learn that another one changed something without asking
Redis on every request: see `Listener`.
"""

import os
import time

import redis as redis_lib
from django.core.cache.backends import redis

RETRY_SECONDS = 1.0


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
        self._listeners = {}

    def publish(self, channel: str, message: bytes = b"") -> None:
        self._cache.get_client(write=True).publish(channel, message)

    def listener(self, channel: str) -> "Listener":
        """Return this backend's listener on `channel` (Django keeps a backend per thread)."""
        if channel not in self._listeners:
            self._listeners[channel] = Listener(self._cache.get_client(write=True), channel)
        return self._listeners[channel]


class Listener:
    """A subscription to one channel, asked between requests whether anything was published.

    Asking polls the subscription's socket, which costs a system call and no round trip: Redis
    sends a message to every subscriber before the publisher hears back, so a change announced
    before a request began is already waiting there. Not for sharing between threads.
    """

    def __init__(self, client: redis_lib.Redis, channel: str):
        self.client = client
        self.channel = channel
        self._connection = None
        self._pid = os.getpid()
        self._retry_at = 0.0

    def heard_nothing(self) -> bool:
        """Return True if this listener was subscribed and heard nothing since the last call.

        False when a message came, and also when it was not listening (just subscribed, or the
        connection broke), since a message may then have been missed.
        """
        if self._pid != os.getpid():  # a forked copy: the socket belongs to the parent
            self._connection, self._pid = None, os.getpid()
        if self._connection is None:
            self._subscribe()
            return False
        try:
            heard = False
            while self._connection.can_read(timeout=0):
                self._connection.read_response()
                heard = True
            return not heard
        except (redis_lib.RedisError, OSError):
            self._close()
            return False

    def _subscribe(self) -> None:
        if time.monotonic() < self._retry_at:
            return
        pool = self.client.connection_pool
        connection = pool.connection_class(**pool.connection_kwargs)
        try:
            connection.connect()
            connection.send_command("SUBSCRIBE", self.channel)
            connection.read_response()  # the confirmation: from here on, nothing is missed
        except (redis_lib.RedisError, OSError):
            connection.disconnect()
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return
        self._connection = connection

    def _close(self) -> None:
        self._connection.disconnect()
        self._connection = None
