"""Searches are limited per client address: the one past the limit gets 429 and when to retry."""

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_searches_past_the_limit_are_refused_with_retry_after(client, settings):
    settings.SEARCHES_PER_MINUTE = 3
    for _ in range(3):
        assert client.get(reverse("search:search"), {"q": "word"}).status_code == 200
    refused = client.get(reverse("search:search"), {"q": "word"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many searches" in refused.content.decode()


def test_the_limit_counts_each_address_apart(client, settings):
    settings.SEARCHES_PER_MINUTE = 1
    assert client.get(reverse("search:search"), {"q": "word"}, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(reverse("search:search"), {"q": "word"}, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get(reverse("search:search"), {"q": "word"}, REMOTE_ADDR="10.0.0.1").status_code == 429


def test_an_empty_query_costs_nothing(client, settings):
    settings.SEARCHES_PER_MINUTE = 1
    for _ in range(3):
        assert client.get(reverse("search:search"), {"q": ""}).status_code == 200
    assert client.get(reverse("search:search"), {"q": "word"}).status_code == 200
