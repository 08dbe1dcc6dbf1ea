"""How every API response goes out: JSON, validators for cheap polling, and CORS for any origin.

The ETag is a hash of the body, so it changes exactly when the answer does. Last-Modified is
the time this address first gave an answer with that ETag (kept in the shared cache): a write
anywhere that changes the answer, even one that leaves no timestamp (a deletion, an account's
new name), moves it. A lost record only makes it later, which costs a client one full answer.

Any origin may read (the answers are what any anonymous reader sees): GET and HEAD without
credentials, and the preflight a browser sends before an If-None-Match.
"""

import hashlib
import json
import time
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

CONTENT_TYPE = "application/json"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}
LAST_MODIFIED_TIMEOUT = 7 * 24 * 3600


class BadRequest(Exception):
    """A parameter the API cannot read: answered 400 with the message."""


def error(status: int, message: str) -> HttpResponse:
    response = HttpResponse(json.dumps({"error": message}), content_type=CONTENT_TYPE, status=status)
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def _first_seen(request: HttpRequest, etag: str) -> float:
    key = "api-modified:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
    record = cache.get(key)
    if record is not None and record[0] == etag:
        return record[1]
    now = time.time()
    cache.set(key, (etag, now), LAST_MODIFIED_TIMEOUT)
    return now


def json_response(request: HttpRequest, data: dict) -> HttpResponse:
    """`data` as JSON with its ETag and Last-Modified; 304 when the client's copy is current."""
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    last_modified = int(_first_seen(request, etag))
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "no-cache"  # stored, but asked about again each time: the ETag makes that cheap
    for name, value in CORS_HEADERS.items():
        response[name] = value
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
    if conditional is not response:
        for name, value in CORS_HEADERS.items():
            conditional[name] = value
    return conditional


def api_view(view: Callable[..., HttpResponse]):
    """GET and HEAD only, the CORS preflight answered, and a missing object or bad parameter as a JSON error."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            for name, value in PREFLIGHT_HEADERS.items():
                response[name] = value
            return response
        if request.method not in ("GET", "HEAD"):
            response = error(405, "This API only reads: use GET.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            return view(request, *args, **kwargs)
        except Http404 as missing:
            return error(404, str(missing) or "Not found.")
        except BadRequest as bad:
            return error(400, str(bad))

    # Not CSRF-exempt (no view is): an unsafe method without a token gets the CSRF 403 before the 405 above.
    return wrapper
