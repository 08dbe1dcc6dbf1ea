"""How many searches one client address may run a minute: a search costs far more than a page."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from forum.accounts.addresses import client_ip

WINDOW_SECONDS = 60


def retry_after(request: HttpRequest) -> int | None:
    """Count this search against its address; seconds to wait if it is one too many, else None."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"search-rate:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this one starts the count again
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    if count > settings.SEARCHES_PER_MINUTE:
        return max(1, int((window + 1) * WINDOW_SECONDS - now))
    return None
