"""Posting from one place: opening more accounts buys no more posts, and a minute boundary buys none either."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests.builders import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article()


def client_at(address: str, user) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return client


def post(client: Client, article, body: str):
    return client.post(reverse("comments:comment_on_article", args=[article.slug]), {"body": body})


def veteran():
    return make_user(date_joined=timezone.now() - timedelta(days=30))


def test_many_accounts_from_one_address_share_the_address_limit(settings, article, clock, limit_store):
    settings.ADDRESS_COMMENTS_PER_MINUTE = 5
    accounts = [veteran() for _ in range(8)]
    statuses = [post(client_at("198.51.100.7", user), article, f"from {user.pk}").status_code for user in accounts]
    assert statuses == [302] * 5 + [429] * 3
    assert Comment.objects.count() == 5


def test_the_address_refusal_says_so_with_retry_after_and_keeps_the_text(settings, article, clock, limit_store):
    settings.ADDRESS_COMMENTS_PER_MINUTE = 2
    for _ in range(2):
        post(client_at("198.51.100.7", veteran()), article, "earlier")
        clock.advance(5)
    response = post(client_at("198.51.100.7", veteran()), article, "My own words")
    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    page = response.content.decode()
    assert "At most 2 comments a minute may be posted from one network address" in page
    assert "My own words" in page


def test_other_addresses_post_while_one_is_limited(settings, article, clock, limit_store):
    settings.ADDRESS_COMMENTS_PER_MINUTE = 1
    assert post(client_at("198.51.100.7", veteran()), article, "one").status_code == 302
    assert post(client_at("198.51.100.7", veteran()), article, "two").status_code == 429
    assert post(client_at("203.0.113.9", veteran()), article, "elsewhere").status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(settings, article, clock, limit_store):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ADDRESS_COMMENTS_PER_MINUTE = 1
    first = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    first.force_login(veteran())
    assert post(first, article, "one").status_code == 302
    # A forged first entry changes nothing: the proxy appended the real address last.
    second = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    second.force_login(veteran())
    assert post(second, article, "two").status_code == 429


def test_a_new_account_gets_no_fresh_allowance_across_a_minute_boundary(article, clock, limit_store):
    client = client_at("198.51.100.7", make_user())  # joined just now: 2 a minute
    clock.advance(59)
    assert post(client, article, "one").status_code == 302
    assert post(client, article, "two").status_code == 302
    clock.advance(1.5)  # into the next minute
    assert post(client, article, "three").status_code == 429
    assert post(client, article, "four").status_code == 429
    assert Comment.objects.count() == 2
