"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py glossary.wsgi` (see README)."""

import multiprocessing
import os
import sys

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Several workers need the shared Redis cache: with each worker's own memory, an edit would end
# the content version in one worker only, and the others would go on serving the old pages.
default_workers = multiprocessing.cpu_count() * 2 + 1 if os.environ.get("REDIS_URL") else 1
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers)
if workers > 1 and not os.environ.get("REDIS_URL"):
    sys.stderr.write(
        f"WARNING: {workers} workers without REDIS_URL: edits will not reach every worker's "
        "page cache. Set REDIS_URL, or WEB_CONCURRENCY=1.\n"
    )
# Threads let a worker keep connections alive behind a proxy and overlap database waits.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Load Django once in the master so workers fork ready and share its memory; nothing opens a
# database connection at import time, so each worker opens its own pool.
preload_app = True

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10

# Django writes the one line per request (terms.request_log); gunicorn's own access log is
# off unless GUNICORN_ACCESS_LOG names a file or "-" for stdout.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front terminates TLS; trust its X-Forwarded-* headers only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No `gunicornc` control socket: nothing uses it, and two servers on one host would share its path.
control_socket_disable = True
