"""Cheap polling (ETag, Last-Modified, 304 until something changes) and reads from any origin without credentials."""

import pytest
from django.core.cache import cache

from tests.builders import make_article, make_comment, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def test_an_unchanged_discussion_answers_304_to_its_etag(client):
    article = make_article()
    make_comment(article)
    first = client.get(f"/a/{article.slug}.json")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(f"/a/{article.slug}.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    by_date = client.get(f"/a/{article.slug}.json", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304


def test_a_change_without_a_timestamp_still_gives_a_new_answer(client, alice):
    article = make_article()
    comment = make_comment(article, author=alice)
    first = client.get(f"/a/{article.slug}.json")
    comment.delete_by_author(by=alice)
    after = client.get(f"/a/{article.slug}.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]


def test_a_hide_changes_the_etag(client):
    article = make_article()
    comment = make_comment(article)
    first = client.get(f"/c/{comment.pk}.json")
    comment.hide(by=make_moderator(), reason="x")
    assert client.get(f"/c/{comment.pk}.json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_any_origin_may_read_without_credentials(client):
    article = make_article()
    response = client.get(f"/a/{article.slug}.json", HTTP_ORIGIN="https://elsewhere.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(f"/a/{article.slug}.json", HTTP_ORIGIN="https://elsewhere.example")
    assert preflight.status_code == 204
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_the_html_pages_do_not_allow_other_origins(client):
    article = make_article()
    assert "Access-Control-Allow-Origin" not in client.get(article.get_absolute_url())
