"""`/healthz` for load balancers: is this host able to serve, judged by what it depends on."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("forum.health")

# The longest a probe may wait on the database; the cache's own socket timeouts are in settings.
PROBE_TIMEOUT_SECONDS = 2
# The probe's cache key lives a few seconds: enough to read it back, never enough to pile up.
PROBE_KEY_SECONDS = 10


def _answers(cursor) -> bool:
    cursor.execute("SELECT 1")
    return cursor.fetchone() == (1,)


def database_ok() -> bool:
    try:
        if connection.vendor != "postgresql":
            # No transaction on SQLite: its transactions are IMMEDIATE and would queue behind writers.
            with connection.cursor() as cursor:
                return _answers(cursor)
        with transaction.atomic(), connection.cursor() as cursor:
            # A server that accepts connections but does not answer must fail the probe, not hang it.
            cursor.execute(f"SET LOCAL statement_timeout = {PROBE_TIMEOUT_SECONDS * 1000}")  # a constant, in ms
            return _answers(cursor)
    except Exception:
        logger.exception("health check: database unreachable", extra={"event": "health", "check": "database"})
        return False


def cache_ok() -> bool:
    # A write and a read of a per-probe key: a read-only probe would pass on a cache that drops writes.
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=PROBE_KEY_SECONDS)
        found = cache.get(key)
        cache.delete(key)
        return found == value
    except Exception:
        logger.exception("health check: cache unreachable", extra={"event": "health", "check": "cache"})
        return False


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Whether the database and the cache answer: 200 with {"status": "ok"}, else 503.

    No authentication and no detail beyond ok/failing per dependency; the reason for a
    failure goes to the log, never to whoever is asking.
    """
    checks = {"database": database_ok(), "cache": cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "failing"}
    body.update({name: "ok" if passed else "failing" for name, passed in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
