"""forum.pages.page_cache.cached_page: a shared copy per discussion version, and each process's own copies of it."""

import pytest
from django.core.cache import cache

from comments.discussion_version import discussion_changed, discussion_version
from forum.pages import page_cache
from forum.pages.page_cache import cached_page, forget_local_copies


@pytest.fixture(autouse=True)
def empty_caches():
    cache.clear()
    forget_local_copies()
    yield
    cache.clear()
    forget_local_copies()


class Renderer:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return f"rendering {self.calls}".encode()


def test_the_copy_is_rendered_once_then_served(db):
    render = Renderer()
    assert cached_page(1, "old:1", render) == b"rendering 1"
    assert cached_page(1, "old:1", render) == b"rendering 1"
    assert cached_page(1, "new:1", render) == b"rendering 2"  # another variant, another copy
    assert render.calls == 2


def test_a_committed_write_makes_the_next_request_render_afresh(db, django_capture_on_commit_callbacks):
    render = Renderer()
    cached_page(1, "old:1", render)
    with django_capture_on_commit_callbacks(execute=True):
        discussion_changed(1)
    assert cached_page(1, "old:1", render) == b"rendering 2"
    assert cached_page(2, "old:1", render) == b"rendering 3"  # every article has its own version


def test_another_process_copy_comes_from_the_shared_cache(db):
    render = Renderer()
    cached_page(1, "old:1", render)
    forget_local_copies()  # as a fresh worker would start
    assert cached_page(1, "old:1", render) == b"rendering 1"
    assert render.calls == 1


def test_a_local_copy_is_served_without_the_shared_cache_until_it_expires(db, monkeypatch):
    render = Renderer()
    cached_page(1, "old:1", render)
    cache.delete(f"page:1:{discussion_version(1)}:old:1")  # the shared copy gone (evicted, say)
    assert cached_page(1, "old:1", render) == b"rendering 1"
    later = page_cache.time.monotonic() + page_cache.PAGE_TIMEOUT + 1
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    assert cached_page(1, "old:1", render) == b"rendering 2"


def test_local_copies_stay_within_their_size(db, monkeypatch):
    monkeypatch.setattr(page_cache, "LOCAL_COPIES_SIZE", 400)
    for article_id in range(1, 6):
        cached_page(article_id, "old:1", lambda: b"x" * 100)
    assert page_cache._local_size <= 400
    assert len(page_cache._local_copies) == 4
