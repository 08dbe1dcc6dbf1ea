"""Which services hold shared state, with and without REDIS_URL (read from a fresh process)."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache
from django.test import override_settings

# The test's own Redis database and key prefix, so parallel runs and other users of Redis are untouched.
SHARED_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13"),
        "KEY_PREFIX": f"forum-test-{os.getpid()}",
    }
}

SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps([s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.STORAGES['staticfiles']['BACKEND']]))"
)


def configured(**env: str) -> list[str]:
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environment.pop("PYTEST_CURRENT_TEST", None)
    result = subprocess.run(  # noqa: S603  a fixed command line
        [sys.executable, "manage.py", "shell", "--no-imports", "--command", SHOW],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_redis_the_cache_and_sessions_are_shared_between_hosts():
    cache, sessions, static = configured(REDIS_URL="redis://127.0.0.1:6379/13")
    assert cache == "django.core.cache.backends.redis.RedisCache"
    assert sessions == "django.contrib.sessions.backends.cached_db"
    assert static == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_without_redis_sessions_live_in_the_database_and_the_cache_in_memory():
    cache, sessions, _ = configured()
    assert cache == "django.core.cache.backends.locmem.LocMemCache"
    assert sessions == "django.contrib.sessions.backends.db"


@override_settings(CACHES=SHARED_CACHE, SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_a_session_is_read_from_redis_and_outlives_losing_it(db):
    made_on_one_host = SessionStore()
    made_on_one_host["_auth_user_id"] = "42"
    made_on_one_host.create()
    assert cache.get(made_on_one_host.cache_key)["_auth_user_id"] == "42"

    cache.delete(made_on_one_host.cache_key)  # Redis restarted, or the key evicted
    read_on_another = SessionStore(made_on_one_host.session_key)
    assert read_on_another["_auth_user_id"] == "42"
    made_on_one_host.delete()
