"""One log line per request: method, path, status and duration, for any platform to collect."""

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


class RequestLogMiddleware:
    """Log every request once it is answered; first in MIDDLEWARE so the duration is whole."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        logger.info(
            "method=%s path=%s status=%d duration_ms=%.1f",
            request.method,
            request.get_full_path(),
            response.status_code,
            duration_ms,
        )
        return response
