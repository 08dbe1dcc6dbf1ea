"""Error views: friendly pages that need neither the database nor a valid request.

Django renders 400 and 500 pages without the request (its Host may be the problem),
so these views pass the little context the pages need themselves. An outage of the
database (or of Redis) answers 503 with a page that needs neither, and the next
request once it is back is served normally: nothing here holds on to a connection.
"""

import sys

import redis.exceptions
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.views.defaults import server_error as default_server_error

RETRY_AFTER_SECONDS = 30  # about how long PostgreSQL or Redis takes to restart or fail over
# What the drivers raise when PostgreSQL, or Redis (the shared cache, and sessions with it), is
# unreachable, restarting or gone: the site is briefly unavailable, not broken.
OUTAGE_ERRORS = (OperationalError, InterfaceError, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def is_storage_outage(error: BaseException | None) -> bool:
    """True for an error raised because a server the site stores data in could not be reached."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OUTAGE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _page(template: str, status: int, **context) -> HttpResponse:
    # No request: context processors would read the session, which lives in the database (and Redis).
    html = render_to_string(template, {"site_name": settings.SITE_NAME, **context})
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a malformed request, a bad Host header, a body or form over the limits."""
    return _page("400.html", 400)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500, called while the uncaught exception is being handled, so sys.exc_info() names it."""
    if is_storage_outage(sys.exc_info()[1]):
        response = _page("503.html", 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    try:
        return _page("500.html", 500)
    except TemplateDoesNotExist:
        return default_server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: most often a form left open across a log-in, log-out or expired session."""
    return _page("403_csrf.html", 403)
