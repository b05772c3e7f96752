"""The site's 500 handler: a database that cannot be reached is a 503, not an error.

Django has no handler of its own for a lost database. While PostgreSQL restarts, every request
that needs it raises `OperationalError` (cannot connect) or `InterfaceError` (the connection
closed under it), anywhere: in a view, or in a middleware loading the session. Django catches
each and calls this handler inside its `except` block, so the exception is still at hand. The
page needs no database (no context processors) and tells the visitor to try again; gunicorn keeps
running and Django reconnects on the next request (CONN_HEALTH_CHECKS).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return django_server_error(request)
