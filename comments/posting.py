"""Posting a comment: who may post, how often, and exactly once per submitted form.

Everything here runs around comments.tree.add_comment, the one locked path for
tree writes; the checks that must not be raced run inside its transaction.
"""

import logging
import math
import time
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection
from django.utils import dateformat, timezone
from redis.exceptions import RedisError

from comments.models import Comment, Suspension
from comments.tree import add_comment

logger = logging.getLogger(__name__)

RATE_WINDOW = timedelta(minutes=1)
NEW_ACCOUNT_AGE = timedelta(days=1)  # younger accounts get the stricter limit: most spam accounts are fresh
RATE_LOCK_NAMESPACE = 0x666F  # with the user id, names the advisory lock that queues one user's posts


class PostingRefused(Exception):
    """This user may not post now (suspended, inactive); the message says why."""


@dataclass
class RateLimited(Exception):
    limit: int
    retry_after: int  # seconds

    def __str__(self) -> str:
        return (
            f"You can post at most {self.limit} comment{'s' if self.limit != 1 else ''} a minute. "
            f"Please wait {self.retry_after} second{'s' if self.retry_after != 1 else ''} and post again; "
            "your text is kept below."
        )


class _AlreadyPosted(Exception):
    def __init__(self, comment: Comment) -> None:
        self.comment = comment


def posting_refusal(user) -> str | None:
    """Why `user` may not post, edit or delete comments right now, or None if they may."""
    if not user.is_active:
        return "Your account is inactive, so it cannot post. Contact the site's moderators."
    suspension = Suspension.active_for(user)
    if suspension is not None:
        return (
            f"Your account is suspended until {dateformat.format(suspension.until, 'j F Y, H:i')} UTC, "
            f"so you cannot post or change comments until then. The reason given: {suspension.reason}"
        )
    return None


def rate_limit_for(user) -> int:
    if timezone.now() - user.date_joined < NEW_ACCOUNT_AGE:
        return settings.NEW_ACCOUNT_COMMENTS_PER_MINUTE
    return settings.COMMENTS_PER_MINUTE


def check_rate(user) -> None:
    """Raise RateLimited if `user` has used up this minute's comments. Call it inside the locked transaction.

    With Redis, an atomic counter per user and minute, shared by every worker and host. Without
    it, the user's comments of the last minute are counted in the database; an advisory lock on
    the user (PostgreSQL; SQLite writers are serialised anyway) makes two concurrent requests count
    one after the other. A per-process memory cache would let each worker grant the whole limit.
    """
    limit = rate_limit_for(user)
    if settings.REDIS_URL:
        try:
            _check_rate_in_cache(user, limit)
            return
        except RedisError:
            # Redis unreachable: the database count still holds across workers, so posting goes on.
            logger.warning("rate limit: Redis unavailable, counting in the database instead", exc_info=True)
    _check_rate_in_database(user, limit)


def _check_rate_in_cache(user, limit: int) -> None:
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
        raise RateLimited(limit=limit, retry_after=max(1, math.ceil(window_end - now)))


def _check_rate_in_database(user, limit: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [RATE_LOCK_NAMESPACE, user.pk])
    now = timezone.now()
    recent = list(
        Comment.objects.filter(author=user, created__gt=now - RATE_WINDOW)
        .order_by("-created")
        .values_list("created", flat=True)[:limit]
    )
    if len(recent) >= limit:
        # A slot frees when the oldest of the last `limit` comments leaves the window.
        frees_at = recent[-1] + RATE_WINDOW
        raise RateLimited(limit=limit, retry_after=max(1, math.ceil((frees_at - now).total_seconds())))


def _posted_with(author, submission_key: UUID | None) -> Comment | None:
    if submission_key is None:
        return None
    return Comment.objects.select_related("article").filter(author=author, submission_key=submission_key).first()


def post_comment(
    article,
    *,
    author,
    body: str,
    parent: Comment | None = None,
    submission_key: UUID | None = None,
) -> Comment:
    """Post `body` by `author` as a reply to `parent` (or a new top-level comment) and return it.

    A form sent again with the same submission key returns the comment it already made.
    Raises PostingRefused, RateLimited, or comments.tree.ReplyRejected.
    """
    refusal = posting_refusal(author)
    if refusal:
        raise PostingRefused(refusal)
    if existing := _posted_with(author, submission_key):
        return existing

    def before_insert() -> None:
        # Under the tree lock a twin request that got there first is visible: return its comment.
        if existing := _posted_with(author, submission_key):
            raise _AlreadyPosted(existing)
        check_rate(author)

    try:
        return add_comment(
            article,
            body=body,
            parent=parent,
            author=author,
            submission_key=submission_key,
            before_insert=before_insert,
        )
    except _AlreadyPosted as already:
        return already.comment
    except IntegrityError:
        # The unique (author, submission_key) constraint caught a twin posted into another tree.
        if existing := _posted_with(author, submission_key):
            return existing
        raise
