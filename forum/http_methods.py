"""Which HTTP methods each page answers, decided in one place for every URL of the site.

A page that answers GET answers HEAD the same way, without the body; any method a page does not
answer (PUT, DELETE, TRACE, made-up ones) gets 405 with an `Allow` header, before CSRF checks or
the view run. Read-only pages are marked in the URL conf (`read_only`); class-based views say what
they answer through their handlers; other function views, Django admin's among them, read with GET
and write with POST.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

READ_ONLY = frozenset({"GET", "HEAD"})
FORM = frozenset({"GET", "HEAD", "POST"})
CROSS_ORIGIN_READ = READ_ONLY | {"OPTIONS"}  # browsers ask OPTIONS before some cross-origin reads (CORS)


def read_only(view: Callable) -> Callable:
    """Mark a page that only shows things: it answers GET and HEAD."""
    view.allowed_methods = READ_ONLY
    return view


def cross_origin_read_only(view: Callable) -> Callable:
    """Mark a read-only resource other sites may read (the JSON API): GET, HEAD and the CORS preflight."""
    view.allowed_methods = CROSS_ORIGIN_READ
    return view


def allowed_methods(view: Callable) -> frozenset[str]:
    if marked := getattr(view, "allowed_methods", None):
        return marked
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        handled = {name.upper() for name in view_class.http_method_names if hasattr(view_class, name)}
        # Of what Django's generic views implement, the site's HTML uses only these (a form view's PUT
        # would post the form; RedirectView redirects any method).
        handled &= FORM
        return frozenset(handled | ({"HEAD"} if "GET" in handled else set()))
    return FORM


class AllowedMethodsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "answered_as_get", False):
            request.method = "HEAD"  # the request log names what was asked
            if not response.streaming:
                response.headers.setdefault("Content-Length", str(len(response.content)))  # as a GET would say
                response.content = b""
        return response

    def process_view(self, request: HttpRequest, view: Callable, args, kwargs) -> HttpResponse | None:
        allowed = allowed_methods(view)
        if request.method not in allowed:
            return HttpResponseNotAllowed(sorted(allowed))
        if request.method == "HEAD":
            request.method, request.answered_as_get = "GET", True  # views then take the GET path they know
        return None
