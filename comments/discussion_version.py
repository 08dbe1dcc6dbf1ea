"""A per-article version number in the shared cache, moved by every write to a discussion.

What moves it is decided in one place: every write verb calls discussion_changed() inside its
transaction (posting, edits, deletions, hiding, repairs), and comments.receivers does it for
the article's own changes (saved, deleted, comments closed or reopened).

Anything cached about a discussion puts the version in its key, so a post, edit,
hide or unhide shows on the next request from every process and host, without
hunting down keys to delete.
"""

import time

from django.core.cache import cache
from django.db import transaction


def _key(article_id: int) -> str:
    return f"discussion-version:{article_id}"


def _fresh_version() -> int:
    # A version that was lost (evicted, cache restarted) restarts from the clock, never
    # from a number an older cached copy may still carry.
    return time.time_ns() // 1000


def discussion_version(article_id: int) -> int:
    version = cache.get(_key(article_id))
    if version is None:
        cache.add(_key(article_id), _fresh_version(), timeout=None)
        version = cache.get(_key(article_id), 0)
    return version


def _bump(article_id: int) -> None:
    try:
        cache.incr(_key(article_id))
    except ValueError:  # missing: a fresh value differs from every earlier one
        cache.set(_key(article_id), _fresh_version(), timeout=None)


def discussion_changed(article_id: int) -> None:
    """Call inside the writing transaction: the version moves once the write is committed.

    Robust: with the cache unreachable the committed write still answers its request (the
    failure is logged), and a cached copy it should have replaced expires within the page cache's timeout.
    """
    transaction.on_commit(lambda: _bump(article_id), robust=True)
