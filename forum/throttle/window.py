"""A sliding-window rate limiter: at most `limit` events in any `seconds`, per key, shared by every worker.

One mechanism for every limit (posting per account and per address, sign-ups per address and for
the whole site). `take()` counts one event against several windows at once: all of them or none,
so a refused post costs no window anything.

With Redis, each key is a sorted set of event times, trimmed, counted and added to by one Lua script
in one round trip: an exact sliding log (limits are small, so a key holds at most `limit` entries)
that also says exactly when the oldest event leaves the window. Without Redis, or while it cannot be
reached, the same log lives in the database (`Hit`), counted under a transaction-scoped advisory lock
per key on PostgreSQL (SQLite's IMMEDIATE transactions serialise writers anyway).
"""

import functools
import hashlib
import logging
import math
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from redis.exceptions import RedisError

from forum.throttle.models import Hit

logger = logging.getLogger(__name__)

PURGE_BATCH = 100  # expired hits removed per check: keys never seen again still get cleaned up, a little at a time

# KEYS: one sorted set per window; ARGV: now, member, then (seconds, limit) per key.
# Returns {0, 0} when every window had room (the event is then recorded in all), else the seconds
# until a slot frees in the window that keeps the caller waiting longest, and that window's number.
TAKE_SCRIPT = """
local now, member = tonumber(ARGV[1]), ARGV[2]
local wait, which = 0, 0
for i, key in ipairs(KEYS) do
  local seconds, limit = tonumber(ARGV[1 + 2 * i]), tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - seconds)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    local frees = tonumber(oldest[2]) + seconds - now
    if frees > wait or which == 0 then wait, which = frees, i end
  end
end
if which > 0 then return {tostring(wait), which} end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('EXPIRE', key, math.ceil(tonumber(ARGV[1 + 2 * i])) + 1)
end
return {'0', 0}
"""


@dataclass(frozen=True)
class Window:
    """At most `limit` events in any `seconds`, counted per key; a limit of 0 or less is off."""

    name: str  # names the kind of event in keys and logs: "post-account", "signup-address"
    limit: int
    seconds: int


class Exceeded(Exception):
    def __init__(self, window: Window, retry_after: int) -> None:
        super().__init__(window.name, retry_after)
        self.window, self.retry_after = window, retry_after


def clock() -> float:
    """Seconds since the epoch: every window reads the time here, so a test can move it."""
    return time.time()


def take(*charges: tuple[Window, str]) -> None:
    """Count one event against each (window, key), or raise Exceeded for the window that is full and count none.

    Call it inside the transaction that makes the event, so the database's count and lock hold until it commits.
    """
    charges = tuple((window, f"{window.name}:{key}") for window, key in charges if window.limit > 0)
    if not charges:
        return
    now = clock()
    if settings.REDIS_URL:
        try:
            _take_in_redis(charges, now)
            return
        except RedisError:
            # The database count still holds across workers, so the site goes on limiting.
            logger.warning("rate limit: Redis unavailable, counting in the database instead", exc_info=True)
    _take_in_database(charges, now)


@functools.cache
def _redis(url: str) -> redis.Redis:
    # The same timeouts as the cache: a Redis that stops answering costs a request seconds, not forever.
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


@functools.cache
def _script(url: str):
    return _redis(url).register_script(TAKE_SCRIPT)


def _take_in_redis(charges, now: float) -> None:
    keys = [cache.make_key(f"throttle:{key}") for _, key in charges]  # the cache's prefix keeps tests apart
    args: list = [now, f"{now}:{uuid.uuid4().hex}"]
    for window, _ in charges:
        args += [window.seconds, window.limit]
    wait, which = _script(settings.REDIS_URL)(keys=keys, args=args)
    if which:
        raise Exceeded(charges[int(which) - 1][0], max(1, math.ceil(float(wait))))


def _take_in_database(charges, now: float) -> None:
    moment = datetime.fromtimestamp(now, tz=UTC)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for _, key in charges:  # always in the callers' fixed order, so two takers never deadlock
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_id(key)])
        waits = []
        for window, key in charges:
            start = moment - timedelta(seconds=window.seconds)
            Hit.objects.filter(key=key, at__lte=start).delete()
            recent = list(Hit.objects.filter(key=key).order_by("-at").values_list("at", flat=True)[: window.limit])
            if len(recent) >= window.limit:
                # A slot frees when the oldest of the last `limit` events leaves the window.
                waits.append(((recent[-1] - start).total_seconds(), window))
        if waits:
            wait, window = max(waits, key=lambda pair: pair[0])
            raise Exceeded(window, max(1, math.ceil(wait)))
        Hit.objects.bulk_create(
            Hit(key=key, at=moment, expires=moment + timedelta(seconds=window.seconds)) for window, key in charges
        )
        _purge_expired(moment)


def _purge_expired(moment: datetime) -> None:
    # SKIP LOCKED: another transaction's purge never makes this one wait, so purges cannot deadlock.
    expired = Hit.objects.filter(expires__lte=moment).select_for_update(skip_locked=True)
    Hit.objects.filter(pk__in=list(expired.values_list("pk", flat=True)[:PURGE_BATCH])).delete()


def _lock_id(key: str) -> int:
    # A signed 64-bit number naming the key's advisory lock; a collision only makes two keys queue together.
    return int.from_bytes(hashlib.blake2b(f"throttle:{key}".encode(), digest_size=8).digest(), "big", signed=True)
