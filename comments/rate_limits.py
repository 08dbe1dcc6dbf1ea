"""How often one account may post: limits decided inside the posting transaction, shared by every worker.

With Redis, an atomic counter per user and minute, shared by every worker and host. Without
it, the user's comments of the last minute are counted in the database; an advisory lock on
the user (PostgreSQL; SQLite writers are serialised anyway) makes two concurrent requests count
one after the other. A per-process memory cache would let each worker grant the whole limit.
"""

import logging
import math
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RATE_WINDOW = timedelta(minutes=1)
NEW_ACCOUNT_AGE = timedelta(days=1)  # younger accounts get the stricter limit: most spam accounts are fresh
RATE_LOCK_NAMESPACE = 0x666F  # with the user id, names the advisory lock that queues one user's posts


class Exceeded(Exception):
    def __init__(self, limit: int, retry_after: int) -> None:
        super().__init__(limit, retry_after)
        self.limit, self.retry_after = limit, retry_after


def posting_limit_for(user) -> int:
    if timezone.now() - user.date_joined < NEW_ACCOUNT_AGE:
        return settings.NEW_ACCOUNT_COMMENTS_PER_MINUTE
    return settings.COMMENTS_PER_MINUTE


def check_posting(user, their_comments) -> None:
    """Raise Exceeded if `user` has used up this minute's comments. Call it inside the locked transaction.

    `their_comments` is the queryset of the user's comments, counted when Redis is not configured
    or cannot be reached.
    """
    limit = posting_limit_for(user)
    if settings.REDIS_URL:
        try:
            _check_in_cache(user, limit)
            return
        except RedisError:
            # Redis unreachable: the database count still holds across workers, so posting goes on.
            logger.warning("rate limit: Redis unavailable, counting in the database instead", exc_info=True)
    _check_in_database(user, limit, their_comments)


def _check_in_cache(user, limit: int) -> None:
    now = time.time()
    window = int(now // RATE_WINDOW.total_seconds())
    key = f"post-rate:{user.pk}:{window}"
    for _ in range(2):
        cache.add(key, 0, timeout=int(RATE_WINDOW.total_seconds()) * 2)
        try:
            count = cache.incr(key)
            break
        except ValueError:  # expired between add and incr: start the count again
            continue
    else:
        return
    if count > limit:
        window_end = (window + 1) * RATE_WINDOW.total_seconds()
        raise Exceeded(limit, max(1, math.ceil(window_end - now)))


def _check_in_database(user, limit: int, their_comments) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [RATE_LOCK_NAMESPACE, user.pk])
    now = timezone.now()
    recent = list(
        their_comments.filter(created__gt=now - RATE_WINDOW)
        .order_by("-created")
        .values_list("created", flat=True)[:limit]
    )
    if len(recent) >= limit:
        # A slot frees when the oldest of the last `limit` comments leaves the window.
        frees_at = recent[-1] + RATE_WINDOW
        raise Exceeded(limit, max(1, math.ceil((frees_at - now).total_seconds())))
