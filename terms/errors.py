"""The bad-request and server-error pages, rendered without the database or the request."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from terms.request_guard import BadBytes


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponseServerError:
    """Render 500.html with only the site name in its context, as Django's own handler does."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"site_name": settings.GLOSSARY_SITE_NAME}))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    """Render 400.html without the request, whose address is what could not be read."""
    # Only our own messages are shown: others (a disallowed Host) repeat what the client sent.
    reason = str(exception) if isinstance(exception, BadBytes) else ""
    context = {"site_name": settings.GLOSSARY_SITE_NAME, "reason": reason}
    return HttpResponseBadRequest(loader.get_template("400.html").render(context))
