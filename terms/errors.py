"""The server-error page, rendered without touching the database or the request."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponseServerError:
    """Render 500.html with only the site name in its context, as Django's own handler does."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"site_name": settings.GLOSSARY_SITE_NAME}))
