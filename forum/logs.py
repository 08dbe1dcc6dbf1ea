"""Structured logs: one JSON object per line on stdout, each tied to the request it belongs to.

Every app host writes the same shape, so a log collector can merge them and follow one
request (by its id, taken from the proxy's X-Request-ID or made here) across hosts.
JSON escapes line breaks and control characters, and `ensure_ascii` escapes Unicode
line separators too, so text a user typed cannot start a forged line of its own.
This module imports only the standard library at load time: gunicorn's master
process uses the formatter before Django is set up.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only if it is a short plain token; anything else is replaced.
WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged as a field.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
# django.request attaches the whole HttpRequest (its path is already in the message); never dump it.
_SKIPPED_EXTRAS = frozenset({"request"})

request_logger = logging.getLogger("forum.requests")


def forget_request_id(**kwargs) -> None:
    """Connected to `request_finished`: Django logs a 4xx/5xx after the middleware has returned."""
    _request_id.set(None)


class JsonFormatter(logging.Formatter):
    """One line of JSON per record: time, level, logger, message, request id and any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (request_id := _request_id.get()) is not None:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in _SKIPPED_EXTRAS and not key.startswith("_"):
                entry.setdefault(key, value)  # an extra field never overrides time, level or request id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        line = json.dumps(entry, ensure_ascii=True, default=str, separators=(",", ":"))
        return line.replace("\x7f", "\\u007f")  # DEL is the one control character JSON leaves as it is


def incoming_request_id(value: str | None) -> str:
    if value and WELL_FORMED_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def loggable_path(request) -> str:
    """The path, with a password-reset token (a credential while it is valid) blanked out."""
    match = getattr(request, "resolver_match", None)
    token = match.kwargs.get("token") if match is not None else None
    if token and token in request.path:
        return request.path.replace(token, "[token]")
    return request.path


def client_address(request) -> str:
    from forum.accounts.addresses import client_ip  # Django is set up by the time a request arrives

    return client_ip(request)


def user_id_of(request) -> int | None:
    try:
        user = request.user
        return user.pk if user.is_authenticated else None
    except Exception:  # no auth middleware reached, or the database is down: the line is still worth writing
        return None


class RequestLogMiddleware:
    """Give each request an id (echoed in X-Request-ID) and log one line when it is answered.

    First in MIDDLEWARE, so every line logged while the request runs carries its id
    and even a redirect answered by SecurityMiddleware is logged.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        _request_id.set(request_id)  # until request_finished, so django.request's own lines carry it too
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        self.log(request, response, duration_ms=round((time.perf_counter() - started) * 1000, 1))
        return response

    def log(self, request, response, *, duration_ms: float) -> None:
        status = response.status_code
        if status >= 500:
            level = logging.ERROR
        elif status == 200 and getattr(request.resolver_match, "url_name", None) == "healthz":
            level = logging.DEBUG  # a load balancer asks every few seconds; only failures are news
        else:
            level = logging.INFO
        path = loggable_path(request)
        request_logger.log(
            level,
            "%s %s %s",
            request.method,
            path,
            status,
            extra={
                "event": "request",
                "method": request.method,
                "path": path,
                "status": status,
                "duration_ms": duration_ms,
                "user_id": user_id_of(request),
                "client_addr": client_address(request),  # the real client's, behind the proxy too
            },
        )
