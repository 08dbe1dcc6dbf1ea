from datetime import timedelta
from uuid import uuid4

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests.builders import make_article, make_comment, make_user

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def veteran(db):
    return make_user("veteran", date_joined=timezone.now() - timedelta(days=30))


@pytest.fixture
def newcomer(db):
    return make_user("newcomer")  # joined just now


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def limits(settings):
    settings.COMMENTS_PER_MINUTE = 3
    settings.NEW_ACCOUNT_COMMENTS_PER_MINUTE = 1
    return settings


@pytest.fixture(params=["database", "redis"])
def counter(request, limits):
    """Each test runs twice: counting in the database, and with atomic counters in Redis."""
    if request.param == "redis":
        redis = pytest.importorskip("redis")
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            pytest.skip(f"no Redis at {REDIS_URL}")
        limits.REDIS_URL = REDIS_URL
        limits.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"test-{uuid4()}",  # no test sees another's counters
            }
        }
    else:
        limits.REDIS_URL = ""
    yield request.param
    if request.param == "redis":
        cache.clear()


def post(client, article, body: str, **extra):
    return client.post(reverse("comments:comment_on_article", args=[article.slug]), {"body": body, **extra})


def test_posting_past_the_limit_gets_a_429_that_says_when_and_keeps_the_text(client, veteran, article, counter):
    client.force_login(veteran)
    for number in range(3):
        assert post(client, article, f"Comment {number}").status_code == 302
    response = post(client, article, "One too many")
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 60
    page = response.content.decode()
    assert "at most 3 comments a minute" in page
    assert f"wait {retry_after} second" in page
    assert "One too many" in page
    assert Comment.objects.count() == 3


def test_accounts_less_than_a_day_old_get_the_stricter_limit(client, newcomer, article, counter):
    client.force_login(newcomer)
    assert post(client, article, "Hello, first post").status_code == 302
    response = post(client, article, "And another")
    assert response.status_code == 429
    assert "at most 1 comment a minute" in response.content.decode()


def test_replies_and_top_level_comments_share_the_limit(client, veteran, article, counter):
    parent = make_comment(article)
    client.force_login(veteran)
    post(client, article, "One")
    client.post(reverse("comments:reply", args=[parent.pk]), {"body": "Two"})
    post(client, article, "Three")
    assert client.post(reverse("comments:reply", args=[parent.pk]), {"body": "Four"}).status_code == 429


def test_the_limit_is_per_user(client, veteran, article, counter):
    other = make_user("other", date_joined=timezone.now() - timedelta(days=30))
    client.force_login(veteran)
    for number in range(3):
        post(client, article, f"Mine {number}")
    client.force_login(other)
    assert post(client, article, "Theirs").status_code == 302


def test_a_resent_form_past_the_limit_finds_its_comment_instead_of_a_429(client, veteran, article, counter):
    client.force_login(veteran)
    key = str(uuid4())
    first = post(client, article, "Keyed", submission_key=key)
    post(client, article, "Two")
    post(client, article, "Three")
    again = post(client, article, "Keyed", submission_key=key)
    assert again.status_code == 302
    assert again["Location"] == first["Location"]


def test_a_slot_frees_once_a_minute_has_passed_since_the_oldest_post(client, veteran, article, counter, clock):
    client.force_login(veteran)
    for number in range(3):
        post(client, article, f"Comment {number}")
        clock.advance(1)
    assert post(client, article, "Blocked").status_code == 429
    clock.advance(56.5)  # 59.5 s after the first
    assert post(client, article, "Still blocked").status_code == 429
    clock.advance(0.5)
    assert post(client, article, "Allowed again").status_code == 302


def test_with_redis_unreachable_the_database_count_still_limits(client, veteran, article, limits):
    limits.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    limits.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": limits.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    client.force_login(veteran)
    for number in range(3):
        assert post(client, article, f"Comment {number}").status_code == 302
    assert post(client, article, "Blocked").status_code == 429
