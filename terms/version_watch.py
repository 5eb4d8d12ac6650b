"""How a process learns the current content version number: `GLOSSARY_VERSION_WATCH`.

Two implementations of one interface, `VersionWatch`, so `make bench` can compare them:
`PollWatch` ("poll", the default) reads the number from the shared cache on every public
request; `SubscribeWatch` ("subscribe", Redis only) keeps each thread's last reading while a
Redis subscription announces no change.
"""

import functools
import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable

import redis
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from terms import shared_cache

CHANGES_CHANNEL = "glossary:content-changed"
# How long a thread trusts the number it read with no change announced: the bound on staleness
# should the subscription fail without the socket noticing.
TRUST_SECONDS = 1.0
SUBSCRIBE_RETRY_SECONDS = 1.0


class VersionWatch(ABC):
    """How this process learns the current content version number."""

    @abstractmethod
    def number(self, read: Callable[[], int]) -> int:
        """Return the current version number, calling `read` when the shared cache is asked."""

    @abstractmethod
    def changed(self) -> None:
        """Tell every process that this one moved the version on."""


class PollWatch(VersionWatch):
    """Ask the shared cache on every request: one small read, never stale."""

    def number(self, read: Callable[[], int]) -> int:
        return read()

    def changed(self) -> None:
        pass


class SubscribeWatch(VersionWatch):
    """Trust a thread's last reading while its Redis subscription hears no change.

    Each change is published on a channel; Redis delivers it to every subscriber before the
    publisher hears back, so a request only polls its socket. A thread rereads when it heard
    something, was not subscribed, or read more than `TRUST_SECONDS` ago.
    """

    def __init__(self, url: str):
        timeout = settings.GLOSSARY_REDIS_TIMEOUT
        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
        self._threads = threading.local()

    def number(self, read: Callable[[], int]) -> int:
        local = self._threads
        if not hasattr(local, "listener"):
            local.listener, local.number, local.read_at = Listener(self.client), None, 0.0
        quiet = local.listener.stayed_quiet()  # asked first, so nothing announced is missed
        if quiet and local.number is not None and time.monotonic() - local.read_at < TRUST_SECONDS:
            return local.number
        local.number, local.read_at = None, time.monotonic()
        local.number = read()
        return local.number

    def changed(self) -> None:
        self._threads.number = None
        shared_cache.writes.call(self.client.publish, CHANGES_CHANNEL, b"")


class Listener:
    """A subscription to the changes channel, asked between requests whether anything came.

    Asking polls the subscription's socket: one system call, no round trip. Not for sharing
    between threads.
    """

    def __init__(self, client: redis.Redis, channel: str = CHANGES_CHANNEL):
        self.client = client
        self.channel = channel
        self._connection = None
        self._pid = os.getpid()
        self._retry_at = 0.0

    def stayed_quiet(self) -> bool:
        """Return True if this listener was subscribed and no message came since the last call.

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
        except (redis.RedisError, OSError):
            self._connection.disconnect()
            self._connection = None
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
        except (redis.RedisError, OSError):
            connection.disconnect()
            self._retry_at = time.monotonic() + SUBSCRIBE_RETRY_SECONDS
            return
        self._connection = connection


def watch() -> VersionWatch:
    """Return this process's version watch, as `GLOSSARY_VERSION_WATCH` chooses."""
    return _watch(settings.GLOSSARY_VERSION_WATCH, settings.CACHES["default"].get("LOCATION"))


@functools.cache
def _watch(kind: str, cache_location) -> VersionWatch:
    if kind == "poll":
        return PollWatch()
    if (
        kind == "subscribe"
        and isinstance(cache_location, str)
        and cache_location.startswith(("redis://", "rediss://", "unix://"))
    ):
        return SubscribeWatch(cache_location)
    raise ImproperlyConfigured(f"GLOSSARY_VERSION_WATCH={kind} needs a Redis cache.")
