import os
import uuid

import pytest
from django.core.management import call_command

from forum.articles.models import Article

SEED_SLUG = "putin-russia-will-not-persuade-iran-to-withdraw-from-syria"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests make hundreds of accounts; the production hasher is slow on purpose, and nothing
    # tested here depends on which hasher stored a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed_article(db) -> Article:
    call_command("load_seed", verbosity=0)
    return Article.objects.get(slug=SEED_SLUG)


@pytest.fixture
def alice(db):
    from tests.builders import make_user

    return make_user("alice")


@pytest.fixture
def bob(db):
    from tests.builders import make_user

    return make_user("bob")


def pytest_report_header(config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in the
# same test are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class FakeClock:
    """The rate limiter's time, moved by hand: tests step across minute boundaries without sleeping."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    from forum.throttle import window

    fake = FakeClock(1_800_000_000.0)  # a whole minute: tests that cross a boundary step to it on purpose
    monkeypatch.setattr(window, "clock", fake)
    return fake


LIMITS_REDIS_URL = "redis://127.0.0.1:6379/7"


@pytest.fixture(params=["database", "redis"])
def limit_store(request, settings):
    """Each test runs twice: the sliding windows in the database, and in Redis (database 7, a prefix per test)."""
    if request.param == "redis":
        import redis

        try:
            redis.Redis.from_url(LIMITS_REDIS_URL, socket_connect_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            pytest.fail(f"no Redis at {LIMITS_REDIS_URL}: start one (the CI script does)")
        prefix = f"test-{uuid.uuid4()}"  # no test sees another's windows
        settings.REDIS_URL = LIMITS_REDIS_URL
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": LIMITS_REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
    else:
        settings.REDIS_URL = ""
    yield request.param
    if request.param == "redis":
        client = redis.Redis.from_url(LIMITS_REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
