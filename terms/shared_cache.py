"""The shared cache as the page cache uses it: a failure is a miss, warned about once per outage.

Redis can refuse connections, time out or be full (`maxmemory` with `noeviction`); none of it
may take a page down. Reads and writes are watched apart, since a full Redis still answers
reads. After a failure, calls of that kind are skipped for `RETRY_SECONDS`, so a hung Redis
costs one socket timeout a second per process rather than one per request, then tried again:
caching resumes by itself when Redis does.
"""

import logging
import threading
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)
RETRY_SECONDS = 1.0
QUIET_SECONDS = 60.0


class Unavailable(Exception):
    """The shared cache failed this call, or failed a call of its kind moments ago."""


class Outage:
    """Whether one kind of call to the shared cache is failing in this process.

    Failures less than `QUIET_SECONDS` apart are one outage, warned about once: a full Redis
    refuses some writes and takes others as its memory use wavers around the limit.
    """

    def __init__(self, kind: str):
        self.kind = kind
        self.failing = False
        self._retry_at = 0.0
        self._failed_at = -QUIET_SECONDS
        self._lock = threading.Lock()

    def call(self, operation, *args, **kwargs):
        """Return `operation(*args, **kwargs)`, or raise Unavailable if it fails or would."""
        if self.failing and time.monotonic() < self._retry_at:
            raise Unavailable(self.kind)
        try:
            result = operation(*args, **kwargs)
        except Exception as error:
            with self._lock:
                now = time.monotonic()
                if now - self._failed_at >= QUIET_SECONDS:
                    logger.warning(
                        "The shared cache failed on %s (%s: %s); pages are rendered without "
                        "it until it answers again.",
                        self.kind, type(error).__name__, error,
                    )  # fmt: skip
                self.failing, self._failed_at, self._retry_at = True, now, now + RETRY_SECONDS
            raise Unavailable(self.kind) from error
        if self.failing:
            self.failing = False
            logger.info("The shared cache answers %s again.", self.kind)
        return result


reads = Outage("reads")
writes = Outage("writes")


def get(key: str):
    """Return the value kept under `key`, or None."""
    return reads.call(cache.get, key)


def put(key: str, value, timeout: float | None) -> None:
    """Keep `value` under `key` for `timeout` seconds (None: until evicted)."""
    writes.call(cache.set, key, value, timeout)


def add(key: str, value, timeout: float | None) -> bool:
    """Keep `value` under `key` unless a value is there already; return True if it was kept."""
    return writes.call(cache.add, key, value, timeout)


def increment(key: str, start: int) -> int:
    """Return the counter under `key` plus one, starting it at `start` if it is missing."""
    return writes.call(_increment, key, start)


def _increment(key: str, start: int) -> int:
    try:
        return cache.incr(key)
    except ValueError:  # missing: Redis restarted, flushed or evicted it
        cache.add(key, start, timeout=None)
        return cache.incr(key)
