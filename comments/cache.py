"""A per-article version number in the shared cache, bumped by every write to a discussion.

Anything cached about a discussion puts the version in its key, so a post, edit,
hide or unhide shows on the next request from every process and host, without
hunting down keys to delete.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver


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
    failure is logged), and a cached copy it should have replaced expires within FRAGMENT_TIMEOUT.
    """
    transaction.on_commit(lambda: _bump(article_id), robust=True)


@receiver(post_save, sender="forum.Article", dispatch_uid="comments.cache.article_saved")
@receiver(post_delete, sender="forum.Article", dispatch_uid="comments.cache.article_deleted")
def article_changed(sender, instance, **kwargs) -> None:
    # A cached article page holds the article too: an edit, an unpublishing or a deletion shows at once.
    discussion_changed(instance.pk)


# A cached discussion is dropped after this long even if nothing was written: its relative times
# ("5 minutes ago") go stale that slowly at most (forum.js keeps them fresh in the browser), and so
# does a change no version bump announces, such as an author's new username.
FRAGMENT_TIMEOUT = 60


# Each process also keeps the copies it served last, up to this many characters in all: a copy's
# key holds the discussion version, read from the shared cache on every request, so a local copy
# is never served after a write, and a busy page skips fetching its hundreds of KB each time.
LOCAL_COPIES_SIZE = 32_000_000

_local_copies: OrderedDict[str, tuple[float, str | bytes]] = OrderedDict()
_local_size = 0
_local_lock = threading.Lock()


def _local_copy(key: str) -> str | bytes | None:
    with _local_lock:
        found = _local_copies.get(key)
        if found is None:
            return None
        expires, value = found
        if expires <= time.monotonic():
            _forget_local_copy(key)
            return None
        _local_copies.move_to_end(key)
        return value


def _keep_local_copy(key: str, value: str | bytes) -> None:
    global _local_size
    if len(value) > LOCAL_COPIES_SIZE // 4:
        return
    with _local_lock:
        _forget_local_copy(key)
        _local_copies[key] = (time.monotonic() + FRAGMENT_TIMEOUT, value)
        _local_size += len(value)
        while _local_size > LOCAL_COPIES_SIZE:
            _forget_local_copy(next(iter(_local_copies)))


def _forget_local_copy(key: str) -> None:
    global _local_size
    found = _local_copies.pop(key, None)
    if found is not None:
        _local_size -= len(found[1])


def forget_local_copies() -> None:
    """Drop this process's copies (tests clearing the cache between cases)."""
    with _local_lock:
        while _local_copies:
            _forget_local_copy(next(iter(_local_copies)))


Rendered = TypeVar("Rendered", str, bytes)


def cached_discussion(article_id: int, variant: str, render: Callable[[], Rendered]) -> Rendered:
    """A rendered piece of an article's discussion, shared by every reader it looks the same to.

    `variant` names everything else the HTML depends on (sort, page, language...). The key
    carries the discussion version: a write bumps it when it commits, so the next request on
    every process and host renders afresh, and copies under older versions simply expire.
    Render, then store: a write that commits meanwhile has bumped the version already, so a
    copy rendered from older rows is stored under a key no reader asks for any more.
    """
    key = f"discussion:{article_id}:{discussion_version(article_id)}:{variant}"
    html = _local_copy(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            html = render()
            cache.set(key, html, FRAGMENT_TIMEOUT)
        _keep_local_copy(key, html)
    return html
