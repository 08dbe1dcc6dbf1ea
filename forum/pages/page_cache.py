"""The one page cache: anonymous readers with nothing of their own on a page share one copy of it.

The rule for what may be shared is `is_shared()`: no user, no message waiting, no query
parameter but the page and the sort (any other would change the page's own links, "Log in"
returns to the full path). A copy is keyed by the discussion's version
(comments.discussion_version), which every write moves when it commits, so the next request
on every process and host renders afresh, and copies under older versions simply expire.

Each process also keeps the copies it served last: the version is read from the shared cache
on every request, so a local copy is never served after a write, and a busy page skips
fetching its hundreds of KB each time.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language

from comments.discussion_version import discussion_version
from forum.articles.models import Article
from forum.replica import from_primary

SHARED_PAGE_PARAMETERS = frozenset({"page", "sort"})

# A copy is dropped after this long even if nothing was written: its relative times ("5 minutes
# ago") go stale that slowly at most (forum.js keeps them fresh in the browser), and so does a
# change no version move announces, such as an author's new username.
PAGE_TIMEOUT = 60

# Characters of copies each process keeps, in all.
LOCAL_COPIES_SIZE = 32_000_000

# Slugs of published articles this process served lately, with their ids: a shared page needs no
# query at all. Safe because saving or deleting an article moves its discussion version, so the
# copy an id leads to is re-rendered, and a gone or unpublished article answers 404 at once.
ARTICLE_IDS_KEPT = 10_000
_article_ids: dict[str, tuple[float, int]] = {}

_local_copies: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
_local_size = 0
_local_lock = threading.Lock()


def is_shared(request: HttpRequest) -> bool:
    """An anonymous reader with nothing of their own on the page: no message waiting, no other parameter."""
    return (
        settings.CACHE_DISCUSSIONS
        and not request.user.is_authenticated
        and set(request.GET) <= SHARED_PAGE_PARAMETERS
        and not len(messages.get_messages(request))  # len() reads them without marking them shown
    )


def shared_with_anonymous_readers(view: Callable[[HttpRequest, str], HttpResponse]):
    """Serve an article page (a view taking the article's slug) from the shared copy when `is_shared`."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str) -> HttpResponse:
        if not is_shared(request):
            return view(request, slug)
        article_id = published_article_id(slug)
        if article_id is None:
            raise Http404("No article has that address.")

        def render() -> bytes:
            # A copy is re-rendered after every write to the article: check afresh that the slug
            # still names it, so that no other article is ever stored under its key.
            _article_ids.pop(slug, None)
            if published_article_id(slug) != article_id:
                raise _SlugMoved
            return view(request, slug).content

        variant = (
            f"{request.get_full_path()}:{settings.THREAD_PAGE_SIZE}:{settings.THREAD_PAGE_COMMENTS}:{get_language()}"
        )
        try:
            # A copy shared under the new version must hold the write: rendered from the primary, not a replica.
            return HttpResponse(cached_page(article_id, variant, from_primary(render)))
        except _SlugMoved:
            return view(request, slug)

    return wrapper


class _SlugMoved(Exception):
    """The article a slug named was deleted, unpublished or renamed since this process looked it up."""


def published_article_id(slug: str) -> int | None:
    now = time.monotonic()
    found = _article_ids.get(slug)
    if found is not None and found[0] > now:
        return found[1]
    article_id = Article.objects.published().filter(slug=slug).values_list("pk", flat=True).first()
    if article_id is not None:
        if len(_article_ids) >= ARTICLE_IDS_KEPT:
            _article_ids.clear()
        _article_ids[slug] = (now + PAGE_TIMEOUT, article_id)
    return article_id


def cached_page(article_id: int, variant: str, render: Callable[[], bytes]) -> bytes:
    """A page of `article_id`'s, under its discussion version: this process's copy, else the shared
    one, else a fresh rendering stored in both. `variant` names everything else the page depends on.

    Render, then store: a write that commits meanwhile has moved the version already, so a
    copy rendered from older rows is stored under a key no reader asks for any more.
    """
    key = f"page:{article_id}:{discussion_version(article_id)}:{variant}"
    page = _local_copy(key)
    if page is None:
        page = cache.get(key)
        if page is None:
            page = render()
            cache.set(key, page, PAGE_TIMEOUT)
        _keep_local_copy(key, page)
    return page


def _local_copy(key: str) -> bytes | None:
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


def _keep_local_copy(key: str, value: bytes) -> None:
    global _local_size
    if len(value) > LOCAL_COPIES_SIZE // 4:
        return
    with _local_lock:
        _forget_local_copy(key)
        _local_copies[key] = (time.monotonic() + PAGE_TIMEOUT, value)
        _local_size += len(value)
        while _local_size > LOCAL_COPIES_SIZE:
            _forget_local_copy(next(iter(_local_copies)))


def _forget_local_copy(key: str) -> None:
    global _local_size
    found = _local_copies.pop(key, None)
    if found is not None:
        _local_size -= len(found[1])


def forget_local_copies() -> None:
    """Drop this process's copies and slugs (tests clearing the cache between cases)."""
    with _local_lock:
        while _local_copies:
            _forget_local_copy(next(iter(_local_copies)))
    _article_ids.clear()
