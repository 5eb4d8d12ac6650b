"""Error pages: 400, 404 and 500, with the security headers even when middleware never ran.

A request refused before the CSP and X-Frame-Options middleware (a disallowed Host, bad bytes:
terms.request_guard) gets those headers from the error view itself.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseServerError
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.template import loader
from django.utils.decorators import decorator_from_middleware
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from terms.request_guard import BadBytes


def with_security_headers(view):
    """Return `view` with the headers of the CSP and X-Frame-Options middleware added."""
    for middleware in (XFrameOptionsMiddleware, CSPMiddleware):
        view = decorator_from_middleware(middleware)(view)
    return view


page_not_found = with_security_headers(defaults.page_not_found)


@with_security_headers
@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponseServerError:
    """Render 500.html with only the site name in its context, as Django's own handler does."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"site_name": settings.GLOSSARY_SITE_NAME}))


@with_security_headers
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    """Render 400.html without the request, whose address is what could not be read."""
    # Only our own messages are shown: others (a disallowed Host) repeat what the client sent.
    reason = str(exception) if isinstance(exception, BadBytes) else ""
    context = {"site_name": settings.GLOSSARY_SITE_NAME, "reason": reason}
    return HttpResponseBadRequest(loader.get_template("400.html").render(context))
