"""Health check for load balancers: 200 when the database and the cache answer, 503 otherwise."""

import logging

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_answers() -> None:
    """Run a trivial query on the default database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def cache_answers() -> None:
    """Write and read a key in the default cache: a full Redis refuses the write."""
    cache = caches["default"]
    cache.set("glossary:healthz", 1, timeout=60)
    cache.get("glossary:healthz")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    status = {}
    for part, check in [("database", database_answers), ("cache", cache_answers)]:
        try:
            check()
        except Exception as error:
            logger.exception("Health check: the %s does not answer.", part)
            status[part] = f"error: {type(error).__name__}"
        else:
            status[part] = "ok"
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)
