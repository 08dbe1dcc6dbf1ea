"""The forum's settings plus what only the benchmark serves: the floor view and the recursetree baseline.

The benchmark's own views live in its own URLconf and template folder, so nothing
of it ships in the product.
"""

import os

from forum.settings import *  # noqa: F403
from forum.settings import BASE_DIR, CACHES, STATIC_ROOT, TEMPLATES, env_int

ROOT_URLCONF = "bench.urls"
WSGI_APPLICATION = "bench.wsgi.application"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# The whole discussion on one page: the worst case, and what the baseline renders too.
THREAD_PAGE_SIZE = env_int("FORUM_THREAD_PAGE_SIZE", 1_000_000)
THREAD_PAGE_COMMENTS = env_int("FORUM_THREAD_PAGE_COMMENTS", 1_000_000)

# Every process of one run (the runner, its gunicorn workers) shares one prefix, so a run
# never reads what another run, or a test, left in a shared Redis.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "bench")
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)

# The bench posts hundreds of replies from one address and one account: no rate limit applies to it.
COMMENTS_PER_MINUTE = NEW_ACCOUNT_COMMENTS_PER_MINUTE = 1_000_000
ADDRESS_COMMENTS_PER_MINUTE = 0
